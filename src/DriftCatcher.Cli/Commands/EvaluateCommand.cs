using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher evaluate`: not built yet.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("evaluate", "(not built yet)");
        command.SetAction(int (_) => throw new UsageException("'evaluate' is not built yet"));
        return command;
    }
}
