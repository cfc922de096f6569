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
            using var outputs = new OutputFiles("--out");
            var dir = PlanOutputs(outputs, outDir);
            outputs.RefuseInputs(("scenario", scenarioPath));
            var generated = Generate(scenarioPath);
            cancellationToken.ThrowIfCancellationRequested();
            Write(generated, outputs, dir);
            outputs.Commit(cancellationToken);
            var t = generated.Truth;
            await context.Out.WriteLineAsync(
                $"{t.Name}: wrote {GeneratedScenario.TrainFile} ({t.TrainRows} rows), {GeneratedScenario.StreamFile} ({t.StreamRows} rows in {t.Truth.Count(b => b.Arrived)} batches), {GeneratedScenario.ScenarioFile} to {outDir}")
                .ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    /// <summary>Checks <paramref name="outDir"/> and registers train.csv, stream.csv and scenario.json in it; returns its full path.</summary>
    internal static string PlanOutputs(OutputFiles outputs, string outDir)
    {
        var dir = outputs.AddDirectory(outDir);
        foreach (var name in new[] { GeneratedScenario.TrainFile, GeneratedScenario.StreamFile, GeneratedScenario.ScenarioFile })
        {
            outputs.AddFile(dir, name);
        }

        return dir;
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

    /// <summary>Stages the generated files in <paramref name="dir"/> (planned with <see cref="PlanOutputs"/>).</summary>
    internal static void Write(GeneratedScenario generated, OutputFiles outputs, string dir)
    {
        outputs.Write(Path.Combine(dir, GeneratedScenario.TrainFile), generated.WriteTrainCsv);
        outputs.Write(Path.Combine(dir, GeneratedScenario.StreamFile), generated.WriteStreamCsv);
        outputs.Write(Path.Combine(dir, GeneratedScenario.ScenarioFile), generated.WriteScenarioJson);
    }
}
