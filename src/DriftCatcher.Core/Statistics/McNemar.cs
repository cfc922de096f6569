namespace DriftCatcher.Core.Statistics;

/// <summary>
/// McNemar's test of two models judged on the same rows, from the discordant pairs only (rows exactly one of
/// the two got right), in its normal approximation without continuity correction.
/// </summary>
public static class McNemar
{
    /// <summary>
    /// z for "the first model is better": <paramref name="onlyFirst"/> rows only it got right against
    /// <paramref name="onlySecond"/> rows only the other did; 0 without discordant rows.
    /// </summary>
    public static double Z(long onlyFirst, long onlySecond) =>
        onlyFirst + onlySecond == 0 ? 0 : (onlyFirst - onlySecond) / Math.Sqrt(onlyFirst + onlySecond);
}
