using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher twin`: not built yet.</summary>
internal static class TwinCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("twin", "(not built yet)");
        command.SetAction(int (_) => throw new UsageException("'twin' is not built yet"));
        return command;
    }
}
