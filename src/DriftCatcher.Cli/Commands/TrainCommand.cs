using System.CommandLine;

namespace DriftCatcher.Cli.Commands;

/// <summary>`driftcatcher train`: not built yet.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("train", "(not built yet)");
        command.SetAction(int (_) => throw new UsageException("'train' is not built yet"));
        return command;
    }
}
