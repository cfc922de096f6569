using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher detect`: not built yet.</summary>
internal static class DetectCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("detect", "(not built yet)");
        command.SetAction(int (_) => throw new UsageException("'detect' is not built yet"));
        return command;
    }
}
