using DriftCatcher.Core.Data;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class TwinGenerateCommandTests
{
    private const string Scenario = """
        {
          "name": "cli-test",
          "seed": 5,
          "generator": { "type": "sea", "noise": 0.1 },
          "train_rows": 200,
          "batches": 6,
          "batch_size": 50,
          "drifts": [{ "shape": "sudden", "start": 3, "to": 3 }],
          "faults": [{ "kind": "arrival_gap", "start": 1, "end": 1 }]
        }
        """;

    [Fact]
    public async Task Generate_WritesTrainStreamAndScenario()
    {
        using var dir = new TempDir();
        var file = dir.File("s.json", Scenario);
        var outDir = dir.Combine("out");
        var run = await CliRun.RunAsync("twin", "generate", file, "--out", outDir);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("cli-test");
        var train = CsvFrameReader.Read(File.OpenRead(Path.Combine(outDir, "train.csv")));
        var stream = CsvFrameReader.Read(File.OpenRead(Path.Combine(outDir, "stream.csv")));
        train.ColumnNames.ShouldBe(["x1", "x2", "x3", "label"]);
        train.RowCount.ShouldBe(200);
        stream.ColumnNames.ShouldBe(["batch", "x1", "x2", "x3", "label", "latency_ms", "failed", "arrival_delay_s"]);
        stream.RowCount.ShouldBe(250);
        stream["batch"].Numbers.Distinct().ShouldBe([0.0, 2, 3, 4, 5]);
        var json = await File.ReadAllTextAsync(Path.Combine(outDir, "scenario.json"), TestContext.Current.CancellationToken);
        json.ShouldContain("\"first_real_drift_batch\": 3");
        json.ShouldContain("\"arrival_gap\"");
    }

    [Fact]
    public async Task Generate_IsDeterministic()
    {
        using var dir = new TempDir();
        var file = dir.File("s.json", Scenario);
        (await CliRun.RunAsync("twin", "generate", file, "--out", dir.Combine("a"))).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("twin", "generate", file, "--out", dir.Combine("b"))).ExitCode.ShouldBe(0);
        foreach (var name in new[] { "train.csv", "stream.csv", "scenario.json" })
        {
            (await File.ReadAllBytesAsync(Path.Combine(dir.Combine("a"), name), TestContext.Current.CancellationToken))
                .ShouldBe(await File.ReadAllBytesAsync(Path.Combine(dir.Combine("b"), name), TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "drifts": [{ "shape": "sideways", "start": 1 }] }""", "drifts[0].shape")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "faults": [{ "kind": "unit_change", "column": "x7", "start": 1, "factor": 2 }] }""", "faults[0].column")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" """, "scenario:")]
    public async Task BadScenario_ExitsTwoWithOneLineNamingTheField(string json, string field)
    {
        using var dir = new TempDir();
        var file = dir.File("bad.json", json);
        var run = await CliRun.RunAsync("twin", "generate", file, "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("bad.json");
        run.Error.ShouldContain(field);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public async Task MissingScenarioFile_ExitsTwo()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync("twin", "generate", dir.Combine("nope.json"), "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("nope.json");
    }
}
