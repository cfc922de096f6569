using Shouldly;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// Where `twin replay`, `twin run` and `twin generate` write (found by a probe of twin replay): a bad --out was
/// only reported after the whole replay, a target that is a directory left five of six files written, and an
/// input that is also an output was silently overwritten. --out is now checked before any work, with one line
/// starting "--out:", and the files land together or not at all.
/// </summary>
public sealed class TwinOutputTests
{
    private const string Train = "x,label\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n11,0\n12,1\n";
    private const string Stream = "batch,x,label\n0,1,0\n0,2,1\n0,3,0\n1,4,1\n1,5,0\n1,6,1\n";

    // Header only: were the inputs read before --out was checked, this would be the error instead.
    private const string EmptyStream = "batch,x,label\n";

    private static Task<CliRun> Replay(string train, string stream, string outDir, params string[] more) =>
        CliRun.RunAsync(["twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", .. more, "--out", outDir]);

    [Fact]
    public async Task Replay_ReportTargetIsADirectory_IsRefusedUpFront_AndNoFileIsWritten()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", Train);
        var stream = dir.File("stream.csv", Stream);
        Directory.CreateDirectory(dir.Combine("out/report.html"));

        var run = await Replay(train, stream, dir.Combine("out"));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{dir.Combine("out/report.html")}' is a directory, not a file" + Environment.NewLine);
        Directory.EnumerateFileSystemEntries(dir.Combine("out")).ShouldBe([dir.Combine("out/report.html")]);
    }

    [Fact]
    public async Task Replay_IntoAnEarlierRun_ReplacesEveryFile_AndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", Train);
        var stream = dir.File("stream.csv", Stream);
        (await Replay(train, stream, dir.Combine("out"), "--policy", "none")).ExitCode.ShouldBe(0);
        var before = File.ReadAllText(dir.Combine("out/run.json"));

        var run = await Replay(train, stream, dir.Combine("out"), "--policy", "periodic:1");

        run.ExitCode.ShouldBe(0, run.Error);
        before.ShouldContain("\"none\"");
        File.ReadAllText(dir.Combine("out/run.json")).ShouldContain("\"periodic:1\"");
        File.ReadAllText(dir.Combine("out/report.html")).ShouldContain("periodic:1");
        Directory.EnumerateFiles(dir.Combine("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["actions.jsonl", "agent-state.json", "decisions.jsonl", "predictions.csv", "report.html", "run.json"]);
    }

    [Fact]
    public async Task Replay_OutUnderAFile_IsRefusedBeforeTheInputsAreRead()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", Train);
        var stream = dir.File("stream.csv", EmptyStream);
        var file = dir.File("afile", "not a directory");

        var run = await Replay(train, stream, Path.Combine(file, "sub"));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{file}' is a file, so '{Path.Combine(file, "sub")}' cannot be created" + Environment.NewLine);
        File.ReadAllText(file).ShouldBe("not a directory");
    }

    [Fact]
    public async Task Replay_OutIsAFile_IsRefusedBeforeTheInputsAreRead()
    {
        using var dir = new TempDir();
        var file = dir.File("afile", "not a directory");

        var run = await Replay(dir.File("train.csv", Train), dir.File("stream.csv", EmptyStream), file);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{file}' is a file, not a directory" + Environment.NewLine);
    }

    [Theory]
    [InlineData("/dev/shm", "/dev")]
    [InlineData("/dev", "/dev")]
    [InlineData("/proc", "/proc")]
    [InlineData("/sys", "/sys")]
    public async Task Replay_OutUnderASystemDirectory_IsRefusedBeforeAnyWork_AndNothingIsCreated(string parent, string root)
    {
        using var dir = new TempDir();
        var outDir = Path.Combine(parent, "dc-" + Guid.NewGuid().ToString("N"));

        var run = await Replay(dir.File("train.csv", Train), dir.File("stream.csv", EmptyStream), outDir);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{outDir}' is under {root}: refusing to write there" + Environment.NewLine);
        Directory.Exists(outDir).ShouldBeFalse();
    }

    [Fact]
    public async Task Replay_OutThroughASymlinkIntoDevShm_IsRefused()
    {
        using var dir = new TempDir();
        var link = dir.Combine("shm");
        File.CreateSymbolicLink(link, "/dev/shm");
        var outDir = Path.Combine(link, "dc-" + Guid.NewGuid().ToString("N"));

        var run = await Replay(dir.File("train.csv", Train), dir.File("stream.csv", Stream), outDir);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{outDir}' is under /dev: refusing to write there" + Environment.NewLine);
        Directory.Exists(outDir).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--stream", "predictions.csv")]
    [InlineData("--train", "report.html")]
    [InlineData("--policy", "decisions.jsonl")]
    public async Task Replay_InputThatIsOneOfTheOutputs_IsRefused_AndKept(string option, string name)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("coll"));
        var train = dir.File(option == "--train" ? "coll/" + name : "train.csv", Train);
        var stream = dir.File(option == "--stream" ? "coll/" + name : "stream.csv", Stream);
        var policy = dir.File(option == "--policy" ? "coll/" + name : "p.json", """{"name":"p","kind":"periodic","periodic_every":2}""");

        var run = await Replay(train, stream, dir.Combine("coll"), "--policy", policy);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{dir.Combine("coll/" + name)}' is also the {option} input: refusing to overwrite it" + Environment.NewLine);
        File.ReadAllText(train).ShouldBe(Train);
        File.ReadAllText(stream).ShouldBe(Stream);
        Directory.EnumerateFiles(dir.Combine("coll")).ShouldBe([dir.Combine("coll/" + name)]); // nothing written beside it
    }

    [Fact]
    public async Task Replay_InputReachedThroughASymlink_IsStillRecognisedAsAnOutput()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("coll"));
        var stream = dir.File("coll/predictions.csv", Stream);
        File.CreateSymbolicLink(dir.Combine("alias"), dir.Combine("coll"));

        var run = await Replay(dir.File("train.csv", Train), dir.Combine("alias/predictions.csv"), dir.Combine("coll"));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("is also the --stream input");
        File.ReadAllText(stream).ShouldBe(Stream);
    }

    [Fact]
    public async Task Run_PolicyFolderIsAFile_IsRefusedBeforeGenerating_AndNothingIsWritten()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", """{"name":"s","seed":1,"generator":{"type":"sea"},"train_rows":300,"batches":4,"batch_size":100}""");
        Directory.CreateDirectory(dir.Combine("out"));
        var blocker = dir.File("out/none", "a file where the 'none' policy's folder goes");

        var run = await CliRun.RunAsync("twin", "run", scenario, "--policies", "default,none", "--algorithm", "logistic", "--out", dir.Combine("out"));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{blocker}' is a file, not a directory" + Environment.NewLine);
        Directory.EnumerateFileSystemEntries(dir.Combine("out")).ShouldBe([blocker]);
    }

    [Fact]
    public async Task Run_ComparisonTargetIsADirectory_IsRefusedUpFront_AndNothingIsWritten()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", """{"name":"s","seed":1,"generator":{"type":"sea"},"train_rows":300,"batches":4,"batch_size":100}""");
        Directory.CreateDirectory(dir.Combine("out/comparison.html"));

        var run = await CliRun.RunAsync("twin", "run", scenario, "--policies", "default,none", "--algorithm", "logistic", "--out", dir.Combine("out"));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{dir.Combine("out/comparison.html")}' is a directory, not a file" + Environment.NewLine);
        Directory.EnumerateFileSystemEntries(dir.Combine("out")).ShouldBe([dir.Combine("out/comparison.html")]);
    }

    [Fact]
    public async Task Run_ScenarioFileInsideOut_IsRefused_AndKept()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("out"));
        const string Text = """{"name":"s","seed":1,"generator":{"type":"sea"},"train_rows":300,"batches":4,"batch_size":100}""";
        var scenario = dir.File("out/scenario.json", Text);

        var run = await CliRun.RunAsync("twin", "run", scenario, "--policies", "none", "--algorithm", "logistic", "--out", dir.Combine("out"));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{scenario}' is also the scenario input: refusing to overwrite it" + Environment.NewLine);
        File.ReadAllText(scenario).ShouldBe(Text);
    }

    [Fact]
    public async Task Generate_OutUnderDevShm_IsRefused_AndNothingIsCreated()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", """{"name":"s","seed":1,"generator":{"type":"sea"},"train_rows":300,"batches":4,"batch_size":100}""");
        var outDir = "/dev/shm/dc-" + Guid.NewGuid().ToString("N");

        var run = await CliRun.RunAsync("twin", "generate", scenario, "--out", outDir);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --out: '{outDir}' is under /dev: refusing to write there" + Environment.NewLine);
        Directory.Exists(outDir).ShouldBeFalse();
    }
}
