using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Performance;

/// <summary>
/// Scores of a regressor: mean absolute error, root mean squared error and R² (1 − SS_res / SS_tot; when
/// the truth is constant, 1 for a perfect prediction and 0 otherwise, as scikit-learn reports it). Values beyond
/// 2^±400 (labels near 1e200, whose squared errors overflow, or near 1e-300, whose squares underflow) are scored
/// divided by a power of two, which is exact, and the errors multiplied back: R² needs no scaling back.
/// </summary>
public sealed record RegressionMetrics
{
    public required int Rows { get; init; }

    public required double Mae { get; init; }

    public required double Rmse { get; init; }

    public required double R2 { get; init; }

    /// <summary>Throws <see cref="InputDataException"/> for empty input, unequal lengths or non-finite values.</summary>
    public static RegressionMetrics Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        if (actual.Length != predicted.Length)
        {
            throw new InputDataException($"{actual.Length} actual values for {predicted.Length} predictions");
        }

        var n = actual.Length;
        if (n == 0)
        {
            throw new InputDataException("no rows to score");
        }

        double maxAbs = 0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(actual[i]))
            {
                throw new InputDataException($"row {i}: the actual value {actual[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a finite number");
            }

            if (!double.IsFinite(predicted[i]))
            {
                throw new InputDataException($"row {i}: the prediction is {predicted[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} (the model overflowed: are some values absurdly large, like 1e308?)");
            }

            maxAbs = Math.Max(maxAbs, Math.Max(Math.Abs(actual[i]), Math.Abs(predicted[i])));
        }

        // As written first; scaled only where that overflows or underflows (so a perfect 1e300 beside an error of
        // 1e-30 keeps its MAE of 5e-31, which the scaled sums would round away).
        var (absolute, squared, total) = Sums(actual, predicted, 0);
        var exponent = Statistics.DriftStatistics.SafeExponent(maxAbs);
        var errorsOff = exponent != 0 && (!double.IsFinite(squared) || (squared == 0 && absolute > 0));
        var spreadOff = exponent != 0 && (!double.IsFinite(total) || (total == 0 && !AllEqual(actual)));
        var (mae, rmse) = (absolute / n, Math.Sqrt(squared / n));
        if (errorsOff || spreadOff)
        {
            (absolute, squared, total) = Sums(actual, predicted, exponent);
            if (errorsOff)
            {
                (mae, rmse) = (Math.ScaleB(absolute / n, exponent), Math.ScaleB(Math.Sqrt(squared / n), exponent));
            }
        }

        return new RegressionMetrics
        {
            Rows = n,
            Mae = mae,
            Rmse = rmse,
            R2 = total == 0 ? (squared == 0 ? 1 : 0) : 1 - (squared / total),
        };
    }

    /// <summary>Σ|e|, Σe² and Σ(y − ȳ)² of the values divided by 2^<paramref name="exponent"/>.</summary>
    private static (double Absolute, double Squared, double Total) Sums(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int exponent)
    {
        var n = actual.Length;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += Statistics.DriftStatistics.ScaleDown(actual[i], exponent);
        }

        var mean = sum / n;
        double absolute = 0, squared = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var y = Statistics.DriftStatistics.ScaleDown(actual[i], exponent);
            var e = y - Statistics.DriftStatistics.ScaleDown(predicted[i], exponent);
            absolute += Math.Abs(e);
            squared += e * e;
            var d = y - mean;
            total += d * d;
        }

        return (absolute, squared, total);
    }

    private static bool AllEqual(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (v != values[0])
            {
                return false;
            }
        }

        return true;
    }
}
