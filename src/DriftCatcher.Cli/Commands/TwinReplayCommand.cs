using System.CommandLine;
using System.Globalization;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Reporting;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher twin replay --train TRAIN.csv --stream STREAM.csv --label COL [--batch-column batch]
/// [--label-delay D] [--policy default|none|periodic:K|POLICY.json] [--algorithm gbt|logistic] --out DIR`.
/// Writes DIR/predictions.csv, DIR/actions.jsonl, DIR/decisions.jsonl, DIR/run.json, DIR/agent-state.json
/// and DIR/report.html.
/// </summary>
internal static class TwinReplayCommand
{
    public static Command Create(CliContext context)
    {
        var train = new Option<string>("--train") { Description = "CSV the first champion is trained on.", Required = true };
        var stream = new Option<string>("--stream") { Description = "CSV of the stream, rows in batch order.", Required = true };
        var label = new Option<string>("--label") { Description = "The label column (in both files).", Required = true };
        var batch = new Option<string>("--batch-column") { Description = "The stream's batch number column.", DefaultValueFactory = _ => "batch" };
        var delay = new Option<int>("--label-delay") { Description = "Labels of batch b-D become visible at batch b.", DefaultValueFactory = _ => 0 };
        var policy = new Option<string>("--policy") { Description = "default, none, periodic:K or a policy file (JSON, or YAML when named *.yaml or *.yml).", DefaultValueFactory = _ => "default" };
        var algorithm = new Option<string>("--algorithm") { Description = "gbt or logistic (classification), gbt or linear (regression).", DefaultValueFactory = _ => "gbt" };
        var seed = new Option<int>("--seed") { Description = "Seed of the learners.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Directory to write the replay's files to (created if missing).", Required = true };
        var command = new Command("replay", "Replay a batched stream against the agent: predict, observe, reveal labels, tick, act.");
        foreach (var o in new Option[] { train, stream, label, batch, delay, policy, algorithm, seed, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = parse.GetValue(policy)!;
            var options = new ReplayOptions(parse.GetValue(label)!, ResolvePolicy(spec))
            {
                BatchColumn = parse.GetValue(batch)!,
                LabelDelay = parse.GetValue(delay),
                Algorithm = parse.GetValue(algorithm)!,
                Seed = parse.GetValue(seed),
            };
            if (options.LabelDelay < 0)
            {
                throw new UsageException($"--label-delay must be >= 0, got {options.LabelDelay}");
            }

            var trainFrame = CliFiles.ReadCsv(parse.GetValue(train)!, "train");
            var streamFrame = CliFiles.ReadCsv(parse.GetValue(stream)!, "stream");
            var outDir = parse.GetValue(output)!;
            var result = Run(trainFrame, streamFrame, options, outDir, scenario: null, driftOnset: null, policyName: spec, cancellationToken);
            await context.Out.WriteLineAsync(Summary(spec, result, outDir)).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static AgentPolicy ResolvePolicy(string spec)
    {
        try
        {
            var builtIn = PolicyLoader.BuiltIn(spec);
            if (builtIn is not null)
            {
                return builtIn;
            }

            using var fs = CliFiles.OpenRead(spec, "--policy");
            return PolicyLoader.Load(fs, spec);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"--policy {spec}: {ex.Message}", ex);
        }
    }

    internal static ReplayResult Run(DataFrame train, DataFrame stream, ReplayOptions options, string outDir, string? scenario, int? driftOnset, string policyName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            throw new UsageException("--out: the output directory is empty");
        }

        if (File.Exists(outDir))
        {
            throw new UsageException($"--out: '{outDir}' is a file, not a directory");
        }

        ReplayResult result;
        try
        {
            result = ReplayDriver.Run(train, stream, options, cancellationToken);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"replay: {ex.Message}", ex);
        }

        Directory.CreateDirectory(outDir);
        CliFiles.WriteAtomically(Path.Combine(outDir, ReplayOutput.PredictionsFile), s => ReplayOutput.WritePredictions(result, s));
        CliFiles.WriteAtomically(Path.Combine(outDir, ReplayOutput.ActionsFile), s => ReplayOutput.WriteActions(result, s));
        CliFiles.WriteAtomically(Path.Combine(outDir, ReplayOutput.DecisionsFile), s => ReplayOutput.WriteDecisions(result, s));
        CliFiles.WriteAtomically(Path.Combine(outDir, ReplayOutput.StateFile), s => ReplayOutput.WriteState(result, s));
        CliFiles.WriteAtomically(Path.Combine(outDir, ReplayOutput.RunFile), s => ReplayOutput.WriteRunInfo(s, scenario, policyName, options.Algorithm, options.LabelDelay, driftOnset,
            result.Task == Core.Agent.State.ModelTask.Regression ? "regression" : "classification"));
        TwinReport.Write(outDir, stream, options.LabelColumn, new TwinRunInfo(scenario, policyName, options.Algorithm, options.LabelDelay, driftOnset));
        return result;
    }

    internal static string Summary(string policy, ReplayResult result, string outDir) => result.Task == Core.Agent.State.ModelTask.Regression
        ? string.Create(CultureInfo.InvariantCulture,
            $"{policy}: regression, MAE {result.Mae:0.0000} RMSE {result.Rmse:0.0000} (coverage {result.Coverage:0.000}), {result.ModelChanges} model changes, {result.Alerts} alerts, {result.Actions.Count} actions; wrote {outDir}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{policy}: accuracy {result.Accuracy:0.0000} (coverage {result.Coverage:0.000}), {result.ModelChanges} model changes, {result.Alerts} alerts, {result.Actions.Count} actions; wrote {outDir}");
}
