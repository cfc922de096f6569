using System.Globalization;
using System.Text;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// Messy CSV files found by probing `twin replay` (probe 7): a stray word among numbers, missing-value
/// spellings, a trailing comma, CICIDS2017's doubled header name, a label flag with the file's leading
/// space, a text cell where train has numbers. Every command reads through the same reader.
/// </summary>
public sealed class MessyCsvTests
{
    private const int TrainRows = 400;

    /// <summary>CICIDS-like: leading spaces in names; the label follows ' Flow Duration'.</summary>
    private static string[] Rows(int n, int seed, bool batches)
    {
        var random = new Random(seed);
        var lines = new string[n + 1];
        lines[0] = (batches ? "batch," : string.Empty) + " Destination Port, Flow Duration, Label";
        for (var i = 0; i < n; i++)
        {
            var port = random.Next(1, 1000);
            var duration = (random.NextDouble() * 2) - 1;
            var label = duration + ((random.NextDouble() - 0.5) * 0.3) > 0 ? "DDoS" : "BENIGN";
            lines[i + 1] = (batches ? $"{i / 100}," : string.Empty) + string.Create(CultureInfo.InvariantCulture, $"{port},{duration:R},{label}");
        }

        return lines;
    }

    private static string Csv(string[] lines) => string.Join('\n', lines) + "\n";

    /// <summary>Replaces the cell of data row <paramref name="row"/> (0-based) in column <paramref name="col"/>.</summary>
    private static string[] Poke(string[] lines, int row, int col, string value)
    {
        var copy = (string[])lines.Clone();
        var cells = copy[row + 1].Split(',');
        cells[col] = value;
        copy[row + 1] = string.Join(',', cells);
        return copy;
    }

    private static Task<CliRun> Replay(TempDir dir, string train, string stream, string algorithm = "logistic") =>
        CliRun.RunAsync("twin", "replay", "--train", dir.File("train.csv", train), "--stream", dir.File("stream.csv", stream),
            "--label", "Label", "--label-delay", "1", "--algorithm", algorithm, "--out", dir.Combine("out"));

    private static string Accuracy(CliRun run) => run.Out[..run.Out.IndexOf("; wrote", StringComparison.Ordinal)];

    [Fact]
    public async Task Replay_AWordAmongTrainNumbers_ExitsTwoNamingFileLineColumnAndValue_AndWritesNothing()
    {
        // It made 'Flow Duration' categorical: accuracy 0.62 instead of 0.91, no message.
        using var dir = new TempDir();
        var run = await Replay(dir, Csv(Poke(Rows(TrainRows, 1, false), 16, 1, "oops")), Csv(Rows(600, 2, true)));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: train {dir.Combine("train.csv")}: line 18: column 'Flow Duration' holds 'oops' among numbers; make the cell a number, or empty for a missing value{Environment.NewLine}");
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("n.a.")]
    [InlineData("#N/A")]
    [InlineData("-")]
    [InlineData("none")]
    public async Task Replay_MissingSpellingInTrainNumbers_RunsAsAnEmptyCell(string token)
    {
        using var clean = new TempDir();
        var expected = await Replay(clean, Csv(Poke(Rows(TrainRows, 1, false), 5, 1, string.Empty)), Csv(Rows(600, 2, true)));
        expected.ExitCode.ShouldBe(0, expected.Error);

        using var dir = new TempDir();
        var run = await Replay(dir, Csv(Poke(Rows(TrainRows, 1, false), 5, 1, token)), Csv(Rows(600, 2, true)));
        run.ExitCode.ShouldBe(0, run.Error);
        Accuracy(run).ShouldBe(Accuracy(expected));
        File.ReadAllText(dir.Combine("out/predictions.csv")).ShouldBe(File.ReadAllText(clean.Combine("out/predictions.csv")));
    }

    [Fact]
    public async Task Replay_TrailingCommaOnEveryLine_RunsAsWithout()
    {
        // An empty 'Unnamed: 3' in TRAIN and 'Unnamed: 4' in STREAM: "stream has no column 'Unnamed: 3'".
        using var plain = new TempDir();
        var expected = await Replay(plain, Csv(Rows(TrainRows, 1, false)), Csv(Rows(600, 2, true)));
        using var dir = new TempDir();
        var run = await Replay(dir, Csv([.. Rows(TrainRows, 1, false).Select(l => l + ",")]), Csv([.. Rows(600, 2, true).Select(l => l + ",")]));
        run.ExitCode.ShouldBe(0, run.Error);
        Accuracy(run).ShouldBe(Accuracy(expected));
    }

    [Fact]
    public async Task Replay_UnnamedColumnAtDifferentPositions_SaysWhy()
    {
        using var dir = new TempDir();
        var train = Rows(TrainRows, 1, false).Select((l, i) => (i == 0 ? "," : "0,") + l).ToArray();
        var stream = Rows(600, 2, true).Select((l, i) => l.Insert(l.IndexOf(',', StringComparison.Ordinal) + 1, i == 0 ? "," : "0,")).ToArray();
        var run = await Replay(dir, Csv(train), Csv(stream));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: replay: stream has no column 'Unnamed: 0' (a feature of train); train's header leaves that name empty, so the column is named by its position, and the stream's is 'Unnamed: 1': name the column in both headers" + Environment.NewLine);
    }

    [Fact]
    public async Task Replay_CicidsHeaderNamingAColumnTwice_Runs()
    {
        // Real CICIDS2017 files: "the header names column 'Fwd Header Length' twice".
        static string Doubled(string[] lines) => Csv([.. lines.Select((l, i) => l + (i == 0 ? ", Fwd Header Length,Fwd Header Length" : ",32,32"))]);
        using var dir = new TempDir();
        var run = await Replay(dir, Doubled(Rows(TrainRows, 1, false)), Doubled(Rows(600, 2, true)));
        run.ExitCode.ShouldBe(0, run.Error);
    }

    [Fact]
    public async Task Replay_LabelNamedTwice_IsRefused()
    {
        static string Doubled(string[] lines) => Csv([.. lines.Select((l, i) => l + (i == 0 ? ",Label" : ",BENIGN"))]);
        using var dir = new TempDir();
        var run = await Replay(dir, Doubled(Rows(TrainRows, 1, false)), Csv(Rows(600, 2, true)));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: replay: the header names the label column 'Label' more than once (the other copies were read as 'Label.1'); which one is the label is ambiguous" + Environment.NewLine);
    }

    [Fact]
    public async Task Replay_LabelFlagWithTheFilesLeadingSpace_Runs()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.File("train.csv", Csv(Rows(TrainRows, 1, false))),
            "--stream", dir.File("stream.csv", Csv(Rows(600, 2, true))), "--label", " Label", "--batch-column", " batch", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(0, run.Error);
    }

    [Fact]
    public async Task Replay_MissingLabel_ListsTheColumnsFound()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync("twin", "replay", "--train", dir.File("train.csv", Csv(Rows(TrainRows, 1, false))),
            "--stream", dir.File("stream.csv", Csv(Rows(600, 2, true))), "--label", "label", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: replay: train has no label column 'label' (columns: Destination Port, Flow Duration, Label)" + Environment.NewLine);
    }

    [Fact]
    public async Task Replay_TextColumnInStreamWhereTrainHasNumbers_NamesFileLineRowAndValue()
    {
        // "column 'Flow Duration' holds text, but the model was trained on it as numbers" (gbt) or "row 0 holds
        // '0x10'" (logistic: the row inside the first batch, which did not even hold it).
        var stream = Rows(600, 2, true).Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',').Select((c, k) => k == 2 ? $"\"{c.Replace('.', ',')}\"" : c))).ToArray();
        foreach (var algorithm in new[] { "gbt", "logistic" })
        {
            using var dir = new TempDir();
            var run = await Replay(dir, Csv(Rows(TrainRows, 1, false)), Csv(stream), algorithm);
            run.ExitCode.ShouldBe(2);
            var first = stream[1].Split(',', 3)[2];
            first = first[1..first.LastIndexOf('"')];
            run.Error.ShouldBe($"error: replay: stream {dir.Combine("stream.csv")} line 2, row 0 in predictions.csv: column 'Flow Duration' holds '{first}', but it holds numbers in train; make the cell a number, or empty for a missing value{Environment.NewLine}");
            Directory.Exists(dir.Combine("out")).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Replay_OneDecimalCommaCellInStream_NamesItsLine()
    {
        using var dir = new TempDir();
        var run = await Replay(dir, Csv(Rows(TrainRows, 1, false)), Csv(Poke(Rows(600, 2, true), 300, 2, "\"1,5\"")));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: stream {dir.Combine("stream.csv")}: line 302: column 'Flow Duration' holds '1,5' among numbers; make the cell a number, or empty for a missing value{Environment.NewLine}");
    }

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("drift")]
    public async Task EveryCommand_RefusesAWordAmongNumbers_NamingFileAndLine(string command)
    {
        using var dir = new TempDir();
        var good = dir.File("good.csv", Csv(Rows(TrainRows, 1, false)));
        var bad = dir.File("bad.csv", Csv(Poke(Rows(TrainRows, 3, false), 40, 0, "http")));
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", good, "--label", "Label", "--algorithm", "logistic", "--out", model)).ExitCode.ShouldBe(0);
        var run = command switch
        {
            "train" => await CliRun.RunAsync("train", "--data", bad, "--label", "Label", "--algorithm", "gbt", "--out", dir.Combine("n.dcm")),
            "evaluate" => await CliRun.RunAsync("evaluate", "--model", model, "--data", bad),
            "predict" => await CliRun.RunAsync("predict", "--model", model, "--data", bad, "--out", dir.Combine("p.csv")),
            _ => await CliRun.RunAsync("drift", "--reference", good, "--current", bad),
        };
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldEndWith($" {bad}: line 42: column 'Destination Port' holds 'http' among numbers; make the cell a number, or empty for a missing value{Environment.NewLine}");
        File.Exists(dir.Combine("n.dcm")).ShouldBeFalse();
        File.Exists(dir.Combine("p.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task Predict_TextColumnWhereTheModelHasNumbers_NamesDataFileAndLine()
    {
        using var dir = new TempDir();
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", dir.File("t.csv", Csv(Rows(TrainRows, 1, false))), "--label", "Label", "--algorithm", "gbt", "--out", model)).ExitCode.ShouldBe(0);
        var data = dir.File("d.csv", new StringBuilder(" Destination Port, Flow Duration\n80,0.5\n443,slow\n22,fast\n").ToString());
        var run = await CliRun.RunAsync("predict", "--model", model, "--data", data, "--out", dir.Combine("p.csv"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: data {data}: line 3: column 'Flow Duration' holds 'slow', but the model was trained on it as numbers{Environment.NewLine}");
        File.Exists(dir.Combine("p.csv")).ShouldBeFalse();
    }
}
