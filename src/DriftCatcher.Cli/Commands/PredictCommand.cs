using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher predict`: not built yet.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("predict", "(not built yet)");
        command.SetAction(int (_) => throw new UsageException("'predict' is not built yet"));
        return command;
    }
}
