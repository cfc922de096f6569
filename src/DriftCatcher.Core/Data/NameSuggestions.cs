namespace DriftCatcher.Core.Data;

/// <summary>Finds the name a typo most likely meant, for error messages ("did you mean 'detection'?").</summary>
public static class NameSuggestions
{
    /// <summary>The largest edit distance still taken for a typo.</summary>
    public const int MaxDistance = 2;

    /// <summary>
    /// The known name nearest to <paramref name="given"/> (case-insensitive Levenshtein distance, ties to the first),
    /// or null when none is within <see cref="MaxDistance"/> edits.
    /// </summary>
    public static string? Nearest(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var d = EditDistance(given.ToLowerInvariant(), name.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = name;
                bestDistance = d;
            }
        }

        return bestDistance <= MaxDistance ? best : null;
    }

    /// <summary>"; did you mean 'x'?" for the nearest known name, or an empty string.</summary>
    public static string DidYouMean(string given, IEnumerable<string> known) =>
        Nearest(given, known) is { } name ? $"; did you mean '{name}'?" : string.Empty;

    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
