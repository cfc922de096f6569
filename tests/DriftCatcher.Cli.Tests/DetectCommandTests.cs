using System.Globalization;
using System.Text.Json;
using DriftCatcher.Core.Detectors;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class DetectCommandTests
{
    [Fact]
    public async Task Detect_BernoulliStepStream_PrintsTheDetectorsDetectionsAndWarnings()
    {
        using var dir = new TempDir();
        var values = Step(seed: 12345, before: 0.2, after: 0.8);
        var input = dir.File("errors.txt", string.Join('\n', values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "\n");

        var run = await CliRun.RunAsync("detect", "--detector", "ddm", "--input", input);

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["detector", "detections", "warnings"]);
        json.RootElement.GetProperty("detector").GetString().ShouldBe("ddm");
        var detections = Indices(json, "detections");
        var warnings = Indices(json, "warnings");
        var expected = Direct("ddm", new Dictionary<string, string>(), values);
        detections.ShouldBe(expected.Drifts);
        warnings.ShouldBe(expected.Warnings);
        detections.ShouldNotBeEmpty();
        detections[0].ShouldBeInRange(1000, 1300);
        warnings.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Detect_RepeatedOptions_ReachTheDetector()
    {
        using var dir = new TempDir();
        var values = Step(seed: 7, before: 0.5, after: 0.99);
        var input = dir.File("s.txt", string.Join('\n', values.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        var options = new Dictionary<string, string> { ["two-sided"] = "true", ["drift-confidence"] = "0.0001" };

        var run = await CliRun.RunAsync(
            "detect", "--detector", "hddm-w", "--option", "two-sided=true", "--option", "drift-confidence=0.0001", "--input", input);

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Indices(json, "detections").ShouldBe(Direct("hddm-w", options, values).Drifts);
        Indices(json, "detections").ShouldNotBe(Direct("hddm-w", new Dictionary<string, string>(), values).Drifts);
    }

    [Fact]
    public async Task Detect_BlankLinesAndCrLf_AreSkippedAndIndicesCountValues()
    {
        using var dir = new TempDir();
        var input = dir.File("s.txt", string.Concat(Enumerable.Range(0, 200).Select(i => (i < 100 ? "0" : "50") + (i == 50 ? "\r\n\r\n" : "\r\n"))));

        var run = await CliRun.RunAsync("detect", "--detector", "page-hinkley", "--input", input);

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var detections = Indices(json, "detections");
        detections.ShouldNotBeEmpty();
        detections[0].ShouldBeInRange(100, 105);
    }

    [Theory]
    [InlineData("1\n2\nabc\n", "line 3", "'abc' is not a number")]
    [InlineData("1\nNaN\n", "line 2", "not a finite number")]
    [InlineData("1\n2\n-Infinity\n", "line 3", "not a finite number")]
    [InlineData("1\n1e999\n", "line 2", "not a finite number")]
    [InlineData("0\n0\n1e160\n", "line 3", "too large for the detectors (at most 1e150")]
    [InlineData("0\n1e-100\n-1e-170\n", "line 3", "-1e-170 is too small for the detectors (0, or at least 1e-150 in magnitude; rescale the values)")]
    [InlineData("1\r2\r\r\nabc\r\n", "line 4", "'abc' is not a number")]
    [InlineData("", "no values", "one number per line")]
    [InlineData("\n  \n", "no values", "one number per line")]
    public async Task Detect_BadInputFile_ExitsTwoWithOneLineNamingTheProblem(string content, string where, string what)
    {
        using var dir = new TempDir();
        var input = dir.File("bad.txt", content);

        var run = await CliRun.RunAsync("detect", "--detector", "adwin", "--input", input);

        run.ExitCode.ShouldBe(2);
        OneLine(run.Error).ShouldContain(where);
        run.Error.ShouldContain(what);
        run.Out.ShouldBeEmpty();
    }

    /// <summary>A \r\n split between two reads of the file ends one line, not two (line numbers stay the file's).</summary>
    [Fact]
    public async Task Detect_CrLfAcrossTheReadBuffer_IsOneLineBreak()
    {
        using var dir = new TempDir();
        // "123\r\n" then "12\r\n" × 16 382 puts a \r at character 65 535, the last of the first 64 K read.
        var text = "123\r\n" + string.Concat(Enumerable.Repeat("12\r\n", 20_000)) + "abc\r\n";
        text[65_535].ShouldBe('\r');
        var input = dir.File("crlf.txt", text);

        var run = await CliRun.RunAsync("detect", "--detector", "adwin", "--input", input);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: input {input} line 20002: 'abc' is not a number" + Environment.NewLine);
    }

    /// <summary>A probe: a file with no line break (a gigabyte of zero bytes, /dev/zero) was read as one line until
    /// memory ran out; it is refused at its 1001st character.</summary>
    [Fact]
    public async Task Detect_ALineLongerThanANumberCanBe_IsRefusedWithoutReadingOn()
    {
        using var dir = new TempDir();
        var input = dir.File("zeros.txt", "1\n" + new string('\0', 5_000_000));

        var run = await CliRun.RunAsync("detect", "--detector", "adwin", "--input", input);
        var device = await CliRun.RunAsync("detect", "--detector", "adwin", "--input", "/dev/zero");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: input {input} line 2: longer than 1000 characters (expected one number per line)" + Environment.NewLine);
        device.ExitCode.ShouldBe(2);
        device.Error.ShouldBe("error: input /dev/zero line 1: longer than 1000 characters (expected one number per line)" + Environment.NewLine);
    }

    [Fact]
    public async Task Detect_ValueOutsideTheDetectorsDomain_NamesTheLine()
    {
        using var dir = new TempDir();
        var input = dir.File("s.txt", "0\n1\n0\n7\n");

        var run = await CliRun.RunAsync("detect", "--detector", "eddm", "--input", input);

        run.ExitCode.ShouldBe(2);
        OneLine(run.Error).ShouldContain("line 4");
        run.Error.ShouldContain("got 7");
    }

    [Fact]
    public async Task Detect_MissingFile_ExitsTwo()
    {
        using var dir = new TempDir();

        var run = await CliRun.RunAsync("detect", "--detector", "adwin", "--input", dir.Combine("nope.txt"));

        run.ExitCode.ShouldBe(2);
        OneLine(run.Error).ShouldContain("file not found");
    }

    [Theory]
    [InlineData(new[] { "--detector", "adwinn" }, "unknown detector 'adwinn'", "page-hinkley")]
    [InlineData(new[] { "--detector", "kswin", "--option", "window_size=200" }, "'window_size'", "window-size, stat-size")]
    [InlineData(new[] { "--detector", "page-hinkley", "--option", "mode=sideways" }, "'mode'", "up, down, both")]
    [InlineData(new[] { "--detector", "hddm-a", "--option", "two-sided=maybe" }, "'two-sided'", "true, false")]
    [InlineData(new[] { "--detector", "kswin", "--option", "alpha=0" }, "'alpha'", "(0, 1)")]
    [InlineData(new[] { "--detector", "kswin", "--option", "stat-size" }, "'stat-size'", "key=value")]
    [InlineData(new[] { "--detector", "kswin", "--option", "seed=1", "--option", "seed=2" }, "'seed'", "more than once")]
    public async Task Detect_BadDetectorOrOption_ExitsTwoNamingKeyAndAllowedValues(string[] args, string names, string allowed)
    {
        using var dir = new TempDir();
        var input = dir.File("s.txt", "0\n1\n");

        var run = await CliRun.RunAsync([.. new[] { "detect", "--input", input }, .. args]);

        run.ExitCode.ShouldBe(2);
        OneLine(run.Error).ShouldContain(names);
        run.Error.ShouldContain(allowed);
    }

    private static string OneLine(string error)
    {
        error.Trim().Split('\n').Length.ShouldBe(1);
        error.ShouldNotContain("   at ");
        return error;
    }

    private static double[] Step(int seed, double before, double after)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 2000).Select(i => random.NextDouble() < (i < 1000 ? before : after) ? 1.0 : 0.0)];
    }

    private static (List<long> Drifts, List<long> Warnings) Direct(string name, Dictionary<string, string> options, double[] values)
    {
        var detector = ChangeDetectors.Create(name, options);
        var drifts = new List<long>();
        var warnings = new List<long>();
        for (var i = 0; i < values.Length; i++)
        {
            var r = detector.Update(values[i]);
            if (r.Drift)
            {
                drifts.Add(i);
            }

            if (r.Warning)
            {
                warnings.Add(i);
            }
        }

        return (drifts, warnings);
    }

    private static List<long> Indices(JsonDocument json, string property) =>
        [.. json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetInt64())];
}
