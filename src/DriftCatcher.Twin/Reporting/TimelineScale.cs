namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// The shared horizontal axis of every chart of a report: batches laid out left to right with half a
/// batch of room on each side, so charts stacked on the page line up batch for batch.
/// </summary>
internal sealed class TimelineScale
{
    public const double Width = 1000;
    public const double Left = 64;
    public const double Right = 64;

    public TimelineScale(int min, int max)
    {
        Min = min;
        Max = Math.Max(min, max);
    }

    public int Min { get; }

    public int Max { get; }

    public static double PlotWidth => Width - Left - Right;

    /// <summary>Width of one batch on the axis.</summary>
    public double Step => PlotWidth / (Max - Min + 1);

    public double X(double batch) => Left + ((batch - (Min - 0.5)) * Step);

    public static TimelineScale For(IEnumerable<int> batches)
    {
        var list = batches.ToList();
        return list.Count == 0 ? new TimelineScale(0, 0) : new TimelineScale(list.Min(), list.Max());
    }

    /// <summary>Tick batches on a 1-2-5 step, at most about a dozen.</summary>
    public IEnumerable<int> Ticks()
    {
        var step = SmallestStep(Max - Min + 1);
        var first = (int)Math.Ceiling(Min / (double)step) * step;
        for (var b = first; b <= Max; b += step)
        {
            yield return b;
        }
    }

    private static int SmallestStep(int span)
    {
        for (var p = 1; p <= 100_000_000; p *= 10)
        {
            foreach (var m in (int[])[1, 2, 5])
            {
                if (span / (m * p) <= 12)
                {
                    return m * p;
                }
            }
        }

        return 1_000_000_000;
    }
}
