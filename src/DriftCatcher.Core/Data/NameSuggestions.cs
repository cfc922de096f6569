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

    /// <summary>The snake_case JSON fields <paramref name="type"/> reads: its public writable properties without [JsonIgnore], in declaration order.</summary>
    public static List<string> JsonFields(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return [.. type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(x => x.CanWrite && x.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length == 0)
            .Select(x => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(x.Name))];
    }

    /// <summary>
    /// The field a misspelt JSON name meant: the one nearest to the name as given or in snake_case
    /// ("maxPsi" → "max_psi"), within <see cref="MaxDistance"/> edits; null when none is.
    /// </summary>
    public static string? NearestJsonField(string given, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(given);
        var snake = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(given);
        var nearest = fields.Select(f => (Field: f, Distance: Math.Min(EditDistance(given, f), EditDistance(snake, f)))).OrderBy(x => x.Distance).FirstOrDefault();
        return nearest.Field is not null && nearest.Distance <= MaxDistance ? nearest.Field : null;
    }

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
