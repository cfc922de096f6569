using System.Text.Json;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Tests.Learning;

/// <summary>Reference data of tests/reference/linear/make_reference.py and the datasets it exported.</summary>
internal static class LearningFixtures
{
    private static readonly Lazy<JsonDocument> ReferenceDoc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Learning", "Reference", "linear_reference.json"))));

    public static JsonElement Reference => ReferenceDoc.Value.RootElement;

    /// <summary>data/datasets of the repository (found by walking up to DriftCatcher.sln).</summary>
    public static string DatasetPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriftCatcher.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("repository root (DriftCatcher.sln) not found above " + AppContext.BaseDirectory);
        }

        return Path.Combine(dir.FullName, "data", "datasets", name);
    }

    public static DataFrame ReadDataset(string name)
    {
        using var stream = File.OpenRead(DatasetPath(name));
        return CsvFrameReader.Read(stream);
    }

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
