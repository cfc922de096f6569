using System.CommandLine;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Scenarios;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher twin generate SCENARIO.json --out DIR`: writes DIR/train.csv, DIR/stream.csv and
/// DIR/scenario.json (the resolved scenario with its per-batch ground truth).
/// </summary>
internal static class TwinGenerateCommand
{
    public static Command Create(CliContext context)
    {
        var scenarioArg = new Argument<string>("scenario") { Description = "Scenario file (JSON, see docs/twin.md)." };
        var outOption = new Option<string>("--out") { Description = "Directory to write train.csv, stream.csv and scenario.json to (created if missing).", Required = true };
        var command = new Command("generate", "Generate a scenario's training data, batched stream and ground truth.");
        command.Arguments.Add(scenarioArg);
        command.Options.Add(outOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scenarioPath = parse.GetValue(scenarioArg)!;
            var outDir = parse.GetValue(outOption)!;
            var generated = Generate(scenarioPath);
            cancellationToken.ThrowIfCancellationRequested();
            Write(generated, outDir);
            var t = generated.Truth;
            await context.Out.WriteLineAsync(
                $"{t.Name}: wrote {GeneratedScenario.TrainFile} ({t.TrainRows} rows), {GeneratedScenario.StreamFile} ({t.StreamRows} rows in {t.Truth.Count(b => b.Arrived)} batches), {GeneratedScenario.ScenarioFile} to {outDir}")
                .ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static GeneratedScenario Generate(string scenarioPath)
    {
        using var stream = CliFiles.OpenRead(scenarioPath, "scenario");
        try
        {
            return ScenarioGenerator.Generate(ScenarioJson.Parse(stream));
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"{Path.GetFileName(scenarioPath)}: {ex.Message}", ex);
        }
    }

    internal static void Write(GeneratedScenario generated, string outDir)
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            throw new UsageException("--out: no directory given");
        }

        if (File.Exists(outDir))
        {
            throw new UsageException($"--out: '{outDir}' is a file, not a directory");
        }

        Directory.CreateDirectory(outDir);
        CliFiles.WriteAtomically(Path.Combine(outDir, GeneratedScenario.TrainFile), generated.WriteTrainCsv);
        CliFiles.WriteAtomically(Path.Combine(outDir, GeneratedScenario.StreamFile), generated.WriteStreamCsv);
        CliFiles.WriteAtomically(Path.Combine(outDir, GeneratedScenario.ScenarioFile), generated.WriteScenarioJson);
    }
}
