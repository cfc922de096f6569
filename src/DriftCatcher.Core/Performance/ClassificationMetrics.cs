using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Performance;

/// <summary>
/// Scores of a classifier on labeled rows, defined as scikit-learn 1.2 defines them: the predicted class
/// is the arg max of the probabilities (first on ties); macro averages run over the classes present in
/// the labels or the predictions; log loss clips probabilities to [ε, 1 − ε] with ε the float64 machine epsilon (sklearn 1.2's eps="auto") and renormalizes
/// each row; Brier is the binary score on the positive class (class 1) for two classes and the mean
/// over rows of Σ_c (p_c − [y = c])² for more (twice the binary value when k = 2).
/// </summary>
public sealed record ClassificationMetrics
{
    /// <summary>The clipping bound of <see cref="LogLoss"/>.</summary>
    public const double LogLossEpsilon = 2.220446049250313e-16;

    public required int Rows { get; init; }

    public required int ClassCount { get; init; }

    public required double Accuracy { get; init; }

    public required double MacroPrecision { get; init; }

    public required double MacroRecall { get; init; }

    public required double MacroF1 { get; init; }

    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>
    /// ROC AUC of class 1 for two classes; the macro mean of one-vs-rest AUCs over the classes that occur
    /// and do not cover every row for more. Null when no class qualifies (one class only in the labels).
    /// </summary>
    public double? RocAuc { get; init; }

    public required double LogLoss { get; init; }

    public required double Brier { get; init; }

    /// <summary>
    /// Scores <paramref name="probabilities"/> (row-major, rows × <paramref name="classCount"/>) against
    /// the true class indices. Throws <see cref="InputDataException"/> for empty, misshapen or invalid input.
    /// </summary>
    public static ClassificationMetrics Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classCount)
    {
        var n = ProbabilityMatrix.Rows(probabilities, classCount);
        ProbabilityMatrix.CheckLabels(labels, n, classCount);
        if (n == 0)
        {
            throw new InputDataException("no rows to score");
        }

        var k = classCount;
        var truePositives = new int[k];
        var predicted = new int[k];
        var support = new int[k];
        var correct = 0;
        double logLoss = 0, brier = 0;
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * k, k);
            var y = labels[i];
            var p = ProbabilityMatrix.ArgMax(row);
            support[y]++;
            predicted[p]++;
            if (p == y)
            {
                correct++;
                truePositives[y]++;
            }

            logLoss += RowLogLoss(row, y);
            if (k == 2)
            {
                var d = row[1] - (y == 1 ? 1 : 0);
                brier += d * d;
            }
            else
            {
                for (var c = 0; c < k; c++)
                {
                    var d = row[c] - (c == y ? 1 : 0);
                    brier += d * d;
                }
            }
        }

        var perClass = new ClassMetrics[k];
        double sumP = 0, sumR = 0, sumF = 0;
        var present = 0;
        for (var c = 0; c < k; c++)
        {
            var precision = predicted[c] == 0 ? 0 : (double)truePositives[c] / predicted[c];
            var recall = support[c] == 0 ? 0 : (double)truePositives[c] / support[c];
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(c, support[c], predicted[c], precision, recall, f1);
            if (support[c] > 0 || predicted[c] > 0)
            {
                present++;
                sumP += precision;
                sumR += recall;
                sumF += f1;
            }
        }

        return new ClassificationMetrics
        {
            Rows = n,
            ClassCount = k,
            Accuracy = (double)correct / n,
            MacroPrecision = sumP / present,
            MacroRecall = sumR / present,
            MacroF1 = sumF / present,
            PerClass = perClass,
            RocAuc = k == 2 ? OneVsRestAuc(labels, probabilities, k, 1) : MacroOneVsRestAuc(labels, probabilities, k),
            LogLoss = logLoss / n,
            Brier = brier / n,
        };
    }

    /// <summary>
    /// ROC AUC of <paramref name="positive"/> against the rest, scored by its probability column: the
    /// Mann–Whitney statistic with tied scores counting one half. Null when one side is empty.
    /// </summary>
    public static double? OneVsRestAuc(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classCount, int positive)
    {
        var n = labels.Length;
        var scores = new double[n];
        var isPositive = new bool[n];
        long positives = 0;
        for (var i = 0; i < n; i++)
        {
            scores[i] = probabilities[(i * classCount) + positive];
            isPositive[i] = labels[i] == positive;
            positives += isPositive[i] ? 1 : 0;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        Array.Sort(scores, isPositive);

        // Walk groups of equal scores upwards: each positive beats every negative below its group and
        // ties half of the negatives inside it.
        double wins = 0;
        long negativesBelow = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            long groupPositives = 0;
            while (end < n && scores[end] == scores[start])
            {
                groupPositives += isPositive[end] ? 1 : 0;
                end++;
            }

            long groupNegatives = end - start - groupPositives;
            wins += (groupPositives * (double)negativesBelow) + (0.5 * groupPositives * groupNegatives);
            negativesBelow += groupNegatives;
            start = end;
        }

        return wins / ((double)positives * negatives);
    }

    private static double? MacroOneVsRestAuc(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int k)
    {
        double sum = 0;
        var count = 0;
        for (var c = 0; c < k; c++)
        {
            if (OneVsRestAuc(labels, probabilities, k, c) is { } auc)
            {
                sum += auc;
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }

    private static double RowLogLoss(ReadOnlySpan<double> row, int y)
    {
        double total = 0;
        for (var c = 0; c < row.Length; c++)
        {
            total += Math.Clamp(row[c], LogLossEpsilon, 1 - LogLossEpsilon);
        }

        return -Math.Log(Math.Clamp(row[y], LogLossEpsilon, 1 - LogLossEpsilon) / total);
    }
}
