using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DriftCatcher.Core.Data;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>
/// Turns a YAML policy document into the JSON the <see cref="PolicyLoader"/> reads, so a YAML policy gets
/// exactly the same fields, defaults and checks as a JSON one. Plain scalars follow the YAML 1.2 core schema
/// (null, booleans, decimal numbers); quoted scalars are always strings, so <c>"2"</c> for a number is an
/// error naming the field, as in JSON.
/// </summary>
internal static partial class PolicyYaml
{
    /// <summary>Nodes one document may expand to (aliases included): a guard against alias bombs.</summary>
    internal const int MaxNodes = 100_000;

    private const string StrTag = "tag:yaml.org,2002:str";

    public static byte[] ToJson(TextReader yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(yaml);
        }
        catch (YamlException ex)
        {
            throw new InputDataException($"policy (YAML) line {ex.Start.Line}, column {ex.Start.Column}: {Reason(ex)}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw new InputDataException("policy: the document is empty (null)");
        }

        if (stream.Documents.Count > 1)
        {
            throw new InputDataException($"policy (YAML): the file holds {stream.Documents.Count} documents; a policy is one");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var nodes = 0;
            Write(writer, stream.Documents[0].RootNode, "", ref nodes);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, string path, ref int nodes)
    {
        if (++nodes > MaxNodes)
        {
            throw new InputDataException($"policy (YAML): the document expands to more than {MaxNodes} nodes (aliases included)");
        }

        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InputDataException($"policy (YAML) line {key.Start.Line}: a key{At(path)} must be plain text");
                    }

                    // A key given twice is refused by the parser already ("Duplicate key ..." with its line).
                    writer.WritePropertyName(name);
                    Write(writer, value, path.Length == 0 ? name : $"{path}.{name}", ref nodes);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode list:
                writer.WriteStartArray();
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Write(writer, list.Children[i], $"{path}[{i}]", ref nodes);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new InputDataException($"policy (YAML) line {node.Start.Line}: unsupported node{At(path)}");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (scalar.Tag is { IsEmpty: false, IsNonSpecific: false } && scalar.Tag.Value == StrTag))
        {
            writer.WriteStringValue(text);
            return;
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(text[0] is 't' or 'T');
        }
        else if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            writer.WriteNumberValue(whole);
        }
        else if (FloatPattern().IsMatch(text)
                 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                 && double.IsFinite(real))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            // Anything else (.inf, .nan, 0x1F, words) is text; a numeric field then reports it by name.
            writer.WriteStringValue(text);
        }
    }

    private static string At(string path) => path.Length == 0 ? "" : $" in '{path}'";

    private static string Reason(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message).Trim();
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
