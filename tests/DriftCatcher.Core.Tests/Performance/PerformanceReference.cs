using System.Text.Json;

namespace DriftCatcher.Core.Tests.Performance;

/// <summary>The cases and scikit-learn 1.2.1 values written by tests/reference/performance/make_reference.py.</summary>
internal static class PerformanceReference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Performance", "Reference", "performance.json"))));

    public static JsonElement Case(string section, string name) =>
        Document.Value.RootElement.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<string> Names(string section) =>
        Document.Value.RootElement.GetProperty(section).EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    public static double[] Doubles(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(v => v.GetDouble())];

    public static int[] Ints(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(v => v.GetInt32())];

    public static double Expected(this JsonElement e, string property) => e.GetProperty("expected").GetProperty(property).GetDouble();
}
