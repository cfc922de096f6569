using System.Diagnostics;
using Shouldly;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// A command stopped by SIGTERM (a CI timeout, a pod deleted) or Ctrl-C stops at its next batch and removes what it
/// staged in --out. It used to die on the spot (exit 143, nothing said) and leave every staged file behind as a
/// hidden .tmp beside its target, the generated stream among them, in directories it had made.
/// </summary>
public sealed class SignalTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task TwinRun_StoppedBySignalMidRun_SaysSo_AndLeavesNothingInOut(string signal)
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", """{"name":"long","seed":3,"generator":{"type":"sea"},"train_rows":1000,"batches":400,"batch_size":200}""");
        var outDir = dir.Combine("out");
        // A test run started in the background of a non-interactive shell (`.ci/run &`) inherits SIGINT ignored, and so
        // would the CLI (rightly: POSIX keeps an ignored signal ignored across exec); give it the default back first.
        var resetSignals = InheritsIgnoredSignals();
        var start = new ProcessStartInfo(resetSignals ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        var prefix = resetSignals ? new[] { "--default-signal=INT,TERM", "dotnet" } : [];
        foreach (var a in prefix.Concat([Path.Combine(AppContext.BaseDirectory, "driftcatcher.dll"), "twin", "run", scenario, "--out", outDir, "--policies", "default,periodic:1"]))
        {
            start.ArgumentList.Add(a);
        }

        using var run = Process.Start(start)!;
        var stderr = run.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = run.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);

        // The generated files are staged before the replays start (periodic:1 retrains in each of the 400 batches).
        var waited = Stopwatch.StartNew();
        while (!Staged(outDir))
        {
            if (run.HasExited)
            {
                Assert.Fail($"the run ended before it was under way: {await stderr}");
            }

            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        using (var kill = Process.Start("kill", ["-" + signal, run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await run.WaitForExitAsync(timeout.Token);

        (await stdout).ShouldBeEmpty();
        (await stderr).ShouldBe("error: cancelled" + Environment.NewLine);
        run.ExitCode.ShouldBe(signal == "TERM" ? 143 : 130);
        Directory.Exists(outDir).ShouldBeFalse("the run made --out, and removes it with what it staged");
    }

    /// <summary>Whether this process ignores SIGINT or SIGTERM (bits 1 and 14 of SigIgn in /proc/self/status).</summary>
    private static bool InheritsIgnoredSignals()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var ignored)
            && (ignored & ((1UL << 1) | (1UL << 14))) != 0;
    }

    private static bool Staged(string dir) =>
        Directory.Exists(dir) && new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Any(f => f.Name.EndsWith(".tmp", StringComparison.Ordinal));
}
