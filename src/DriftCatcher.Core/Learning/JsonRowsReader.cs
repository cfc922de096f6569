using System.Text.Json;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// Reads JSON rows — an array of flat objects, or JSON Lines (one object per line) — into a
/// <see cref="DataFrame"/>. Columns appear in order of first appearance (names trimmed); a key absent
/// from a row, null, or the strings the CSV reader treats as missing are missing values. A column is
/// numeric when every present value is a number or a numeric string ("Infinity", "NaN" included; "-",
/// "none" and the other spellings missing among numbers are missing there), categorical otherwise.
/// </summary>
public static class JsonRowsReader
{
    public static DataFrame Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var bytes = ms.ToArray().AsSpan();
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes).Trim();
        if (text.Length == 0)
        {
            throw new InputDataException("the JSON data is empty");
        }

        var rows = new List<Dictionary<string, string?>>();
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var textual = new HashSet<string>(StringComparer.Ordinal);
        if (text[0] == '[')
        {
            using var doc = Parse(text, 1);
            var index = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                rows.Add(ReadRow(element, ++index, order, seen, textual));
            }
        }
        else
        {
            var line = 0;
            foreach (var raw in text.Split('\n'))
            {
                line++;
                if (string.IsNullOrWhiteSpace(raw))
                {
                    continue;
                }

                using var doc = Parse(raw, line);
                rows.Add(ReadRow(doc.RootElement, line, order, seen, textual));
            }
        }

        if (order.Count == 0)
        {
            throw new InputDataException("the JSON data has no columns");
        }

        var columns = new Column[order.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var name = order[c];
            var values = rows.Select(r => r.TryGetValue(name, out var v) ? v : null).ToList();
            var numbers = new double[values.Count];
            var numeric = !textual.Contains(name);
            var anyNumber = false;
            for (var i = 0; numeric && i < values.Count; i++)
            {
                numbers[i] = double.NaN;
                numeric = values[i] is not { } v || FeatureSchema.TryParseNumber(v, out numbers[i]);
                anyNumber |= !double.IsNaN(numbers[i]);
            }

            // "-" or "none" are missing among numbers, but a column of nothing else holds categories.
            numeric &= anyNumber || values.All(v => v is null);

            columns[c] = numeric ? Column.Numeric(name, numbers) : Column.Categorical(name, values);
        }

        return new DataFrame(columns);
    }

    private static bool IsMissingToken(string s) => MissingValues.IsMissing(s);

    private static JsonDocument Parse(string text, int line)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new InputDataException($"line {line}: not valid JSON ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static Dictionary<string, string?> ReadRow(JsonElement element, int row, List<string> order, HashSet<string> seen, HashSet<string> textual)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InputDataException($"row {row}: expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name.Trim();
            if (name.Length == 0)
            {
                throw new InputDataException($"row {row}: a column has an empty name");
            }

            if (values.ContainsKey(name))
            {
                // JSON leaves a repeated key's meaning open (readers keep the first or the last): refuse to guess.
                throw new InputDataException($"row {row}: column '{name}' appears twice in one object (names are compared after trimming spaces)");
            }

            if (seen.Add(name))
            {
                order.Add(name);
            }

            var v = property.Value;
            switch (v.ValueKind)
            {
                case JsonValueKind.Null:
                    values[name] = null;
                    break;
                case JsonValueKind.Number:
                    values[name] = v.GetRawText();
                    break;
                case JsonValueKind.String:
                    var s = v.GetString()!.Trim();
                    values[name] = IsMissingToken(s) ? null : s;
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    values[name] = v.GetRawText();
                    textual.Add(name);
                    break;
                default:
                    throw new InputDataException($"row {row}: column '{name}' holds a nested {v.ValueKind.ToString().ToLowerInvariant()}; only flat values are supported");
            }
        }

        return values;
    }
}
