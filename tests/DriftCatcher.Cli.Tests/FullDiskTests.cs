using System.Text.RegularExpressions;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// A command whose output disk fills up under it fails with exit code 1 and one line naming the file the user asked
/// for and the reason ("error: --out: cannot write '…/m.dcm': No space left on device"), leaves nothing of its own
/// behind (no staged file, no directory it made) and keeps the outputs of the run before. The disk is a real one:
/// a tmpfs of a few pages (see <see cref="SmallDisk"/>).
/// </summary>
public sealed class FullDiskTests
{
    private const string Scenario = """{"name":"small","seed":3,"generator":{"type":"sea"},"train_rows":1000,"batches":30,"batch_size":200}""";
    private const string Old = "the run before";

    [Fact]
    public async Task TwinRun_OnAFullDisk_FailsWithOneLine_KeepsTheOldOutputs_AndLeavesNothingOfItsOwn()
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", Scenario);
        var fits = await CliRun.RunAsync("twin", "run", scenario, "--out", dir.Combine("fits"), "--policies", "default,none");
        fits.ExitCode.ShouldBe(0, fits.Error);
        var size = new DirectoryInfo(dir.Combine("fits")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

        // Nothing free; then half of what the run writes, so that some files are staged before the disk fills.
        var failedOn = new List<string>();
        foreach (var free in new[] { 0L, size / 2 })
        {
            using var disk = SmallDisk.Mount(size + (1 << 20));
            var outDir = Path.Combine(disk.Path, "out");
            WriteOld(Path.Combine(outDir, "comparison.html"));
            WriteOld(Path.Combine(outDir, "default", "report.html"));
            disk.LeaveFree(free);

            var run = await CliRun.RunAsync("twin", "run", scenario, "--out", outDir, "--policies", "default,none");

            run.ExitCode.ShouldBe(1, $"{free} bytes free: {run.Out}{run.Error}");
            run.Out.ShouldBeEmpty("no line says \"wrote\" about a file that is not there");
            var file = FailedFile(run.Error, disk.Path + "/out/");
            failedOn.Add(file);
            disk.Files().ShouldBe(["out/comparison.html", "out/default/report.html"], $"{free} bytes free: only the old outputs are left");
            disk.Directories().ShouldBe(["out", "out/default"], $"{free} bytes free: the directories the run made are gone");
            File.ReadAllText(Path.Combine(outDir, "comparison.html")).ShouldBe(Old);
            File.ReadAllText(Path.Combine(outDir, "default", "report.html")).ShouldBe(Old);
        }

        failedOn[1].ShouldNotBe(failedOn[0], "with half the room the run staged some files before the disk filled");

        // With room enough, the same run replaces the old outputs.
        using (var roomy = SmallDisk.Mount(size + (1 << 20)))
        {
            var outDir = Path.Combine(roomy.Path, "out");
            WriteOld(Path.Combine(outDir, "comparison.html"));
            var run = await CliRun.RunAsync("twin", "run", scenario, "--out", outDir, "--policies", "default,none");
            run.ExitCode.ShouldBe(0, run.Error);
            File.ReadAllText(Path.Combine(outDir, "comparison.html")).ShouldNotBe(Old);
            roomy.Files().ShouldNotContain(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.EndsWith(".old", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Train_OnAFullDisk_FailsWithOneLine_AndKeepsTheOldModel()
    {
        using var dir = new TempDir();
        var data = dir.File("train.csv", LearningTestData.Binary(400, 1));
        using var disk = SmallDisk.Mount(1 << 20);
        var model = Path.Combine(disk.Path, "m.dcm");
        WriteOld(model);
        disk.LeaveFree(0);

        var run = await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "gbt", "--out", model);

        run.ExitCode.ShouldBe(1, run.Error);
        run.Out.ShouldBeEmpty("the training summary is printed only once the model is written");
        FailedFile(run.Error, disk.Path + "/").ShouldBe("m.dcm");
        disk.Files().ShouldBe(["m.dcm"]);
        File.ReadAllText(model).ShouldBe(Old);
    }

    [Fact]
    public async Task Predict_OnAFullDisk_FailsWithOneLine_AndKeepsTheOldPredictions()
    {
        using var dir = new TempDir();
        var model = await EvaluateCommandTests.TrainAsync(dir, LearningTestData.Binary(300, 1), "label");
        var data = dir.File("rows.csv", LearningTestData.Binary(2000, 2));
        using var disk = SmallDisk.Mount(1 << 20);
        var predictions = Path.Combine(disk.Path, "p.csv");
        WriteOld(predictions);
        disk.LeaveFree(4096);

        var run = await CliRun.RunAsync("predict", "--model", model, "--data", data, "--out", predictions);

        run.ExitCode.ShouldBe(1, run.Error);
        run.Out.ShouldBeEmpty();
        FailedFile(run.Error, disk.Path + "/").ShouldBe("p.csv");
        disk.Files().ShouldBe(["p.csv"]);
        File.ReadAllText(predictions).ShouldBe(Old);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("predict")]
    [InlineData("twin")]
    public async Task IntoAReadOnlyDisk_IsRefusedBeforeAnyWork_WithExitTwo(string command)
    {
        // train and predict used to do all the work first, then fail: exit 1 on a read-only file system, and exit 2
        // naming the hidden staged file ('/…/.p.csv.5885….tmp') where permission was denied.
        using var dir = new TempDir();
        var data = dir.File("rows.csv", LearningTestData.Binary(300, 1));
        var model = command == "predict" ? await EvaluateCommandTests.TrainAsync(dir, LearningTestData.Binary(300, 1), "label") : null;
        using var disk = SmallDisk.Mount(1 << 20, readOnly: true);
        var target = Path.Combine(disk.Path, command == "twin" ? "out" : "result");

        var run = command switch
        {
            "train" => await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "gbt", "--out", target),
            "predict" => await CliRun.RunAsync("predict", "--model", model!, "--data", data, "--out", target),
            _ => await CliRun.RunAsync("twin", "run", dir.File("s.json", Scenario), "--out", target, "--policies", "none"),
        };

        run.ExitCode.ShouldBe(2, run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"error: --out: cannot create files in '{disk.Path}': Read-only file system" + Environment.NewLine);
    }

    private static void WriteOld(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Old);
    }

    /// <summary>The file named by the one line "error: --out: cannot write 'PREFIX…': No space left on device", relative to PREFIX.</summary>
    private static string FailedFile(string error, string prefix)
    {
        error.ShouldEndWith(Environment.NewLine);
        error.TrimEnd().ShouldNotContain('\n');
        var m = Regex.Match(error.TrimEnd(), @"^error: --out: cannot write '(?<file>[^']+)': No space left on device$");
        m.Success.ShouldBeTrue($"one line naming the file and the reason, got: {error}");
        var file = m.Groups["file"].Value;
        file.ShouldStartWith(prefix);
        file.ShouldNotContain(".tmp", Case.Sensitive, "the line names the user's file, not the hidden staged one");
        return file[prefix.Length..];
    }
}
