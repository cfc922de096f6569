using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Core.Quality;

/// <summary>One way a pipeline changes a column's unit: new value = <see cref="Scale"/> × old + <see cref="Offset"/>.</summary>
public sealed record UnitConversion(string Name, double Scale, double Offset)
{
    /// <summary>The value in the reference's unit of a value the window delivered.</summary>
    public double Undo(double value) => (value - Offset) / Scale;
}

/// <summary>A window column that the reference explains once a unit conversion is undone.</summary>
public sealed record UnitMatch(UnitConversion Conversion, double KsAsIs, double KsUndone, double Threshold, int Values);

/// <summary>
/// Unit changes by a factor other than a power of ten — inches and centimetres, miles and kilometres, pounds and
/// kilograms, minutes and seconds, °C and °F — which the quartile check of <c>scale_change</c> leaves alone (it
/// only takes factors near 10^k, because new traffic moves a skewed column's quartiles alike by arbitrary factors).
/// The test here is stricter, so it can take named factors: as delivered, the window's distribution is far from the
/// reference's (two-sample KS D against the reference percentiles at least <see cref="MinKsAsIs"/> and twice the
/// critical value), and once the conversion is undone it is indistinguishable from it (KS D under the critical
/// value at α = <see cref="Alpha"/>, plus the percentile grid's resolution). New traffic or a shift of the world
/// changes the shape, so it does not come back to the reference under any of these conversions.
/// </summary>
public static class UnitConversions
{
    /// <summary>The evidence key that marks a <c>scale_change</c> finding as made by this check.</summary>
    public const string EvidenceKey = "ks_undone";

    /// <summary>Finite window values needed: the KS critical value at 100 values is about 0.2.</summary>
    public const int MinValues = 100;

    /// <summary>Significance of the "indistinguishable once undone" test.</summary>
    public const double Alpha = 0.001;

    /// <summary>The smallest KS D as delivered: a change smaller than that is not worth calling a unit change.</summary>
    public const double MinKsAsIs = 0.25;

    /// <summary>The reference is known through its 99 percentiles: its CDF is off by at most about one percent.</summary>
    private const double GridResolution = 0.011;

    /// <summary>
    /// The conversions tried, both ways: length, mass, volume, energy, speed, time, data and temperature. Powers
    /// of ten are in the list too (a window the quartile check could not decide, e.g. a skewed column, is decided
    /// here by its whole shape).
    /// </summary>
    public static IReadOnlyList<UnitConversion> Known { get; } = Build();

    /// <summary>
    /// The known conversion that brings <paramref name="sortedWindow"/> (the window's finite values, sorted) back to
    /// the reference whose percentiles p1 … p99 are <paramref name="referencePercentiles"/>; null when none does, when
    /// the window is no different from the reference as delivered, or with fewer than <see cref="MinValues"/> values.
    /// </summary>
    public static UnitMatch? Find(IReadOnlyList<double> referencePercentiles, ReadOnlySpan<double> sortedWindow, long referenceValues)
    {
        ArgumentNullException.ThrowIfNull(referencePercentiles);
        if (sortedWindow.Length < MinValues || referencePercentiles.Count != 99)
        {
            return null;
        }

        double[] reference = [.. referencePercentiles];
        var threshold = DriftStatistics.KolmogorovSmirnovCriticalValue(Alpha, Math.Max(referenceValues, reference.Length), sortedWindow.Length) + GridResolution;
        var asIs = DriftStatistics.KolmogorovSmirnov(reference, sortedWindow).Statistic;
        if (asIs < Math.Max(MinKsAsIs, 2 * threshold))
        {
            return null;
        }

        var referenceVentiles = new double[19];
        var windowVentiles = new double[19];
        for (var k = 1; k <= 19; k++)
        {
            referenceVentiles[k - 1] = reference[(5 * k) - 1];
            windowVentiles[k - 1] = DriftStatistics.Quantile(sortedWindow, k / 20.0);
        }

        UnitMatch? best = null;
        foreach (var conversion in Known)
        {
            // The window's ventiles pin the factor first (a rescale by 1.5 is not miles to kilometres, whatever the
            // KS test says), then its whole shape must come back to the reference, and only under this factor: a
            // heavy-tailed column that comes back under factors 15 % apart cannot tell a unit from a rescale.
            if (Math.Abs((FactorGiven(referenceVentiles, windowVentiles, conversion.Offset) / conversion.Scale) - 1) > FactorTolerance)
            {
                continue;
            }

            var d = KsUndone(reference, sortedWindow, conversion);
            if (d <= threshold && (best is null || d < best.KsUndone)
                && KsUndone(reference, sortedWindow, conversion with { Scale = conversion.Scale * Identified }) > threshold
                && KsUndone(reference, sortedWindow, conversion with { Scale = conversion.Scale / Identified }) > threshold)
            {
                best = new UnitMatch(conversion, asIs, d, threshold, sortedWindow.Length);
            }
        }

        return best;
    }

    /// <summary>
    /// How far the fitted factor may be from a conversion's (relative): about two standard errors for a 500-row window
    /// of a uniform column, while the listed factors that could be confused lie 12–15 % apart.
    /// </summary>
    private const double FactorTolerance = 0.06;


    /// <summary>Factors this far apart (×/÷ 1.15) must no longer bring the window back to the reference.</summary>
    private const double Identified = 1.15;

    private static double KsUndone(double[] reference, ReadOnlySpan<double> sortedWindow, UnitConversion conversion)
    {
        var undone = new double[sortedWindow.Length];
        for (var i = 0; i < undone.Length; i++)
        {
            undone[i] = conversion.Undo(sortedWindow[i]); // Scale > 0: the order is kept
        }

        return DriftStatistics.KolmogorovSmirnov(reference, undone).Statistic;
    }

    /// <summary>
    /// The factor that best maps the reference's ventiles on the window's given the conversion's offset (least
    /// squares through that offset): with one parameter instead of a free line it is about twice as precise, which
    /// is what tells ×1.5 from ×1.609 on a 500-row window.
    /// </summary>
    private static double FactorGiven(double[] reference, double[] window, double offset)
    {
        double sxy = 0, sxx = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            sxy += reference[i] * (window[i] - offset);
            sxx += reference[i] * reference[i];
        }

        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    private static List<UnitConversion> Build()
    {
        (string From, string To, double Scale, double Offset)[] forward =
        [
            ("in", "cm", 2.54, 0), ("in", "mm", 25.4, 0), ("in", "m", 0.0254, 0), ("ft", "m", 0.3048, 0), ("ft", "cm", 30.48, 0),
            ("ft", "in", 12, 0), ("mi", "km", 1.609344, 0), ("mi", "m", 1609.344, 0), ("mi", "ft", 5280, 0), ("nmi", "km", 1.852, 0),
            ("lb", "kg", 0.45359237, 0), ("lb", "g", 453.59237, 0), ("lb", "oz", 16, 0), ("oz", "g", 28.349523125, 0),
            ("gal", "L", 3.785411784, 0), ("kcal", "kJ", 4.184, 0), ("kcal", "J", 4184, 0), ("kWh", "MJ", 3.6, 0),
            ("m/s", "km/h", 3.6, 0), ("min", "s", 60, 0), ("h", "s", 3600, 0), ("d", "h", 24, 0), ("d", "min", 1440, 0), ("d", "s", 86400, 0),
            ("week", "d", 7, 0), ("byte", "bit", 8, 0), ("KiB", "B", 1024, 0), ("MiB", "B", 1048576, 0),
            ("°C", "°F", 1.8, 32), ("°C", "K", 1, 273.15), ("°F", "K", 5.0 / 9, 459.67 * 5 / 9),
        ];
        var list = new List<UnitConversion>();
        void Add(string name, double scale, double offset)
        {
            // One factor, several units (3.6: m/s to km/h, kWh to MJ): one conversion that names them all.
            var same = list.FindIndex(c => Math.Abs((c.Scale / scale) - 1) < 1e-9 && Math.Abs(c.Offset - offset) < 1e-9);
            if (same < 0)
            {
                list.Add(new UnitConversion(name, scale, offset));
            }
            else
            {
                list[same] = list[same] with { Name = list[same].Name + " or " + name };
            }
        }

        foreach (var (from, to, scale, offset) in forward)
        {
            Add($"{from} → {to}", scale, offset);
            Add($"{to} → {from}", 1 / scale, -offset / scale);
        }

        for (var k = 1; k <= 9; k++)
        {
            var factor = Math.Pow(10, k);
            Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"×{factor:0}"), factor, 0);
            Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"÷{factor:0}"), 1 / factor, 0);
        }

        return list;
    }
}
