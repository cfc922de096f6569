using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// The JSON conventions of agent documents (state, policy, decisions): snake_case names and enum values,
/// non-finite numbers written as null so every document is valid JSON.
/// </summary>
public static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false, strict: false);

    /// <summary>Rejects unknown fields: used to read policies, where a typo must not pass silently.</summary>
    public static JsonSerializerOptions Strict { get; } = Create(indented: false, strict: true);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true, strict: false);

    private static JsonSerializerOptions Create(bool indented, bool strict)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // A policy file's null where the model has a non-nullable reference (rules, detector names, guard
            // lists) is an error naming the field, not a NullReferenceException later.
            RespectNullableAnnotations = strict,
            // A policy naming a field twice ("daily_budget": 3 ... "daily_budget": 30) kept the last without a word.
            AllowDuplicateProperties = !strict,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        if (strict)
        {
            // A policy's numbers must be finite: NaN and Infinity are refused as tokens, and 1e400 (read as infinity)
            // must not slip through a check like "> 0" as a limit that is never reached.
            o.Converters.Add(new StrictDoubleConverter());
        }

        o.Converters.Add(new FiniteDoubleJsonConverter());
        o.Converters.Add(new NullableFiniteDoubleConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>The message a policy's non-finite number is refused with (the loader names the field).</summary>
    internal const string NotFinite = "must be a finite number (at most 1.7976931348623157E+308 either way)";

    /// <summary>The message a policy's non-number (text where a number belongs) is refused with.</summary>
    internal const string NotANumber = "must be a number";

    private sealed class StrictDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return double.NaN; // as before: the field's own check names it ("must be > 0, got NaN")
            }

            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException(NotANumber);
            }

            var v = reader.GetDouble();
            return double.IsFinite(v) ? v : throw new JsonException(NotFinite);
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            new FiniteDoubleJsonConverter().Write(writer, value, options);
    }

    private sealed class NullableFiniteDoubleConverter : JsonConverter<double?>
    {
        public override bool HandleNull => true;

        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value is { } v && double.IsFinite(v))
            {
                writer.WriteNumberValue(v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
