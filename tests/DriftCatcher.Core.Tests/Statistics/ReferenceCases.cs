using System.Text.Json;

namespace DriftCatcher.Core.Tests.Statistics;

/// <summary>The numpy/scipy values of tests/reference/statistics/make_reference.py.</summary>
internal static class ReferenceCases
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Statistics", "Reference", "statistics.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> Numeric => Root.GetProperty("numeric").EnumerateArray();

    public static IEnumerable<JsonElement> Categorical => Root.GetProperty("categorical").EnumerateArray();

    public static JsonElement NumericCase(string name) => Numeric.Single(c => c.GetProperty("name").GetString() == name);

    public static JsonElement CategoricalCase(string name) => Categorical.Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> NumericNames() => [.. Numeric.Select(c => c.GetProperty("name").GetString()!)];

    public static TheoryData<string> CategoricalNames() => [.. Categorical.Select(c => c.GetProperty("name").GetString()!)];

    /// <summary>Numbers with null for NaN and "inf"/"-inf" for the infinities.</summary>
    public static double[] Numbers(JsonElement e) =>
    [
        .. e.EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.Null => double.NaN,
            JsonValueKind.String => v.GetString() == "inf" ? double.PositiveInfinity : double.NegativeInfinity,
            _ => v.GetDouble(),
        }),
    ];

    public static string?[] Strings(JsonElement e) => [.. e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString())];

    /// <summary>A number, with null for NaN and "inf"/"-inf" for the infinities.</summary>
    public static double Double(JsonElement e, string name) => e.GetProperty(name) switch
    {
        { ValueKind: JsonValueKind.Null } => double.NaN,
        { ValueKind: JsonValueKind.String } v => v.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var other => throw new FormatException($"'{name}' holds '{other}', not a number, null, \"inf\" or \"-inf\""),
        },
        var v => v.GetDouble(),
    };
}
