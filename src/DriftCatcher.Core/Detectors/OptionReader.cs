using System.Globalization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Detectors;

/// <summary>
/// Reads a detector's kebab-case options from strings. Unknown keys and unparsable values are
/// rejected with one line naming the key, the value and what is allowed.
/// </summary>
internal sealed class OptionReader
{
    private readonly string _detector;
    private readonly IReadOnlyDictionary<string, string> _options;

    public OptionReader(string detector, IReadOnlyDictionary<string, string>? options, IReadOnlyList<string> keys)
    {
        _detector = detector;
        _options = options ?? new Dictionary<string, string>();
        foreach (var key in _options.Keys)
        {
            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                throw new InputDataException(
                    $"unknown option '{key}' for detector '{detector}'; allowed: {string.Join(", ", keys)}");
            }
        }
    }

    public double Double(string key, double fallback)
    {
        if (!_options.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Invalid(_detector, key, text, "a finite number");
        }

        return value;
    }

    public int Int(string key, int fallback)
    {
        if (!_options.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(_detector, key, text, "an integer");
        }

        return value;
    }

    public long Long(string key, long fallback)
    {
        if (!_options.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(_detector, key, text, "an integer");
        }

        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        if (!_options.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw Invalid(_detector, key, text, "true, false"),
        };
    }

    public ChangeDirection Direction(string key, ChangeDirection fallback)
    {
        if (!_options.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "up" => ChangeDirection.Up,
            "down" => ChangeDirection.Down,
            "both" => ChangeDirection.Both,
            _ => throw Invalid(_detector, key, text, "up, down, both"),
        };
    }

    public static InputDataException Invalid(string detector, string key, string value, string allowed) =>
        new($"option '{key}' of detector '{detector}': '{value}' is not valid; allowed: {allowed}");

    public static InputDataException Invalid(string detector, string key, double value, string allowed) =>
        Invalid(detector, key, value.ToString("R", CultureInfo.InvariantCulture), allowed);

    public static void Require(bool ok, string detector, string key, double value, string allowed)
    {
        if (!ok)
        {
            throw Invalid(detector, key, value, allowed);
        }
    }

    public static string Format(ChangeDirection direction) => direction switch
    {
        ChangeDirection.Up => "up",
        ChangeDirection.Down => "down",
        _ => "both",
    };
}
