using System.Globalization;

namespace DriftCatcher.Twin.Reporting;

/// <summary>A vertical axis: values from <see cref="Low"/> to <see cref="High"/> drawn between the plot's bottom and top.</summary>
internal sealed record ValueScale(double Low, double High, double Top, double Bottom)
{
    /// <summary>No axis needs more ticks; the bound also ends the tick loop on any range.</summary>
    private const int MaxTicks = 50;

    /// <summary>
    /// The plot coordinate of <paramref name="v"/>, clamped into the plot. A value the axis cannot place (NaN, or any
    /// value on an empty or non-finite axis) sits on the bottom line rather than becoming a NaN coordinate.
    /// </summary>
    public double Y(double v)
    {
        if (double.IsNaN(v) || !IsUsable)
        {
            return Bottom;
        }

        // Halved so that High − Low cannot overflow on an axis spanning ±MaxValue.
        var share = ((Math.Clamp(v, Low, High) / 2) - (Low / 2)) / ((High / 2) - (Low / 2));
        return Bottom - (share * (Bottom - Top));
    }

    /// <summary>A 0..1 scale that starts at the tenth below the lowest value, so small differences stay visible.</summary>
    public static ValueScale ForFractions(IEnumerable<double> values, double top, double bottom)
    {
        var min = values.Where(double.IsFinite).DefaultIfEmpty(0).Min();
        var low = Math.Clamp(Math.Floor((min - 0.02) * 10) / 10, 0, 0.8);
        return new ValueScale(low, 1, top, bottom);
    }

    /// <summary>
    /// A 0..max scale rounded up to a 1-2-5 step. A max that is not a positive number gives 0..1; an infinite or
    /// overflowing one the largest finite axis (an overflowed MAE then draws at the top instead of looping forever).
    /// </summary>
    public static ValueScale ZeroTo(double max, double top, double bottom)
    {
        if (double.IsPositiveInfinity(max))
        {
            max = double.MaxValue;
        }
        else if (!(max > 0))
        {
            max = 1;
        }

        var step = NiceStep(max / 4);
        var high = Math.Max(step, Math.Ceiling(max / step) * step);
        return new ValueScale(0, double.IsFinite(high) ? high : max, top, bottom);
    }

    /// <summary>
    /// About <paramref name="about"/> ticks on a 1-2-5 step, never more than <see cref="MaxTicks"/>: none for a
    /// non-finite axis, the one value of an empty one. Counted, not accumulated, so a step smaller than the
    /// spacing of doubles at the axis' values cannot stall the loop.
    /// </summary>
    public IEnumerable<double> Ticks(int about = 5)
    {
        if (!double.IsFinite(Low) || !double.IsFinite(High) || High < Low)
        {
            yield break;
        }

        if (!IsUsable)
        {
            yield return Low;
            yield break;
        }

        var span = High - Low;
        var step = NiceStep(double.IsFinite(span) ? span / about : (High / about) - (Low / about));
        // Rounded to a few places below the step, to drop the noise of i × step (0.6000000000000001); a step
        // too small for Math.Round's 15 places is left as it is.
        var digits = 2 - Math.Floor(Math.Log10(step));
        var first = Math.Ceiling((Low / step) - 1e-9) * step;
        var count = Math.Floor(((High - first) / step) + 1e-9);
        if (!double.IsFinite(first) || !(count >= 0))
        {
            yield break;
        }

        var previous = double.NaN;
        for (var i = 0; i <= Math.Min(count, MaxTicks - 1); i++)
        {
            // + 0.0 turns a -0 from the rounding into 0, so no axis reads "-0%".
            var raw = first + (i * step);
            var v = (digits <= 15 ? Math.Round(raw, (int)Math.Max(0, digits)) : raw) + 0.0;
            if (v == previous || !double.IsFinite(v))
            {
                // The step vanished in the rounding or the spacing of doubles: more ticks would repeat this one.
                yield break;
            }

            previous = v;
            yield return v;
        }
    }

    public string Format(double v, bool percent) => percent
        ? (v * 100).ToString(High - Low < 0.1 ? "0.#" : "0", CultureInfo.InvariantCulture) + "%"
        : Html.Number(v);

    private bool IsUsable => double.IsFinite(Low) && double.IsFinite(High) && High > Low;

    private static double NiceStep(double raw)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return 0.1;
        }

        var p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }
}
