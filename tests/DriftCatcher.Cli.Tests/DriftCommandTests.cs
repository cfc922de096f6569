using System.Globalization;
using System.Text;
using System.Text.Json;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class DriftCommandTests
{
    [Fact]
    public async Task Json_HasTheContractFields_AndLeavesTheLabelOut()
    {
        using var dir = new TempDir();
        var (reference, current) = WriteShiftedPair(dir);
        var run = await CliRun.RunAsync("drift", "--reference", reference, "--current", current, "--label", "Label");

        run.ExitCode.ShouldBe(0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Names(root).ShouldBe(["reference_rows", "current_rows", "features", "share_drifted", "dataset_drift"]);
        root.GetProperty("reference_rows").GetInt64().ShouldBe(1_000);
        root.GetProperty("current_rows").GetInt64().ShouldBe(800);
        var features = root.GetProperty("features").EnumerateArray().ToArray();
        features.Select(f => f.GetProperty("name").GetString()).ShouldBe(["shifted", "stable", "proto"]);

        Names(features[0]).ShouldBe(["name", "type", "missing_reference", "missing_current", "psi", "jensen_shannon", "ks_statistic", "ks_p_value", "wasserstein", "wasserstein_normed", "method", "score", "threshold", "drifted"]);
        Names(features[2]).ShouldBe(["name", "type", "missing_reference", "missing_current", "psi", "jensen_shannon", "chi2_statistic", "chi2_p_value", "unseen_categories", "method", "score", "threshold", "drifted"]);
        features[0].GetProperty("type").GetString().ShouldBe("numeric");
        features[0].GetProperty("drifted").GetBoolean().ShouldBeTrue();
        features[0].GetProperty("missing_current").GetInt64().ShouldBe(10);
        features[1].GetProperty("drifted").GetBoolean().ShouldBeFalse();
        features[2].GetProperty("type").GetString().ShouldBe("categorical");
        features[2].GetProperty("unseen_categories").EnumerateArray().Select(e => e.GetString()).ShouldBe(["gre"]);
        root.GetProperty("share_drifted").GetDouble().ShouldBe(2.0 / 3, 1e-12);
        root.GetProperty("dataset_drift").GetBoolean().ShouldBeTrue();
    }

    /// <summary>A README audit: `--label " Label"` was not trimmed by drift (train and twin replay trim it), and a
    /// label the header names twice was analysed as a feature 'Label.1' where train refuses it.</summary>
    [Fact]
    public async Task Label_IsTrimmed_AndALabelNamedTwiceIsRefused()
    {
        using var dir = new TempDir();
        var (reference, current) = WriteShiftedPair(dir);

        var trimmed = await CliRun.RunAsync("drift", "--reference", reference, "--current", current, "--label", " Label ");
        var lines = File.ReadAllLines(current);
        var twice = dir.File("twice.csv", string.Join('\n', lines.Select((l, i) => l + (i == 0 ? ",Label" : ",BENIGN"))) + "\n");
        var refused = await CliRun.RunAsync("drift", "--reference", reference, "--current", twice, "--label", "Label");

        trimmed.ExitCode.ShouldBe(0, trimmed.Error);
        using (var doc = JsonDocument.Parse(trimmed.Out))
        {
            doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldBe(["shifted", "stable", "proto"]);
        }

        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldBe($"error: current {twice}: the header names the label column 'Label' more than once (the other copies were read as 'Label.1'); which one is the label is ambiguous" + Environment.NewLine);
    }

    /// <summary>Codes the reference holds as text ('0101', 'X9') are text in the current file even where it holds
    /// only the ones that look like numbers: it was refused as "numeric in the current data but text in the reference".</summary>
    [Fact]
    public async Task CodesThatLookLikeNumbers_InTheCurrentFile_AreComparedAsTheReferencesText()
    {
        using var dir = new TempDir();
        var reference = dir.File("r.csv", "code,x\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{(i % 3) switch { 0 => "0101", 1 => "0202", _ => "X9" }},{i % 10}\n")));
        var current = dir.File("c.csv", "code,x\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{(i % 3 == 0 ? "0101" : "0202")},{i % 10}\n")));

        var run = await CliRun.RunAsync("drift", "--reference", reference, "--current", current);

        run.ExitCode.ShouldBe(0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var code = doc.RootElement.GetProperty("features")[0];
        code.GetProperty("type").GetString().ShouldBe("categorical");
        code.GetProperty("unseen_categories").GetArrayLength().ShouldBe(0);
        code.GetProperty("drifted").GetBoolean().ShouldBeTrue();

        // Numbers where the reference held words: unseen categories, drifted (this was refused too).
        var words = dir.File("w.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{(i % 2 == 0 ? "low" : "high")},{i % 3}\n")));
        var numbers = dir.File("n.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{(i % 2 == 0 ? "1.5" : "2")},{i % 3}\n")));
        var typeChange = await CliRun.RunAsync("drift", "--reference", words, "--current", numbers);
        typeChange.ExitCode.ShouldBe(0, typeChange.Error);
        using var changed = JsonDocument.Parse(typeChange.Out);
        changed.RootElement.GetProperty("features")[0].GetProperty("unseen_categories").EnumerateArray().Select(e => e.GetString()).ShouldBe(["1.5", "2"]);
        changed.RootElement.GetProperty("features")[0].GetProperty("drifted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Json_NonFiniteNumbers_AreNull()
    {
        using var dir = new TempDir();
        var reference = dir.File("ref.csv", "x\n" + string.Concat(Enumerable.Repeat("3\n", 50)));
        var current = dir.File("cur.csv", "x\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i}\n")));
        var run = await CliRun.RunAsync("drift", "--reference", reference, "--current", current);

        run.ExitCode.ShouldBe(0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var f = doc.RootElement.GetProperty("features")[0];
        f.GetProperty("wasserstein_normed").ValueKind.ShouldBe(JsonValueKind.Null);
        f.GetProperty("wasserstein").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Text_IsATableWithOneRowPerFeature()
    {
        using var dir = new TempDir();
        var (reference, current) = WriteShiftedPair(dir);
        var run = await CliRun.RunAsync("drift", "--reference", reference, "--current", current, "--label", "Label", "--format", "text");

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldContain("2 of 3 features drifted");
        lines[0].ShouldContain("dataset drift: YES");
        lines[1].ShouldStartWith("feature");
        lines[1].ShouldContain("threshold");
        lines.Single(l => l.StartsWith("shifted", StringComparison.Ordinal)).TrimEnd().ShouldEndWith("YES");
        lines.Single(l => l.StartsWith("stable", StringComparison.Ordinal)).TrimEnd().ShouldEndWith("no");
        lines.ShouldContain(l => l.Contains("unseen in 'proto': gre", StringComparison.Ordinal));
        run.Out.ShouldNotContain("Label");
    }

    [Fact]
    public async Task Text_HugeValues_StayOneCellWide()
    {
        // A current value of 1e308 made w/sd print as a 306-digit number that broke the table.
        using var dir = new TempDir();
        var reference = dir.File("r.csv", "a\n1\n2\n3\n4\n");
        var current = dir.File("c.csv", "a\n1\n1e308\n3\n");
        var run = await CliRun.RunAsync("drift", "--reference", reference, "--current", current, "--format", "text");
        run.ExitCode.ShouldBe(0, run.Error);
        var row = run.Out.Split('\n').Single(l => l.StartsWith("a ", StringComparison.Ordinal));
        row.ShouldContain(" 3.0e+307 ");
        row.Length.ShouldBeLessThan(120);
    }

    [Fact]
    public async Task Text_ALineBreakInANameOrCategory_StaysOnItsRow()
    {
        // Review probe: a quoted header "a\nb" split its row of the table over two lines.
        using var dir = new TempDir();
        var reference = dir.File("r.csv", "\"a\nb\",c\n1,x\n2,y\n3,x\n4,y\n");
        var current = dir.File("c.csv", "\"a\nb\",c\n1,x\n2,\"z\tw\"\n3,x\n");
        var run = await CliRun.RunAsync("drift", "--reference", reference, "--current", current, "--format", "text");
        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Out.Split('\n');
        lines.Count(l => l.StartsWith("a\\nb ", StringComparison.Ordinal)).ShouldBe(1);
        lines.ShouldContain("unseen in 'c': z\\tw");
        lines.ShouldNotContain(l => l.StartsWith("b ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("missing_file", "file not found")]
    [InlineData("no_header", "no header")]
    [InlineData("empty_file", "no header")]
    [InlineData("only_in_reference", "'extra' is in the reference but not in the current data")]
    [InlineData("only_in_current", "'extra' is in the current data but not in the reference")]
    [InlineData("all_missing_reference", "'x' has no values in the reference")]
    [InlineData("all_missing_current", "'x' has no values in the current data")]
    [InlineData("numeric_vs_text", "'x' is numeric in the reference but text in the current data")]
    [InlineData("bad_format", "xml")]
    [InlineData("unknown_label", "'Nope'")]
    public async Task BadInput_ExitsTwoWithOneLineNamingTheProblem(string scenario, string expected)
    {
        using var dir = new TempDir();
        var good = dir.File("good.csv", "x,y\n1,a\n2,b\n3,a\n");
        var (reference, current, extra) = scenario switch
        {
            "missing_file" => (dir.Combine("nope.csv"), good, Array.Empty<string>()),
            "no_header" => (dir.File("r.csv", "1,2\n3,4\n"), good, []),
            "empty_file" => (dir.File("r.csv", string.Empty), good, []),
            "only_in_reference" => (dir.File("r.csv", "x,y,extra\n1,a,5\n2,b,6\n"), good, []),
            "only_in_current" => (good, dir.File("c.csv", "x,y,extra\n1,a,5\n2,b,6\n"), []),
            "all_missing_reference" => (dir.File("r.csv", "x,y\n,a\nNaN,b\n"), good, []),
            "all_missing_current" => (good, dir.File("c.csv", "x,y\ninf,a\n,b\n"), []),
            "numeric_vs_text" => (good, dir.File("c.csv", "x,y\nlow,a\nhigh,b\n"), []),
            "bad_format" => (good, good, ["--format", "xml"]),
            "unknown_label" => (good, good, ["--label", "Nope"]),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var run = await CliRun.RunAsync(["drift", "--reference", reference, "--current", current, .. extra]);
        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        var error = run.Error.Trim();
        error.Split('\n').Length.ShouldBe(1);
        error.ShouldContain(expected);
        error.ShouldNotContain("   at ");
    }

    private static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    /// <summary>1000 reference and 800 current rows: 'shifted' moves by 1 sd (10 missing), 'stable' does not, 'proto' gains 'gre'.</summary>
    private static (string Reference, string Current) WriteShiftedPair(TempDir dir)
    {
        var rng = new Random(42);
        var r = new StringBuilder("shifted,stable,proto,Label\n");
        for (var i = 0; i < 1_000; i++)
        {
            r.Append(CultureInfo.InvariantCulture, $"{Normal(rng)},{Normal(rng)},{(rng.NextDouble() < 0.7 ? "tcp" : "udp")},{(i % 10 == 0 ? "DDoS" : "BENIGN")}\n");
        }

        var c = new StringBuilder("shifted,stable,proto,Label\n");
        for (var i = 0; i < 800; i++)
        {
            var shifted = i < 10 ? string.Empty : (1 + Normal(rng)).ToString("R", CultureInfo.InvariantCulture);
            var proto = rng.NextDouble() switch { < 0.5 => "tcp", < 0.8 => "udp", _ => "gre" };
            c.Append(CultureInfo.InvariantCulture, $"{shifted},{Normal(rng)},{proto},BENIGN\n");
        }

        return (dir.File("reference.csv", r.ToString()), dir.File("current.csv", c.ToString()));
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
