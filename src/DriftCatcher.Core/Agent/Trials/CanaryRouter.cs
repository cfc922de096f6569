using System.Text;

namespace DriftCatcher.Core.Agent.Trials;

/// <summary>
/// Decides which rows a canary candidate serves: a hash of the prediction id against the share, so the
/// same id always goes the same way (on any node, in any replay) and about <c>share</c> of the rows go to
/// the candidate.
/// </summary>
public static class CanaryRouter
{
    /// <summary>True when the row with <paramref name="predictionId"/> is served by the canary candidate.</summary>
    public static bool ServesCandidate(string predictionId, double share)
    {
        ArgumentNullException.ThrowIfNull(predictionId);
        if (share <= 0)
        {
            return false;
        }

        return share >= 1 || Unit(predictionId) < share;
    }

    /// <summary>The id's position in [0, 1): FNV-1a over its UTF-8 bytes, then a SplitMix64 finalizer so short numeric ids spread evenly.</summary>
    internal static double Unit(string predictionId)
    {
        var h = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(predictionId) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(predictionId, buffer)] : Encoding.UTF8.GetBytes(predictionId);
        foreach (var b in bytes)
        {
            h ^= b;
            h *= 1099511628211UL;
        }

        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (h >> 11) * (1.0 / (1UL << 53));
    }
}
