using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

/// <summary>Every shipped scenario (data/scenarios and data/scenarios/holdout) parses, generates and reads back.</summary>
public sealed class ScenarioFileTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ScenarioDirectory(), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ScenarioDirectory(), file));
        }

        return data;
    }

    [Fact]
    public void TheShippedSet_CoversTheBrief()
    {
        var names = Directory.EnumerateFiles(ScenarioDirectory(), "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        string[] required =
        [
            "stable", "harmless-shift", "unit-change-fault", "sudden-concept-drift", "gradual-drift", "incremental-drift",
            "recurring", "agrawal-concept", "rbf-incremental", "cicids-new-attack", "cicids-ddos-burst", "latency-spike",
            "failure-burst", "arrival-gap", "missing-column",
            "regression-stable", "regression-sudden-drift", "regression-incremental-drift", "regression-harmless-shift",
        ];
        foreach (var name in required)
        {
            names.ShouldContain(name);
        }

        Directory.EnumerateFiles(Path.Combine(ScenarioDirectory(), "holdout"), "*.json").Count().ShouldBeGreaterThanOrEqualTo(10);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ScenarioFile_ParsesGeneratesAndReadsBack(string relative)
    {
        using var stream = File.OpenRead(Path.Combine(ScenarioDirectory(), relative));
        var scenario = ScenarioJson.Load(stream);
        scenario.Name.ShouldBe(Path.GetFileNameWithoutExtension(relative));
        scenario.Description.ShouldNotBeNullOrWhiteSpace();
        scenario.Expected.ShouldNotBeNullOrWhiteSpace();

        var g = ScenarioGenerator.Generate(scenario);
        g.Truth.Truth.Count.ShouldBe(scenario.Batches);
        var train = CsvFrameReader.Parse(Build.Csv(g.WriteTrainCsv));
        var stream2 = CsvFrameReader.Parse(Build.Csv(g.WriteStreamCsv));
        train.RowCount.ShouldBe(scenario.TrainRows);
        stream2.RowCount.ShouldBe(g.Truth.StreamRows);
        train.Contains(g.Truth.LabelColumn).ShouldBeTrue();
        stream2.Contains(g.Truth.LabelColumn).ShouldBeTrue();
        foreach (var f in g.Truth.FeatureColumns)
        {
            train.Contains(f).ShouldBeTrue();
            stream2.Contains(f).ShouldBeTrue();
        }

        var batch = stream2[TwinColumns.Batch].Numbers;
        for (var r = 1; r < batch.Length; r++)
        {
            batch[r].ShouldBeGreaterThanOrEqualTo(batch[r - 1]);
        }

        using var json = new MemoryStream();
        g.WriteScenarioJson(json);
        json.Length.ShouldBeGreaterThan(0);
    }

    internal static string ScenarioDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "scenarios");
            if (File.Exists(Path.Combine(dir.FullName, "DriftCatcher.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("data/scenarios not found above " + AppContext.BaseDirectory);
    }
}
