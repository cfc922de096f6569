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

    private const string MergeKey = "<<";

    /// <summary>Nesting a policy document may have: the policy needs 3 levels; JSON's reader stops at 64 too.</summary>
    internal const int MaxDepth = 64;

    /// <summary>Bytes a policy file may hold.</summary>
    internal const int MaxBytes = 1 << 20;

    /// <summary>The file as UTF-8 text (a BOM is skipped); anything else is refused, not patched with U+FFFD.</summary>
    public static string ReadText(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new InputDataException($"policy (YAML): the file is larger than {MaxBytes / 1024} KiB");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var reader = new StreamReader(new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException ex)
        {
            throw new InputDataException("policy (YAML): the file is not UTF-8 text", ex);
        }
    }

    public static byte[] ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(yaml);

            stream.Load(new StringReader(yaml));
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
            Write(writer, stream.Documents[0].RootNode, "", ref nodes, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));
        }

        return buffer.ToArray();
    }

    /// <param name="open">The mappings and lists being written around <paramref name="node"/>: an alias to one of them
    /// (<c>a: &amp;a [*a]</c>) would expand for ever; before this check it ran into the JSON writer's depth limit, an
    /// internal error.</param>
    private static void Write(Utf8JsonWriter writer, YamlNode node, string path, ref int nodes, HashSet<YamlNode> open)
    {
        if (++nodes > MaxNodes)
        {
            throw new InputDataException($"policy (YAML): the document expands to more than {MaxNodes} nodes (aliases included)");
        }

        if (node is YamlMappingNode or YamlSequenceNode && !open.Add(node))
        {
            throw new InputDataException($"policy (YAML) line {node.Start.Line}: an alias{At(path)} refers to a mapping or list that contains it (it would expand for ever)");
        }

        try
        {
            WriteNode(writer, node, path, ref nodes, open);
        }
        finally
        {
            open.Remove(node);
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, YamlNode node, string path, ref int nodes, HashSet<YamlNode> open)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InputDataException($"policy (YAML) line {key.Start.Line}: a key{At(path)} must be plain text");
                    }

                    // A key given twice is refused by the parser already ("Duplicate key ..." with its line).
                    if (name != MergeKey || key is YamlScalarNode { Style: not ScalarStyle.Plain })
                    {
                        written.Add(name);
                        writer.WritePropertyName(name);
                        Write(writer, value, path.Length == 0 ? name : $"{path}.{name}", ref nodes, open);
                    }
                }

                // Merge keys (<<: *defaults, or a list of them): the merged mappings' entries the mapping does
                // not give itself, the first merged mapping winning, as YAML 1.1 defines them.
                if (map.Children.TryGetValue(new YamlScalarNode(MergeKey), out var merged))
                {
                    var sources = merged switch
                    {
                        YamlMappingNode one => [one],
                        YamlSequenceNode many when many.Children.All(c => c is YamlMappingNode) => many.Children.Cast<YamlMappingNode>().ToList(),
                        _ => throw new InputDataException($"policy (YAML) line {merged.Start.Line}: '<<'{At(path)} must merge a mapping or a list of mappings"),
                    };
                    foreach (var source in sources)
                    {
                        foreach (var (key, value) in source.Children)
                        {
                            if (key is YamlScalarNode { Value: { } name } && name != MergeKey && written.Add(name))
                            {
                                writer.WritePropertyName(name);
                                Write(writer, value, path.Length == 0 ? name : $"{path}.{name}", ref nodes, open);
                            }
                        }
                    }
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode list:
                writer.WriteStartArray();
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Write(writer, list.Children[i], $"{path}[{i}]", ref nodes, open);
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
                 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            if (double.IsFinite(real))
            {
                writer.WriteNumberValue(real);
            }
            else
            {
                // 1e400 overflows as it would in JSON: an out-of-range number, which the field reports as not finite.
                writer.WriteRawValue(real > 0 ? "1e400" : "-1e400");
            }
        }
        else if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF")
        {
            writer.WriteRawValue(text[0] == '-' ? "-1e400" : "1e400");
        }
        else
        {
            // Anything else (.nan, 0x1F, words) is text; a numeric field then reports it by name.
            writer.WriteStringValue(text);
        }
    }

    /// <summary>Walks the parser's events once, refusing deep nesting before the recursive loader could overflow the stack.</summary>
    private static void CheckDepth(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        throw new InputDataException($"policy (YAML) line {parser.Current.Start.Line}: nested more than {MaxDepth} levels deep");
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
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
