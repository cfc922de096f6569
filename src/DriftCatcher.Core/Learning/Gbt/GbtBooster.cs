namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>The boosting loop: gradients of the loss, one tree per output, early stopping on validation loss.</summary>
internal static class GbtBooster
{
    private const double TargetHigh = 1.152921504606847E+18; // 2^60
    private const double TargetLow = 8.673617379884035E-19; // 2^-60

    /// <summary>Rows per chunk when gradients are computed in parallel.</summary>
    private const int GradientChunk = 16_384;

    public static GbtPredictor Train(TrainingData train, TrainingData? validation, GbtParameters p, int seed, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var binned = BinnedData.Fit(train.Features, p.MaxBins, seed, maxDegreeOfParallelism);
        var loss = GbtLoss.For(train.Task, train.ClassCount);
        var outputs = loss.Outputs;
        var n = binned.Rows;
        // Gradients are single precision: regression targets beyond 2^±60 are learned divided by a power of two (exact),
        // and the model's outputs multiplied back, so 1e200 does not overflow a gradient nor 1e-45 underflow one to 0.
        var exponent = train.Task == TaskKind.Regression ? TargetScale.Exponent(train.Targets, TargetLow, TargetHigh) : 0;
        var y = TargetScale.Scaled(train.Targets, exponent);
        var validTargets = validation is null ? null : TargetScale.Scaled(validation.Targets, exponent);
        var w = train.Weights;
        var baseline = new double[outputs];
        loss.Baseline(y, w, baseline);

        var raw = NewRaw(outputs, n, baseline);
        var gh = new float[outputs][];
        for (var k = 0; k < outputs; k++)
        {
            gh[k] = new float[2 * n];
        }

        var constantHessian = loss.HasConstantHessian(w);
        BinnedData? binnedValidation = null;
        double[][]? rawValidation = null;
        List<double>? scores = null;
        if (validation is not null)
        {
            binnedValidation = BinnedData.Transform(binned.Binnings, validation.Features, maxDegreeOfParallelism);
            rawValidation = NewRaw(outputs, binnedValidation.Rows, baseline);
            scores = [-loss.MeanLoss(validTargets!, validation.Weights, rawValidation)];
        }

        var grower = new TreeGrower(binned, p, maxDegreeOfParallelism);
        var importance = new double[binned.Columns.Length];
        var trees = new List<GbtTree>(Math.Min(p.MaxIter, 1000) * outputs);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var chunks = (n + GradientChunk - 1) / GradientChunk;
        var iterations = 0;
        for (var iteration = 0; iteration < p.MaxIter; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunks > 2 && maxDegreeOfParallelism != 1)
            {
                Parallel.For(0, chunks, parallel, c =>
                    loss.Gradients(y, w, raw, gh, c * GradientChunk, Math.Min(n, (c + 1) * GradientChunk)));
            }
            else
            {
                loss.Gradients(y, w, raw, gh, 0, n);
            }

            for (var k = 0; k < outputs; k++)
            {
                trees.Add(grower.Grow(gh[k], constantHessian, raw[k], importance));
            }

            iterations++;
            if (binnedValidation is not null)
            {
                var missingBins = binnedValidation.NonMissingBins;
                for (var k = 0; k < outputs; k++)
                {
                    var tree = trees[^(outputs - k)];
                    var r = rawValidation![k];
                    for (var i = 0; i < r.Length; i++)
                    {
                        r[i] += tree.PredictBinned(binnedValidation.Columns, missingBins, i);
                    }
                }

                scores!.Add(-loss.MeanLoss(validTargets!, validation!.Weights, rawValidation!));
                if (ShouldStop(scores, p.NIterNoChange, p.Tol))
                {
                    break;
                }
            }
        }

        CheckFinite(raw, p, iterations);
        var total = importance.Sum();
        if (total > 0)
        {
            for (var f = 0; f < importance.Length; f++)
            {
                importance[f] /= total;
            }
        }

        if (exponent != 0)
        {
            baseline[0] = Math.ScaleB(baseline[0], exponent);
            foreach (var tree in trees)
            {
                for (var i = 0; i < tree.Nodes.Length; i++)
                {
                    tree.Nodes[i].Value = Math.ScaleB(tree.Nodes[i].Value, exponent);
                }
            }
        }

        return new GbtPredictor(train.Task, train.ClassCount, binned.Binnings, baseline, [.. trees], importance, iterations);
    }

    /// <summary>
    /// Refuses a model whose outputs overflowed under a learning rate above 1, which overshoots further at every step
    /// (squared loss diverges above 2): before, the model was kept and its NaN answers blamed the data ("row 0: the
    /// prediction is NaN … are some values absurdly large"). At a rate of 1 or less only absurd targets overflow, and
    /// the callers name the label column.
    /// </summary>
    private static void CheckFinite(double[][] raw, GbtParameters p, int iterations)
    {
        if (p.LearningRate <= 1 || raw.All(r => Array.TrueForAll(r, double.IsFinite)))
        {
            return;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        throw new Data.InputDataException(
            $"gbt: the model's outputs overflowed within {iterations.ToString(invariant)} iterations: learning-rate {p.LearningRate.ToString("R", invariant)} "
            + $"overshoots at every step (keep it at most 1; the default is {GbtParameters.DefaultLearningRate.ToString("R", invariant)})");
    }

    /// <summary>
    /// sklearn's rule: stop when none of the last <paramref name="noChange"/> scores beats the score
    /// just before them by more than <paramref name="tol"/> (scores are negative losses).
    /// </summary>
    internal static bool ShouldStop(IReadOnlyList<double> scores, int noChange, double tol)
    {
        var reference = noChange + 1;
        if (scores.Count < reference)
        {
            return false;
        }

        var referenceScore = scores[^reference] + tol;
        for (var i = scores.Count - noChange; i < scores.Count; i++)
        {
            if (scores[i] > referenceScore)
            {
                return false;
            }
        }

        return true;
    }

    private static double[][] NewRaw(int outputs, int rows, double[] baseline)
    {
        var raw = new double[outputs][];
        for (var k = 0; k < outputs; k++)
        {
            raw[k] = new double[rows];
            Array.Fill(raw[k], baseline[k]);
        }

        return raw;
    }
}
