using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Twin.Scenarios;

/// <summary>Reads and writes scenario JSON: snake_case names, unknown fields rejected, comments allowed.</summary>
public static class ScenarioJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Parses a scenario; throws <see cref="InputDataException"/> naming the field for bad JSON. Does not validate.</summary>
    public static TwinScenario Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return JsonSerializer.Deserialize<TwinScenario>(stream, Options)
                ?? throw new InputDataException("scenario: the file holds null, not a scenario object");
        }
        catch (JsonException ex)
        {
            throw new InputDataException($"scenario: {Describe(ex)}", ex);
        }
    }

    public static TwinScenario Parse(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Parse(stream);
    }

    /// <summary>Parses and validates: the scenario is ready to generate.</summary>
    public static TwinScenario Load(Stream stream)
    {
        var scenario = Parse(stream);
        ScenarioValidator.Validate(scenario);
        return scenario;
    }

    /// <summary>
    /// For "The JSON property 'x' could not be mapped to any .NET member contained in type 'T'": the field a typo most
    /// likely meant, else the fields T has.
    /// </summary>
    private static string KnownFields(string message)
    {
        const string property = "The JSON property '";
        const string type = "contained in type '";
        var p = message.IndexOf(property, StringComparison.Ordinal);
        var t = message.IndexOf(type, StringComparison.Ordinal);
        var target = t < 0 ? null : typeof(TwinScenario).Assembly.GetType(message[(t + type.Length)..message.IndexOf('\'', t + type.Length)]);
        if (p < 0 || target is null)
        {
            return " (names are snake_case; see docs/twin.md)";
        }

        var given = message[(p + property.Length)..message.IndexOf('\'', p + property.Length)];
        var fields = NameSuggestions.JsonFields(target);
        var nearest = NameSuggestions.NearestJsonField(given, fields);
        return nearest is not null ? $", did you mean '{nearest}'?" : $"; the fields here are {string.Join(", ", fields)} (see docs/twin.md)";
    }

    private static string Describe(JsonException ex)
    {
        // Name the field first, in the scenario's own terms ("drifts[0].shape"), then what went wrong.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            message = $"unknown field{KnownFields(ex.Message)}";
        }
        else if (ex.InnerException is InvalidOperationException inner && inner.Message.Contains("UTF-8", StringComparison.Ordinal))
        {
            message = "not valid UTF-8 text (save the file as UTF-8)";
        }
        else if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            message = "the file is empty (a scenario is a JSON object; see docs/twin.md)";
        }
        else if (message.Contains("is invalid after a single JSON value", StringComparison.Ordinal))
        {
            // "{…} {}" or "{…},": the old message said the file ended too soon.
            message = "text after the scenario's closing brace (a scenario file holds one JSON object)";
        }
        else if (message.Contains("Expected depth to be zero", StringComparison.Ordinal) || message.Contains("end of data", StringComparison.Ordinal))
        {
            message = "the file ends before every object and array is closed";
        }
        else if (message.Contains("is an invalid start of a value", StringComparison.Ordinal))
        {
            message = "not a JSON value (NaN, Infinity and unquoted text are not allowed)";
        }
        else if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            message = "the field is given twice";
        }
        var path = ex.Path is null or "$" ? null : ex.Path.TrimStart('$', '.');
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            // A number out of the field's type (a seed of 3000000000) is no wrong type: say what the field allows, not Int32's range.
            message = message.Contains("System.Int32", StringComparison.Ordinal) && path is not null && ScenarioValidator.IntegerRange(path) is { } range
                ? $"must be {range}"
                : $"wrong type of value (expected {Core.Data.JsonTypeNames.Expected(message) ?? "an object"})";
        }

        var where = ex.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
        return path is null ? $"{message}{where}" : $"{path}: {message}{where}";
    }
}
