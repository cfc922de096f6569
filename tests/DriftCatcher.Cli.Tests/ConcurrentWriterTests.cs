using System.Text.Json;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// Two commands writing into the same --out at once. Each put its files in place one rename at a time, so the
/// directory could end with the predictions of one run beside the report and run.json of the other, and one run's
/// rollback could put back the other's file as "old". Now a command takes a lock on each directory while it puts its
/// files in place (<see cref="DirectoryLock"/>), and the directory holds one whole run.
/// </summary>
public sealed class ConcurrentWriterTests
{
    private const string Scenario = """{"name":"small","seed":5,"generator":{"type":"sea","noise":0.05},"train_rows":600,"batches":12,"batch_size":150,"drifts":[{"shape":"sudden","start":5,"to":3}]}""";

    [Fact]
    public async Task TwinReplay_IntoADirectoryAnotherWriterHolds_WaitsWithEverythingStaged_ThenLandsWhole()
    {
        using var dir = new TempDir();
        var (train, stream) = await GenerateAsync(dir);
        var outDir = dir.Combine("out");
        Directory.CreateDirectory(outDir);

        Task<CliRun> run;
        using (DirectoryLock.Acquire(outDir, TestContext.Current.CancellationToken))
        {
            run = Task.Run(() => Replay(train, stream, outDir, "none"), TestContext.Current.CancellationToken);

            // report.html is the last file staged: from then on the run only waits for the lock.
            await WaitForAsync(() => Names(outDir).Any(n => n.StartsWith(".report.html.", StringComparison.Ordinal)), run);

            await Task.Delay(300, TestContext.Current.CancellationToken);
            run.IsCompleted.ShouldBeFalse("the run waits for the lock before it moves any file into place");
            Names(outDir).ShouldAllBe(n => n.StartsWith('.') && n.EndsWith(".tmp", StringComparison.Ordinal), "nothing has landed yet");
        }

        var done = await run;
        done.ExitCode.ShouldBe(0, done.Error);
        Names(outDir).Order(StringComparer.Ordinal).ShouldBe(["actions.jsonl", "agent-state.json", "decisions.jsonl", "predictions.csv", "report.html", "run.json"]);
    }

    [Fact]
    public async Task EightReplaysPuttingTheirFilesInPlaceAtOnce_LeaveOneWholeRun()
    {
        using var dir = new TempDir();
        var (train, stream) = await GenerateAsync(dir);
        var outDir = dir.Combine("out");
        Directory.CreateDirectory(outDir);

        for (var round = 0; round < 3; round++)
        {
            // Held until every writer has staged all its files, then released: all eight go for the renames at once
            // (left to themselves, a run of 'none' and one of periodic:1 seldom finish within the same millisecond).
            Task<CliRun[]> runs;
            using (DirectoryLock.Acquire(outDir, TestContext.Current.CancellationToken))
            {
                runs = Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                    Task.Run(() => Replay(train, stream, outDir, i % 2 == 0 ? "none" : "periodic:1"), TestContext.Current.CancellationToken)));
                await WaitForAsync(() => Names(outDir).Count(n => n.StartsWith(".report.html.", StringComparison.Ordinal)) == 8, runs);
            }

            var done = await runs;
            done.ShouldAllBe(r => r.ExitCode == 0, string.Join(" | ", done.Select(r => r.Error)));
            Names(outDir).ShouldAllBe(n => !n.StartsWith('.'), "no staged file or backup is left behind");
            using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run.json")));
            var policy = info.RootElement.GetProperty("policy").GetString();
            var actions = File.ReadAllLines(Path.Combine(outDir, "actions.jsonl"));
            var versions = File.ReadLines(Path.Combine(outDir, "predictions.csv")).Skip(1).Select(l => l.Split(',')[3]).Distinct().Count();
            if (policy == "none")
            {
                actions.ShouldBeEmpty($"round {round}: run.json of 'none' beside the actions of another run");
                versions.ShouldBe(1, $"round {round}: predictions of another run beside 'none''s run.json");
            }
            else
            {
                policy.ShouldBe("periodic:1");
                actions.ShouldNotBeEmpty($"round {round}: run.json of periodic:1 beside the actions of 'none'");
                versions.ShouldBeGreaterThan(1, $"round {round}: predictions of 'none' beside periodic:1's run.json");
            }
        }
    }

    [Fact]
    public void Acquire_WhileHeld_WaitsUntilCancelled()
    {
        using var dir = new TempDir();
        using var held = DirectoryLock.Acquire(dir.Path, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Should.Throw<OperationCanceledException>(() => DirectoryLock.Acquire(dir.Path, cancel.Token));
    }

    /// <summary>Waits until <paramref name="staged"/> holds; <paramref name="writers"/> must not end before it does.</summary>
    private static async Task WaitForAsync(Func<bool> staged, Task writers)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!staged())
        {
            writers.IsCompleted.ShouldBeFalse("a writer ended while another held --out");
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(120));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<(string Train, string Stream)> GenerateAsync(TempDir dir)
    {
        var scenario = dir.File("s.json", Scenario);
        var generated = await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("data"));
        generated.ExitCode.ShouldBe(0, generated.Error);
        return (dir.Combine("data/train.csv"), dir.Combine("data/stream.csv"));
    }

    private static Task<CliRun> Replay(string train, string stream, string outDir, string policy) =>
        CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--label-delay", "1",
            "--algorithm", "logistic", "--policy", policy, "--out", outDir);

    private static List<string> Names(string dir) => Directory.EnumerateFiles(dir, "*", new EnumerationOptions { AttributesToSkip = 0 }).Select(f => Path.GetFileName(f)!).ToList();
}
