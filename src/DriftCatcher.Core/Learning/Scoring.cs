namespace DriftCatcher.Core.Learning;

/// <summary>
/// The few model metrics training and evaluation report, checked against scikit-learn 1.2.1
/// (tests/reference/linear). Kept small and internal so a shared metrics package can replace it.
/// </summary>
internal static class Scoring
{
    // scikit-learn 1.2's log_loss clips probabilities to [eps, 1 - eps], eps the float64 machine epsilon.
    private const double LogLossEpsilon = 2.220446049250313e-16;

    /// <summary>Scores row-major class probabilities (<paramref name="classes"/> per row) against class indices.</summary>
    public static ClassificationScores Classification(ReadOnlySpan<int> truth, ReadOnlySpan<double> probabilities, int classes)
    {
        var n = truth.Length;
        if (probabilities.Length != n * classes)
        {
            throw new ArgumentException("probabilities must hold one value per row and class", nameof(probabilities));
        }

        if (n == 0)
        {
            return new ClassificationScores(0, double.NaN, double.NaN, classes == 2 ? double.NaN : null, double.NaN);
        }

        var tp = new long[classes];
        var predicted = new long[classes];
        var actual = new long[classes];
        var correct = 0L;
        var logLoss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var best = ArgMax(row);
            var y = truth[i];
            predicted[best]++;
            actual[y]++;
            if (best == y)
            {
                correct++;
                tp[y]++;
            }

            // scikit-learn clips each probability and renormalises the row before taking the log.
            var sum = 0.0;
            for (var k = 0; k < classes; k++)
            {
                sum += Math.Clamp(row[k], LogLossEpsilon, 1 - LogLossEpsilon);
            }

            logLoss -= Math.Log(Math.Clamp(row[y], LogLossEpsilon, 1 - LogLossEpsilon) / sum);
        }

        // Macro F1 over the classes present in the truth or the predictions, as scikit-learn does.
        var f1Sum = 0.0;
        var present = 0;
        for (var k = 0; k < classes; k++)
        {
            if (actual[k] == 0 && predicted[k] == 0)
            {
                continue;
            }

            present++;
            var denominator = actual[k] + predicted[k];
            f1Sum += denominator == 0 ? 0 : 2.0 * tp[k] / denominator;
        }

        double? auc = null;
        if (classes == 2)
        {
            var positive = new double[n];
            var labels = new bool[n];
            for (var i = 0; i < n; i++)
            {
                positive[i] = probabilities[(i * 2) + 1];
                labels[i] = truth[i] == 1;
            }

            auc = RocAuc(labels, positive);
        }

        return new ClassificationScores(n, (double)correct / n, present == 0 ? double.NaN : f1Sum / present, auc, logLoss / n);
    }

    /// <summary>Area under the ROC curve by the rank-sum statistic, ties counted as half.</summary>
    public static double RocAuc(ReadOnlySpan<bool> positive, ReadOnlySpan<double> score)
    {
        var n = positive.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = score.ToArray();
        Array.Sort(keys, order);
        long positives = 0;
        var rankSum = 0.0;
        var at = 0;
        while (at < n)
        {
            var end = at + 1;
            while (end < n && keys[end] == keys[at])
            {
                end++;
            }

            // Tied scores share the average of their ranks (1-based).
            var rank = (at + 1 + end) / 2.0;
            for (var j = at; j < end; j++)
            {
                if (positive[order[j]])
                {
                    positives++;
                    rankSum += rank;
                }
            }

            at = end;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    public static RegressionScores Regression(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted)
    {
        var n = truth.Length;
        if (n == 0)
        {
            return new RegressionScores(0, double.NaN, double.NaN, double.NaN);
        }

        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            mean += truth[i];
        }

        mean /= n;
        double abs = 0, sq = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var e = truth[i] - predicted[i];
            abs += Math.Abs(e);
            sq += e * e;
            var d = truth[i] - mean;
            total += d * d;
        }

        // scikit-learn's r2 for a constant truth: 1 when the predictions are perfect, else 0.
        var r2 = total == 0 ? (sq == 0 ? 1.0 : 0.0) : 1 - (sq / total);
        return new RegressionScores(n, abs / n, Math.Sqrt(sq / n), r2);
    }

    /// <summary>The index of the largest value; the first one on ties.</summary>
    public static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }
}
