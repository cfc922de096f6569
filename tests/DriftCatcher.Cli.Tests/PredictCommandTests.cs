using System.Globalization;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class PredictCommandTests
{
    [Fact]
    public async Task Predict_WritesPredictionAndOneProbabilityPerClass_InInputOrder()
    {
        using var dir = new TempDir();
        var model = await EvaluateCommandTests.TrainAsync(dir, LearningTestData.Multiclass(150, 1), "target");
        var csv = LearningTestData.Multiclass(30, 7);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var forward = dir.File("f.csv", csv);
        var backward = dir.File("b.csv", string.Join('\n', [lines[0], .. lines.Skip(1).Reverse()]));

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", forward, "--out", dir.Combine("pf.csv"));
        run.ExitCode.ShouldBe(0, run.Error);
        (await CliRun.RunAsync("predict", "--model", model, "--data", backward, "--out", dir.Combine("pb.csv"))).ExitCode.ShouldBe(0);

        var predicted = File.ReadAllLines(dir.Combine("pf.csv"));
        predicted[0].ShouldBe("prediction,p_0,p_1,p_2");
        predicted.Length.ShouldBe(31);
        for (var i = 1; i < predicted.Length; i++)
        {
            var f = predicted[i].Split(',');
            var p = f.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            p.Sum().ShouldBe(1, 1e-12);
            f[0].ShouldBe(p.ToList().IndexOf(p.Max()).ToString(CultureInfo.InvariantCulture));
            f[0].ShouldBe(lines[i].Split(',')[2], $"row {i}: the classes are separable, so every prediction is right");
        }

        File.ReadAllLines(dir.Combine("pb.csv")).Skip(1).Reverse().ShouldBe(predicted.Skip(1));
    }

    [Fact]
    public async Task Predict_Regression_WritesOnlyPrediction()
    {
        using var dir = new TempDir();
        var data = dir.File("r.csv", "x,y\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i => $"{i},{(3 * i) - 2}")));
        var model = dir.Combine("r.dcm");
        (await CliRun.RunAsync("train", "--data", data, "--label", "y", "--task", "regression", "--algorithm", "linear", "--out", model)).ExitCode.ShouldBe(0);
        var rows = dir.File("x.csv", "x\n100\n-1\n");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", rows, "--out", dir.Combine("p.csv"));

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = File.ReadAllLines(dir.Combine("p.csv"));
        lines[0].ShouldBe("prediction");
        double.Parse(lines[1], CultureInfo.InvariantCulture).ShouldBe(298, 1e-9);
        double.Parse(lines[2], CultureInfo.InvariantCulture).ShouldBe(-5, 1e-9);
    }

    [Fact]
    public async Task Predict_CicidsStyleRows_HandlesInfinityAndNaN()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", LearningTestData.CicidsStyle(300, 1));
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", train, "--label", "Label", "--algorithm", "logistic", "--out", model)).ExitCode.ShouldBe(0);
        var rows = dir.File("rows.csv", LearningTestData.CicidsStyle(60, 2));

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", rows, "--out", dir.Combine("p.csv"));

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = File.ReadAllLines(dir.Combine("p.csv"));
        lines[0].ShouldBe("prediction,p_BENIGN,p_DDoS");
        lines.Length.ShouldBe(61);
        lines.Skip(1).ShouldAllBe(l => !l.Contains("NaN"));
    }

    [Fact]
    public async Task Predict_MissingFeatureColumn_ExitsTwoAndLeavesOutputUntouched()
    {
        using var dir = new TempDir();
        var model = await EvaluateCommandTests.TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var rows = dir.File("rows.csv", "x1,color\n1,red\n");
        var output = dir.File("p.csv", "previous content\n");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", rows, "--out", output);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("'x2'");
        File.ReadAllText(output).ShouldBe("previous content\n");
        Directory.GetFiles(dir.Path, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task Predict_TextInNumericFeature_ExitsTwoNamingColumn()
    {
        using var dir = new TempDir();
        var model = await EvaluateCommandTests.TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var rows = dir.File("rows.csv", "x1,x2,color\n1,2,red\nlots,2,blue\n");
        var output = dir.Combine("p.csv");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", rows, "--out", output);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("'x1'");
        run.Error.ShouldContain("'lots'");
        File.Exists(output).ShouldBeFalse();
    }

    [Fact]
    public async Task Predict_UnseenCategoryAndExtraColumns_StillPredict()
    {
        using var dir = new TempDir();
        var model = await EvaluateCommandTests.TrainAsync(dir, LearningTestData.Binary(200, 1), "label");
        var rows = dir.File("rows.csv", "id,color,x2,x1\n7,purple,0,1\n8,,0,-1\n");

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", rows, "--out", dir.Combine("p.csv"));

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = File.ReadAllLines(dir.Combine("p.csv"));
        lines.Length.ShouldBe(3);
        lines[1].Split(',')[0].ShouldBe("yes");
        lines[2].Split(',')[0].ShouldBe("no");
    }
}
