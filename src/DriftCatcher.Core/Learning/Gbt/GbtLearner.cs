using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// Histogram-based gradient-boosted trees, modelled on scikit-learn's HistGradientBoosting estimators:
/// features binned to at most 255 bins plus a missing bin, leaf-wise growth limited by max-leaf-nodes,
/// shrinkage, L2 regularisation, min-samples-leaf, early stopping on validation loss, learned
/// directions for missing values and native categorical splits. Binary (log loss), multiclass
/// (softmax, one tree per class and iteration) and regression (squared error). Parameters use
/// sklearn's defaults: learning-rate 0.1, max-iter 100, max-leaf-nodes 31, min-samples-leaf 20, l2 0,
/// max-bins 255, early-stopping auto (on above 10,000 rows), n-iter-no-change 10, tol 1e-7,
/// validation-fraction 0.1, max-depth none. Deterministic for a given seed, whatever the thread schedule.
/// </summary>
public sealed class GbtLearner : ILearner
{
    public string Algorithm => "gbt";

    /// <summary>Threads used for binning, histograms and gradients (-1 = all cores). Results do not depend on it.</summary>
    internal int MaxDegreeOfParallelism { get; init; } = -1;

    public IPredictor Fit(TrainingData train, TrainingData? validation, IReadOnlyDictionary<string, string> parameters, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(parameters);
        var p = GbtParameters.Parse(parameters);
        Check(train, "training");
        if (validation is not null)
        {
            Check(validation, "validation");
            if (validation.Task != train.Task || validation.ClassCount != train.ClassCount)
            {
                throw new InputDataException("the validation data has a different task or class count than the training data");
            }
        }

        var early = p.EarlyStopping == EarlyStoppingMode.On
            || (p.EarlyStopping == EarlyStoppingMode.Auto && train.Features.RowCount > GbtParameters.AutoEarlyStoppingRows);
        if (!early)
        {
            validation = null;
        }
        else if (validation is null)
        {
            (train, validation) = Split(train, p.ValidationFraction, seed);
        }

        return GbtBooster.Train(train, validation, p, seed, MaxDegreeOfParallelism, cancellationToken);
    }

    private static void Check(TrainingData data, string what)
    {
        var rows = data.Features.RowCount;
        if (data.Features.Columns.Count == 0)
        {
            throw new InputDataException($"the {what} data has no feature columns");
        }

        if (rows == 0)
        {
            throw new InputDataException($"the {what} data has no rows");
        }

        if (data.Targets.Length != rows)
        {
            throw new InputDataException($"the {what} data has {data.Targets.Length} targets for {rows} rows");
        }

        if (data.Weights is { } w)
        {
            if (w.Length != rows)
            {
                throw new InputDataException($"the {what} data has {w.Length} weights for {rows} rows");
            }

            var total = 0.0;
            foreach (var x in w)
            {
                if (!double.IsFinite(x) || x < 0)
                {
                    throw new InputDataException($"the {what} data has a weight of {x}; weights must be finite and >= 0");
                }

                total += x;
            }

            if (total <= 0)
            {
                throw new InputDataException($"the {what} data's weights sum to zero");
            }
        }

        switch (data.Task)
        {
            case TaskKind.Regression:
                foreach (var t in data.Targets)
                {
                    if (!double.IsFinite(t))
                    {
                        throw new InputDataException($"the {what} data has a target of {t}; regression targets must be finite numbers");
                    }
                }

                break;
            case TaskKind.BinaryClassification or TaskKind.MulticlassClassification:
                var k = data.ClassCount;
                if (data.Task == TaskKind.BinaryClassification ? k != 2 : k < 2)
                {
                    throw new InputDataException($"{data.Task} needs {(data.Task == TaskKind.BinaryClassification ? "2 classes" : "at least 2 classes")}, not {k}");
                }

                foreach (var t in data.Targets)
                {
                    if (t < 0 || t >= k || t != Math.Floor(t))
                    {
                        throw new InputDataException($"the {what} data has a target of {t}; class targets must be indices from 0 to {k - 1}");
                    }
                }

                break;
            default:
                throw new InputDataException($"gbt cannot learn task {data.Task}");
        }
    }

    /// <summary>A seeded hold-out of about <paramref name="fraction"/> of the rows, stratified by class for classification; both parts keep row order.</summary>
    internal static (TrainingData Train, TrainingData? Validation) Split(TrainingData data, double fraction, int seed)
    {
        var n = data.Targets.Length;
        var rng = new Random(seed);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        rng.Shuffle(order);
        var isValidation = new bool[n];
        if (data.Task == TaskKind.Regression)
        {
            var take = (int)Math.Ceiling(n * fraction);
            for (var i = 0; i < take && i < n; i++)
            {
                isValidation[order[i]] = true;
            }
        }
        else
        {
            var perClass = new int[data.ClassCount];
            foreach (var t in data.Targets)
            {
                perClass[(int)t]++;
            }

            var quota = perClass.Select(c => (int)Math.Round(c * fraction, MidpointRounding.AwayFromZero)).ToArray();
            foreach (var i in order)
            {
                var c = (int)data.Targets[i];
                if (quota[c] > 0)
                {
                    quota[c]--;
                    isValidation[i] = true;
                }
            }
        }

        var validationRows = isValidation.Count(v => v);
        if (validationRows == 0 || validationRows == n)
        {
            // Too few rows to hold any out: train on all of them without early stopping.
            return (data, null);
        }

        var trainIdx = new int[n - validationRows];
        var validIdx = new int[validationRows];
        int a = 0, b = 0;
        for (var i = 0; i < n; i++)
        {
            if (isValidation[i])
            {
                validIdx[b++] = i;
            }
            else
            {
                trainIdx[a++] = i;
            }
        }

        return (Take(data, trainIdx), Take(data, validIdx));
    }

    private static TrainingData Take(TrainingData data, int[] rows)
    {
        var targets = new double[rows.Length];
        double[]? weights = data.Weights is null ? null : new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            targets[i] = data.Targets[rows[i]];
            if (weights is not null)
            {
                weights[i] = data.Weights![rows[i]];
            }
        }

        return new TrainingData(data.Features.Take(rows), targets, data.Task, data.Classes) { Weights = weights };
    }
}
