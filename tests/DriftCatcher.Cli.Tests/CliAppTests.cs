using Shouldly;

namespace DriftCatcher.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task UnknownCommand_ExitsTwoWithOneLine()
    {
        var run = await CliRun.RunAsync("frobnicate");
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldContain("frobnicate");
    }

    [Fact]
    public async Task NoCommand_ExitsTwo()
    {
        var run = await CliRun.RunAsync();
        run.ExitCode.ShouldBe(2);
    }
}
