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
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "driftcatcher.dll"), "twin", "run", scenario, "--out", outDir, "--policies", "default,periodic:1" })
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

    private static bool Staged(string dir) =>
        Directory.Exists(dir) && new DirectoryInfo(dir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Any(f => f.Name.EndsWith(".tmp", StringComparison.Ordinal));
}
