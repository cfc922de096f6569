using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher twin`: the digital twin. Each subcommand lives in its own Twin*Command.cs file.</summary>
internal static class TwinCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("twin", "Digital twin: generate drift scenarios and replay them against the engine.");
        command.Subcommands.Add(TwinGenerateCommand.Create(context));
        command.Subcommands.Add(TwinReplayCommand.Create(context));
        command.Subcommands.Add(TwinRunCommand.Create(context));
        return command;
    }
}
