using System.Globalization;
using System.Text.Json;

namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// Lenient field access for the twin's JSON lines: names match whatever their casing or separators
/// (served_version, servedVersion, ServedVersion), and numbers may arrive as strings.
/// </summary>
internal static class JsonFields
{
    public static JsonElement? Get(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (obj.TryGetProperty(name, out var exact))
        {
            return exact.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : exact;
        }

        foreach (var p in obj.EnumerateObject())
        {
            if (SameName(p.Name, name))
            {
                return p.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : p.Value;
            }
        }

        return null;
    }

    public static string? Text(JsonElement obj, string name) => AsText(Get(obj, name));

    public static string? AsText(JsonElement? e) => e switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } v ? v : null,
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { } other => other.GetRawText(),
    };

    public static double? Number(JsonElement obj, string name) => AsNumber(Get(obj, name));

    public static double? AsNumber(JsonElement? e)
    {
        if (e is not { } v)
        {
            return null;
        }

        double d;
        if (v.ValueKind == JsonValueKind.Number)
        {
            d = v.GetDouble();
        }
        else if (v.ValueKind != JsonValueKind.String
            || !double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
        {
            return null;
        }

        return double.IsFinite(d) ? d : null;
    }

    public static int? Integer(JsonElement obj, string name) => AsInteger(Get(obj, name));

    public static int? AsInteger(JsonElement? e) =>
        AsNumber(e) is { } d && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    public static bool? Flag(JsonElement obj, string name) => Get(obj, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var b) => b,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(JsonElement obj, string name) =>
        Get(obj, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    private static bool SameName(string a, string b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && a[i] is '_' or '-')
            {
                i++;
            }

            while (j < b.Length && b[j] is '_' or '-')
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (char.ToLowerInvariant(a[i]) != char.ToLowerInvariant(b[j]))
            {
                return false;
            }

            i++;
            j++;
        }
    }
}
