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
            message = "unknown field (names are snake_case; see docs/twin.md)";
        }
        else if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            message = $"wrong type of value (expected {Core.Data.JsonTypeNames.Expected(message) ?? "an object"})";
        }

        var path = ex.Path is null or "$" ? null : ex.Path.TrimStart('$', '.');
        var where = ex.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
        return path is null ? $"{message}{where}" : $"{path}: {message}{where}";
    }
}
