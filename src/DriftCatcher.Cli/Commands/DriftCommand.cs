using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher drift`: not built yet.</summary>
internal static class DriftCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("drift", "(not built yet)");
        command.SetAction(int (_) => throw new UsageException("'drift' is not built yet"));
        return command;
    }
}
