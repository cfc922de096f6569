using System.Text.Json;
using System.Text.Json.Serialization;

namespace DriftCatcher.Core.Data;

/// <summary>
/// JSON has no NaN or Infinity: non-finite doubles are written as null and null reads back as NaN, so
/// every document DriftCatcher writes (CLI output, agent state, decisions) is valid JSON.
/// </summary>
public sealed class FiniteDoubleJsonConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
