using System.Globalization;

namespace DriftCatcher.Twin.Reporting;

/// <summary>A vertical axis: values from <see cref="Low"/> to <see cref="High"/> drawn between the plot's bottom and top.</summary>
internal sealed record ValueScale(double Low, double High, double Top, double Bottom)
{
    public double Y(double v) => Bottom - ((Math.Clamp(v, Low, High) - Low) / (High - Low) * (Bottom - Top));

    /// <summary>A 0..1 scale that starts at the tenth below the lowest value, so small differences stay visible.</summary>
    public static ValueScale ForFractions(IEnumerable<double> values, double top, double bottom)
    {
        var min = values.DefaultIfEmpty(0).Min();
        var low = Math.Clamp(Math.Floor((min - 0.02) * 10) / 10, 0, 0.8);
        return new ValueScale(low, 1, top, bottom);
    }

    /// <summary>A 0..max scale rounded up to a 1-2-5 step.</summary>
    public static ValueScale ZeroTo(double max, double top, double bottom)
    {
        var step = NiceStep(max / 4);
        var high = Math.Max(step, Math.Ceiling(max / step) * step);
        return new ValueScale(0, high, top, bottom);
    }

    public IEnumerable<double> Ticks(int about = 5)
    {
        var step = NiceStep((High - Low) / about);
        var first = Math.Ceiling((Low - 1e-9) / step) * step;
        for (var v = first; v <= High + 1e-9; v += step)
        {
            // + 0.0 turns a -0 from the rounding into 0, so no axis reads "-0%".
            yield return Math.Round(v, 10) + 0.0;
        }
    }

    public string Format(double v, bool percent) => percent
        ? (v * 100).ToString(High - Low < 0.1 ? "0.#" : "0", CultureInfo.InvariantCulture) + "%"
        : Html.Number(v);

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
