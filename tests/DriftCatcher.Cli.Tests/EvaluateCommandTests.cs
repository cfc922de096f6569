using System.Text.Json;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public async Task Evaluate_BinaryModel_PrintsContractJson()
    {
        using var dir = new TempDir();
        var model = await TrainAsync(dir, LearningTestData.Binary(300, 1), "label");
        var test = dir.File("test.csv", LearningTestData.Binary(200, 99));

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test, "--label", "label");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["rows", "accuracy", "f1_macro", "roc_auc", "log_loss"]);
        root.GetProperty("rows").GetInt32().ShouldBe(200);
        root.GetProperty("accuracy").GetDouble().ShouldBeGreaterThan(0.85);
        root.GetProperty("roc_auc").GetDouble().ShouldBeGreaterThan(0.9);
        root.GetProperty("log_loss").GetDouble().ShouldBeLessThan(0.4);
    }

    [Fact]
    public async Task Evaluate_MulticlassModel_HasNoRocAuc()
    {
        using var dir = new TempDir();
        var model = await TrainAsync(dir, LearningTestData.Multiclass(150, 1), "target");
        var test = dir.File("test.csv", LearningTestData.Multiclass(60, 2));

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test);

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["rows", "accuracy", "f1_macro", "log_loss"]);
        json.RootElement.GetProperty("accuracy").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task Evaluate_RegressionModel_PrintsMaeRmseR2()
    {
        using var dir = new TempDir();
        var csv = "x,y\n" + string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{i},{(2 * i) + 1}"));
        var data = dir.File("r.csv", csv);
        var model = dir.Combine("r.dcm");
        (await CliRun.RunAsync("train", "--data", data, "--label", "y", "--task", "regression", "--algorithm", "linear", "--out", model)).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", data, "--label", "y");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["rows", "mae", "rmse", "r2"]);
        json.RootElement.GetProperty("mae").GetDouble().ShouldBe(0, 1e-9);
        json.RootElement.GetProperty("r2").GetDouble().ShouldBe(1, 1e-12);
    }

    /// <summary>
    /// Labels near 1e200 used to give a linear model whose validation RMSE and R² were null (their squares overflowed),
    /// a gbt model that predicted NaN (its single-precision gradients overflowed) and an evaluate that refused to score.
    /// Both learners now fit them as they fit labels near 1 (R² of the same noisy line), and every figure is a number.
    /// </summary>
    [Theory]
    [InlineData("linear", "1e200")]
    [InlineData("gbt", "1e200")]
    [InlineData("gbt", "1e-50")]
    public async Task TrainAndEvaluate_LabelsOfAbsurdMagnitude_AreFittedAndScored(string algorithm, string unit)
    {
        using var dir = new TempDir();
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ => (A: rng.NextDouble(), B: rng.NextDouble(), E: rng.NextDouble()))
            .Select(r => FormattableString.Invariant($"{r.A},{r.B},{((3 * r.A) + r.B + (0.05 * r.E)) * double.Parse(unit, System.Globalization.CultureInfo.InvariantCulture):R}"));
        var data = dir.File("r.csv", "a,b,y\n" + string.Join('\n', rows));
        var model = dir.Combine("r.dcm");

        var train = await CliRun.RunAsync("train", "--data", data, "--label", "y", "--task", "regression", "--algorithm", algorithm, "--out", model);
        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", data, "--label", "y");

        train.ExitCode.ShouldBe(0, train.Error);
        using var trained = JsonDocument.Parse(train.Out);
        trained.RootElement.GetProperty("validation").GetProperty("r2").GetDouble().ShouldBeGreaterThan(0.95);
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("r2").GetDouble().ShouldBeGreaterThan(0.95);
        var rmse = json.RootElement.GetProperty("rmse").GetDouble();
        (rmse / double.Parse(unit, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInRange(1e-4, 0.3);
    }

    [Fact]
    public async Task Evaluate_RowsWithoutLabel_AreCountedNotHidden()
    {
        using var dir = new TempDir();
        var model = await TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var lines = LearningTestData.Binary(50, 5).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines[3] = lines[3][..lines[3].LastIndexOf(',')] + ",";
        var test = dir.File("test.csv", string.Join('\n', lines));

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test, "--label", "label");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("rows").GetInt32().ShouldBe(49);
        json.RootElement.GetProperty("dropped_rows").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Evaluate_LabelTheModelNeverSaw_ExitsTwoNamingIt()
    {
        using var dir = new TempDir();
        var model = await TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var test = dir.File("test.csv", LearningTestData.Binary(20, 5).Replace(",yes\n", ",maybe\n", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test, "--label", "label");

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("'maybe'");
    }

    [Fact]
    public async Task Evaluate_LabelColumnAbsent_ExitsTwo()
    {
        using var dir = new TempDir();
        var model = await TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var test = dir.File("test.csv", LearningTestData.Binary(20, 5));

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test, "--label", "outcome");

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("'outcome'");
    }

    public static TheoryData<string, string> BrokenModels => new()
    {
        { "foreign", "not a DriftCatcher model file" },
        { "truncated", "truncated" },
        { "corrupt", "corrupt" },
        { "empty", "empty" },
        { "newer", "newer than this build supports" },
    };

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public async Task Evaluate_BrokenModelFile_ExitsTwoNamingTheProblem(string kind, string named)
    {
        using var dir = new TempDir();
        var model = await TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var bytes = File.ReadAllBytes(model);
        var broken = kind switch
        {
            "foreign" => "x1,x2\n1,2\n"u8.ToArray(),
            "truncated" => bytes[..(bytes.Length / 2)],
            "corrupt" => Flip(bytes, bytes.Length / 2),
            "empty" => [],
            _ => NewerVersion(bytes),
        };
        File.WriteAllBytes(model, broken);
        var test = dir.File("test.csv", LearningTestData.Binary(20, 5));

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test, "--label", "label");

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain(named);
        run.Error.ShouldContain(model);
    }

    /// <summary>A probe: /dev/zero as --model was read for 53 s into an OutOfMemoryException (exit 1); a stream
    /// without a length is now judged by its first bytes.</summary>
    [Fact]
    public async Task Evaluate_AnEndlessStreamAsModel_IsRefusedByItsHeader()
    {
        using var dir = new TempDir();
        var test = dir.File("test.csv", LearningTestData.Binary(20, 5));

        var run = await CliRun.RunAsync("evaluate", "--model", "/dev/zero", "--data", test, "--label", "label");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: model /dev/zero: not a DriftCatcher model file (no DCMODEL header)" + Environment.NewLine);
    }

    /// <summary>
    /// A review: evaluate read only the model's features as text, so labels '01' and '02' (classes of a model that also
    /// knows 'x') were read as the numbers 1 and 2, no class of its; and a file sharing no column with the model was
    /// said to have none.
    /// </summary>
    [Fact]
    public async Task Evaluate_ClassesWrittenWithLeadingZeros_AndAFileWithNoneOfTheModelsColumns()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(1, 60).Select(i => $"{i},{i % 7},0{(i % 2) + 1}").Concat(Enumerable.Range(1, 20).Select(i => $"{i},1,x"));
        var data = dir.File("train.csv", "x,y,label\n" + string.Join('\n', rows) + "\n");
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", data, "--algorithm", "gbt", "--out", model)).ExitCode.ShouldBe(0);
        var test = dir.File("test.csv", "x,y,label\n1,2,01\n2,3,02\n");
        var other = dir.File("other.csv", "u,v\n1,2\n");

        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", test);
        var refused = await CliRun.RunAsync("evaluate", "--model", model, "--data", other);

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("rows").GetInt32().ShouldBe(2);
        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldBe($"error: data {other}: none of the columns needed (label, x, y) is in the header, which names u, v" + Environment.NewLine);
    }

    [Fact]
    public async Task Evaluate_NothingToScore_ExitsTwo()
    {
        using var dir = new TempDir();
        var csv = LearningTestData.Binary(100, 1);
        var model = await TrainAsync(dir, csv, "label");
        var header = csv[..csv.IndexOf('\n', StringComparison.Ordinal)];
        var headerOnly = dir.File("h.csv", header + "\n");
        var run = await CliRun.RunAsync("evaluate", "--model", model, "--data", headerOnly, "--label", "label");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: evaluate: the data has no rows: nothing to score" + Environment.NewLine);

        var col = Array.IndexOf(header.Split(','), "label");
        var unlabeled = string.Join('\n', csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(3)
            .Select(l => { var c = l.Split(','); c[col] = ""; return string.Join(',', c); }));
        var noLabels = dir.File("n.csv", header + "\n" + unlabeled + "\n");
        run = await CliRun.RunAsync("evaluate", "--model", model, "--data", noLabels, "--label", "label");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: evaluate: none of the 3 rows has a usable label: nothing to score" + Environment.NewLine);
    }

    internal static async Task<string> TrainAsync(TempDir dir, string csv, string label)
    {
        var data = dir.File("train-" + Guid.NewGuid().ToString("N") + ".csv", csv);
        var model = dir.Combine("model-" + Guid.NewGuid().ToString("N") + ".dcm");
        var run = await CliRun.RunAsync("train", "--data", data, "--label", label, "--algorithm", "logistic", "--out", model);
        run.ExitCode.ShouldBe(0, run.Error);
        return model;
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x20;
        return copy;
    }

    private static byte[] NewerVersion(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[8] = 9;
        return copy;
    }
}
