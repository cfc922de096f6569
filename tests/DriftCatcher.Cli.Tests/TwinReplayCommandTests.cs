using System.Text.Json;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class TwinReplayCommandTests
{
    private const string Scenario = """
        {"name":"cli-drift","seed":5,"generator":{"type":"sea","noise":0.05},"train_rows":1000,"batches":14,"batch_size":200,
         "drifts":[{"shape":"sudden","start":6,"to":3}]}
        """;

    /// <summary>
    /// Codes with leading zeros in a categorical feature: train holds them as text ('0101', 'X9'), and a stream batch
    /// whose codes all happened to be numbers was read as 101 and 202, categories train never saw, so every row of it
    /// lost its only informative feature. The stream reads train's text columns as text.
    /// </summary>
    [Fact]
    public async Task Replay_CodesThatLookLikeNumbers_InATextFeature_AreTheCategoriesTrainSaw()
    {
        using var dir = new TempDir();
        var rng = new Random(4);
        string Row(string code) => FormattableString.Invariant($"{code},{rng.NextDouble()},{(code == "0101" ? "yes" : "no")}");
        var codes = new[] { "0101", "0202", "X9" };
        var train = dir.File("train.csv", "code,x,label\n" + string.Join('\n', Enumerable.Range(0, 600).Select(_ => Row(codes[rng.Next(3)]))) + "\n");
        var stream = dir.File("stream.csv", "batch,code,x,label\n" + string.Join('\n', Enumerable.Range(0, 6 * 100)
            .Select(i => $"{i / 100},{Row(codes[rng.Next(2)])}")) + "\n");

        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--policy", "none", "--out", dir.Combine("out"));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("none: accuracy 1.0000");
    }

    [Fact]
    public async Task Replay_WritesTheContractFiles()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", Scenario);
        (await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("data"))).ExitCode.ShouldBe(0);
        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.Combine("data/train.csv"), "--stream", dir.Combine("data/stream.csv"),
            "--label", "label", "--label-delay", "1", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("default: accuracy ");

        var predictions = File.ReadAllLines(dir.Combine("out/predictions.csv"));
        predictions[0].ShouldBe("batch,row,prediction,served_version");
        predictions.Length.ShouldBe(1 + (14 * 200));
        predictions[1].ShouldStartWith("0,0,");

        var decisions = File.ReadAllLines(dir.Combine("out/decisions.jsonl"));
        decisions.Length.ShouldBe(14);
        using (var first = JsonDocument.Parse(decisions[0]))
        {
            first.RootElement.GetProperty("batch").GetInt64().ShouldBe(0);
            first.RootElement.GetProperty("mode").GetString().ShouldBe("champion");
        }

        foreach (var line in File.ReadAllLines(dir.Combine("out/actions.jsonl")))
        {
            using var a = JsonDocument.Parse(line);
            a.RootElement.GetProperty("action").GetString().ShouldBeOneOf("alert", "retrain", "rollback", "promote", "fallback", "disable", "restore", "canary", "shadow", "escalate");
        }

        File.Exists(dir.Combine("out/report.html")).ShouldBeTrue();
    }

    [Fact]
    public async Task Replay_AWholeNumberQuantity_IsReadAsClassesWithAWarning_OrRegressedWithTaskRegression()
    {
        // Review probe: a target in whole numbers (cents, counts) with under 1 000 distinct values in train is read as
        // classes, as `train` infers it; the replay scored accuracy 0.0000 and said nothing.
        using var dir = new TempDir();
        var train = dir.File("train.csv", "x,y\n" + string.Concat(Enumerable.Range(1, 300).Select(i => $"{i},{i * 10}\n")));
        // Rows spread over train's range in every batch; one in four at a value train has.
        var stream = dir.File("stream.csv", "batch,x,y\n" + string.Concat(Enumerable.Range(1, 200).Select(i => (Batch: i / 20, K: (i * 37 % 290) + 1, Seen: i % 4 == 0))
            .Select(r => $"{r.Batch},{r.K + (r.Seen ? 0 : 0.5)},{(r.K * 10) + (r.Seen ? 0 : 5)}\n")));
        string[] args = ["twin", "replay", "--train", train, "--stream", stream, "--label", "y", "--label-delay", "1", "--policy", "none"];

        var inferred = await CliRun.RunAsync([.. args, "--out", dir.Combine("a")]);
        inferred.ExitCode.ShouldBe(0, inferred.Error);
        inferred.Error.ShouldBe("warning: replay: 150 of 200 stream labels are classes train does not have (the label 'y' was read as classes: whole numbers with at most 1000 distinct values; "
            + "if it is a quantity to predict, replay with --task regression)" + Environment.NewLine);
        inferred.Out.ShouldStartWith("none: accuracy 0.");

        var regressed = await CliRun.RunAsync([.. args, "--task", "regression", "--out", dir.Combine("b")]);
        regressed.ExitCode.ShouldBe(0, regressed.Error);
        regressed.Error.ShouldBeEmpty();
        regressed.Out.ShouldStartWith("none: regression, MAE ");

        // No class in common: refused, with the same hint.
        var disjoint = dir.File("disjoint.csv", "batch,x,y\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i / 20},{i + 0.5},{(i * 10) + 5}\n")));
        var refused = await CliRun.RunAsync(["twin", "replay", "--train", train, "--stream", disjoint, "--label", "y", "--label-delay", "1", "--policy", "none", "--out", dir.Combine("d")]);
        refused.ExitCode.ShouldBe(2);
        refused.Error.TrimEnd().ShouldEndWith("if it is a quantity to predict, replay with --task regression)");

        var bad = await CliRun.RunAsync([.. args, "--task", "forecast", "--out", dir.Combine("c")]);
        bad.ExitCode.ShouldBe(2);
        bad.Error.ShouldContain("'forecast'");
    }

    [Fact]
    public async Task Replay_BadPolicyFile_ExitsTwoNamingTheField()
    {
        using var dir = new TempDir();
        var policy = dir.File("p.json", """{"name":"p","detection":{"persistence_k":0},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}""");
        var train = dir.File("train.csv", "x,label\n1,0\n2,1\n");
        var stream = dir.File("stream.csv", "batch,x,label\n0,1,0\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--policy", policy, "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("detection.persistence_k");
    }

    [Fact]
    public async Task Replay_ReadsAYamlPolicy_ByItsExtension()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", Scenario);
        (await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("data"))).ExitCode.ShouldBe(0);
        var policy = dir.File("every-three.yml", "# retrain every third batch\nname: every-three\nkind: periodic\nperiodic_every: 3\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.Combine("data/train.csv"), "--stream", dir.Combine("data/stream.csv"),
            "--label", "label", "--label-delay", "1", "--algorithm", "logistic", "--policy", policy, "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(0, run.Error);
        var retrains = File.ReadAllLines(dir.Combine("out/actions.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("action").GetString() == "retrain")
            .Select(a => a.GetProperty("batch").GetInt32())
            .ToList();
        retrains.Count.ShouldBeGreaterThanOrEqualTo(3, "14 batches retrained every third (the default policy would not retrain this often)");
        retrains.Zip(retrains.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == 3);
    }

    [Fact]
    public async Task Replay_BadYamlPolicy_ExitsTwo_WithOneLineNamingWhere()
    {
        using var dir = new TempDir();
        var policy = dir.File("p.yaml", "detection:\n  persistence_k: 2\n  persistence_k: 3\n");
        var train = dir.File("train.csv", "x,label\n1,0\n2,1\n");
        var stream = dir.File("stream.csv", "batch,x,label\n0,1,0\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--policy", policy, "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --policy {policy}: policy (YAML) line 3, column 3: Duplicate key persistence_k" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public async Task Run_ReplaysEveryPolicy_AndCompares()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", Scenario);
        var run = await CliRun.RunAsync("twin", "run", scenario, "--out", dir.Combine("run"), "--policies", "default,none,periodic:3", "--algorithm", "logistic");
        run.ExitCode.ShouldBe(0, run.Error);
        foreach (var policy in new[] { "default", "none", "periodic-3" })
        {
            File.Exists(dir.Combine($"run/{policy}/decisions.jsonl")).ShouldBeTrue(policy);
        }

        File.ReadAllText(dir.Combine("run/comparison.html")).ShouldContain("periodic:3");
        File.ReadAllLines(dir.Combine("run/none/actions.jsonl")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Replay_NumericLabel_RegressesWithoutAFlag_AndSpeaksMae()
    {
        using var dir = new TempDir();
        var scenario = dir.File("r.json", """
            {"name":"cli-regression","seed":9,"generator":{"type":"friedman","noise":1},"train_rows":1000,"batches":12,"batch_size":200,
             "drifts":[{"shape":"sudden","start":5,"to":2}]}
            """);
        (await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("data"))).ExitCode.ShouldBe(0);
        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.Combine("data/train.csv"), "--stream", dir.Combine("data/stream.csv"),
            "--label", "y", "--label-delay", "1", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("default: regression, MAE ");

        var predictions = File.ReadAllLines(dir.Combine("out/predictions.csv"));
        predictions[0].ShouldBe("batch,row,prediction,served_version");
        predictions.Length.ShouldBe(1 + (12 * 200));
        var labels = File.ReadAllLines(dir.Combine("data/stream.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[11], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var errors = predictions.Skip(1).Select(l => l.Split(',')).Where(f => f[2].Length > 0)
            .Select(f => Math.Abs(double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) - labels[int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)]))
            .ToList();
        errors.Count.ShouldBeGreaterThan(2000);
        errors.Average().ShouldBeLessThan(labels.Select(v => Math.Abs(v - labels.Average())).Average()); // better than predicting the mean

        var decisions = File.ReadAllLines(dir.Combine("out/decisions.jsonl"));
        decisions.Length.ShouldBe(12);
        using (var late = JsonDocument.Parse(decisions[3]))
        {
            var metrics = late.RootElement.GetProperty("metrics");
            metrics.GetProperty("mae_realized").GetDouble().ShouldBeGreaterThan(0);
            metrics.GetProperty("rmse_realized").GetDouble().ShouldBeGreaterThanOrEqualTo(metrics.GetProperty("mae_realized").GetDouble());
            metrics.GetProperty("mae_baseline").GetDouble().ShouldBeGreaterThan(0);
            metrics.GetProperty("accuracy_realized").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        File.ReadAllText(dir.Combine("out/report.html")).ShouldContain("MAE over time");
        using var state = JsonDocument.Parse(File.ReadAllText(dir.Combine("out/agent-state.json")));
        state.RootElement.GetProperty("task").GetString().ShouldBe("regression");
        using var info = JsonDocument.Parse(File.ReadAllText(dir.Combine("out/run.json")));
        info.RootElement.GetProperty("task").GetString().ShouldBe("regression");
    }

    [Theory(Timeout = 120_000)]
    [InlineData("inf")]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    public async Task Replay_RegressionStream_WithAnExtremeLabelCell_StillWritesTheReport(string cell)
    {
        // One stream label of inf used to give the report an infinite MAE axis whose tick loop never ended
        // (an OutOfMemoryException after 5 GB, exit 1, no report.html).
        using var dir = new TempDir();
        var scenario = dir.File("r.json", """
            {"name":"cli-regression-extreme","seed":9,"generator":{"type":"friedman","noise":1},"train_rows":400,"batches":6,"batch_size":100}
            """);
        (await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("data"))).ExitCode.ShouldBe(0);
        var lines = File.ReadAllLines(dir.Combine("data/stream.csv"));
        var col = Array.IndexOf(lines[0].Split(','), "y");
        var cells = lines[150].Split(',');
        cells[col] = cell;
        lines[150] = string.Join(',', cells);
        File.WriteAllLines(dir.Combine("data/stream.csv"), lines);

        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.Combine("data/train.csv"), "--stream", dir.Combine("data/stream.csv"),
            "--label", "y", "--label-delay", "1", "--out", dir.Combine("out"));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("default: regression, MAE ");
        run.Out.Length.ShouldBeLessThan(200, run.Out); // an MAE of 1e305 in E notation, not 306 digits
        var html = File.ReadAllText(dir.Combine("out/report.html"));
        html.ShouldContain("MAE per batch, by served version");
        html.ShouldNotContain("∞");
    }

    [Fact]
    public async Task Replay_StreamWithoutLabels_SaysSo_InsteadOfAccuracyNaN()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", "x,label\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n");
        var stream = dir.File("stream.csv", "batch,x,label\n0,1,\n0,2,\n1,3,\n1,4,\n");

        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out"));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("default: accuracy n/a (no labels; coverage 1.000), 0 model changes, ");
    }

    [Fact]
    public async Task Replay_NumericLabel_WithLogistic_ExitsTwoNamingTheFix()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", "x,y\n1,0.5\n2,1.5\n3,2.25\n4,3.5\n");
        var stream = dir.File("stream.csv", "batch,x,y\n0,1,0.5\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "y", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("use gbt or linear");
    }

    [Theory]
    [InlineData("train")]
    [InlineData("stream")]
    public async Task Replay_HeaderOnlyFile_ExitsTwo_AndWritesNothing(string empty)
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", empty == "train" ? "x,label\n" : "x,label\n1,0\n2,1\n3,0\n4,1\n");
        var stream = dir.File("stream.csv", empty == "stream" ? "batch,x,label\n" : "batch,x,label\n0,1,0\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: replay: {empty} has no data rows (only a header): nothing to {(empty == "train" ? "learn" : "replay")}" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public async Task Replay_MissingLabels_AreNeitherScoredNorTrainedOn()
    {
        // Every 7th stream row and every 11th train row lose their label (an empty cell): the run must score
        // accuracy over labeled rows only, the agent must never see those rows as labels (its realized accuracy
        // per batch equals the labeled rows' accuracy computed here), and no model learns a "missing" class.
        using var dir = new TempDir();
        var scenario = dir.File("s.json", Scenario);
        (await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("data"))).ExitCode.ShouldBe(0);
        static string[] Blank(string path, int every)
        {
            var lines = File.ReadAllLines(path);
            var col = Array.IndexOf(lines[0].Split(','), "label");
            for (var i = 1; i < lines.Length; i++)
            {
                if ((i - 1) % every == every - 1)
                {
                    var cells = lines[i].Split(',');
                    cells[col] = "";
                    lines[i] = string.Join(',', cells);
                }
            }

            File.WriteAllLines(path, lines);
            return lines;
        }

        var stream = Blank(dir.Combine("data/stream.csv"), 7);
        Blank(dir.Combine("data/train.csv"), 11);
        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.Combine("data/train.csv"), "--stream", dir.Combine("data/stream.csv"),
            "--label", "label", "--label-delay", "1", "--policy", "periodic:1", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(0, run.Error);

        var header = stream[0].Split(',');
        int labelCol = Array.IndexOf(header, "label"), batchCol = Array.IndexOf(header, "batch");
        var truth = stream.Skip(1).Select(l => l.Split(',')).Select(c => (Batch: long.Parse(c[batchCol], System.Globalization.CultureInfo.InvariantCulture), Label: c[labelCol])).ToArray();
        var perBatch = new Dictionary<long, (int Scored, int Correct)>();
        int scored = 0, correct = 0;
        foreach (var line in File.ReadAllLines(dir.Combine("out/predictions.csv")).Skip(1))
        {
            var c = line.Split(',');
            var row = int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture);
            c[2].ShouldBeOneOf("0", "1", ""); // never a class learned from the missing labels ("" = no answer: a failed request)
            if (truth[row].Label.Length == 0 || c[2].Length == 0)
            {
                continue;
            }

            var hit = c[2] == truth[row].Label ? 1 : 0;
            scored++;
            correct += hit;
            var t = perBatch.GetValueOrDefault(truth[row].Batch);
            perBatch[truth[row].Batch] = (t.Scored + 1, t.Correct + hit);
        }

        scored.ShouldBeGreaterThan(truth.Length * 5 / 6); // about 6 in 7 rows carry a label
        run.Out.ShouldStartWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"periodic:1: accuracy {(double)correct / scored:0.0000}"));
        var checkedBatches = 0;
        foreach (var line in File.ReadAllLines(dir.Combine("out/decisions.jsonl")))
        {
            using var d = JsonDocument.Parse(line);
            var m = d.RootElement.GetProperty("metrics");
            if (m.GetProperty("labeled_batch").ValueKind != JsonValueKind.Number || m.GetProperty("accuracy_realized").ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            var (n, k) = perBatch[m.GetProperty("labeled_batch").GetInt64()];
            m.GetProperty("accuracy_realized").GetDouble().ShouldBe((double)k / n, 1e-9);
            checkedBatches++;
        }

        checkedBatches.ShouldBeGreaterThan(5);
    }
}
