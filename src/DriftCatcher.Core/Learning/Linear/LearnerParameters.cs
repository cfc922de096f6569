using System.Globalization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>Reads learner parameters (key=value strings), rejecting unknown keys and bad values by name.</summary>
internal sealed class LearnerParameters
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly string _algorithm;

    public LearnerParameters(string algorithm, IReadOnlyDictionary<string, string> values, params string[] known)
    {
        _algorithm = algorithm;
        _values = values;
        foreach (var key in values.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var list = known.Length == 0 ? "none" : string.Join(", ", known);
                throw new InputDataException($"unknown parameter '{key}' for {algorithm} (known: {list})");
            }
        }
    }

    public double Double(string key, double fallback, double min, double max)
    {
        if (!_values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new InputDataException($"parameter '{key}' of {_algorithm} must be a number in [{min}, {max}], not '{text}'");
        }

        return value;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InputDataException($"parameter '{key}' of {_algorithm} must be an integer in [{min}, {max}], not '{text}'");
        }

        return value;
    }
}
