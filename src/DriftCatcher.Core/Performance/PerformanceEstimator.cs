using System.Text.Json;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Performance;

/// <summary>
/// Estimates a classifier's accuracy without labels, CBPE-style: on a labeled reference it fits a
/// calibrator mapping the model's probabilities to observed class frequencies — isotonic regression on
/// class 1's probability for two classes, vector scaling (<see cref="VectorScalingCalibrator"/>) for more.
/// A window's estimated accuracy is the mean calibrated probability of the class the model predicts.
/// Holds under covariate shift as long as P(y | model scores) stays put — true when the scores carry
/// everything the inputs say about y, however miscalibrated; it cannot see concept drift (P(y | x) moving).
/// Serializable with System.Text.Json (<see cref="ToJson"/>), so the agent can store it.
/// </summary>
public sealed record PerformanceEstimator
{
    public required int ClassCount { get; init; }

    /// <summary>Class 1's calibrator (two classes only).</summary>
    public IsotonicCalibrator? Isotonic { get; init; }

    /// <summary>The multiclass calibrator (three classes or more).</summary>
    public VectorScalingCalibrator? VectorScaling { get; init; }

    public required int ReferenceRows { get; init; }

    /// <summary>The realized accuracy on the reference: the natural baseline for <see cref="EstimatedPerformanceDrop"/>.</summary>
    public required double ReferenceAccuracy { get; init; }

    /// <summary>Fits on labeled reference rows (row-major probabilities, rows × <paramref name="classCount"/>).</summary>
    public static PerformanceEstimator Fit(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classCount)
    {
        var n = ProbabilityMatrix.Rows(probabilities, classCount);
        ProbabilityMatrix.CheckLabels(labels, n, classCount);
        if (n == 0)
        {
            throw new InputDataException("no labeled rows to calibrate the performance estimator on");
        }

        IsotonicCalibrator? isotonic = null;
        VectorScalingCalibrator? vectorScaling = null;
        if (classCount == 2)
        {
            var x = new double[n];
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = probabilities[(i * 2) + 1];
                y[i] = labels[i];
            }

            isotonic = IsotonicCalibrator.Fit(x, y);
        }
        else
        {
            vectorScaling = VectorScalingCalibrator.Fit(labels, probabilities, classCount);
        }

        var correct = 0;
        for (var i = 0; i < n; i++)
        {
            correct += ProbabilityMatrix.ArgMax(probabilities.Slice(i * classCount, classCount)) == labels[i] ? 1 : 0;
        }

        return new PerformanceEstimator
        {
            ClassCount = classCount,
            Isotonic = isotonic,
            VectorScaling = vectorScaling,
            ReferenceRows = n,
            ReferenceAccuracy = (double)correct / n,
        };
    }

    /// <summary>Estimated accuracy of unlabeled rows (row-major, rows × ClassCount); an empty window gives Rows = 0.</summary>
    public PerformanceEstimate Estimate(ReadOnlySpan<double> probabilities)
    {
        var n = ProbabilityMatrix.Rows(probabilities, ClassCount);
        if (n == 0)
        {
            return new PerformanceEstimate(0, 0, 0);
        }

        double sum = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            var c = CorrectProbability(probabilities.Slice(i * ClassCount, ClassCount));
            sum += c;
            variance += c * (1 - c);
        }

        return new PerformanceEstimate(n, sum / n, Math.Sqrt(variance) / n);
    }

    /// <summary>The calibrated probability that the model's prediction for one row is right.</summary>
    public double CorrectProbability(ReadOnlySpan<double> row)
    {
        if (row.Length != ClassCount)
        {
            throw new InputDataException($"a row of {row.Length} probabilities for a {ClassCount}-class estimator");
        }

        var predicted = ProbabilityMatrix.ArgMax(row);
        if (Isotonic is not null)
        {
            var p1 = Isotonic.Predict(row[1]);
            return predicted == 1 ? p1 : 1 - p1;
        }

        Span<double> calibrated = ClassCount <= 256 ? stackalloc double[ClassCount] : new double[ClassCount];
        VectorScaling!.Calibrate(row, calibrated);
        return calibrated[predicted];
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static PerformanceEstimator FromJson(string json) =>
        JsonSerializer.Deserialize<PerformanceEstimator>(json)
        ?? throw new InputDataException("the performance estimator JSON is empty");
}
