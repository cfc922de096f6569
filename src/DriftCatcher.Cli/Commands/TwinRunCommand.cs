using System.CommandLine;
using System.Text;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Reporting;
using DriftCatcher.Twin.Scenarios;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher twin run SCENARIO.json --out DIR`: generates the scenario into DIR, replays it under
/// several policies (default, none, periodic:1 unless --policies says otherwise) into DIR/&lt;policy&gt;/,
/// and compares them in DIR/comparison.html.
/// </summary>
internal static class TwinRunCommand
{
    public static Command Create(CliContext context)
    {
        var scenarioArg = new Argument<string>("scenario") { Description = "Scenario file (JSON, see docs/twin.md)." };
        var output = new Option<string>("--out") { Description = "Directory for the generated data, each policy's replay and the comparison.", Required = true };
        var policies = new Option<string>("--policies") { Description = "Comma-separated policies to compare.", DefaultValueFactory = _ => "default,none,periodic:1" };
        var algorithm = new Option<string>("--algorithm") { Description = "gbt or logistic.", DefaultValueFactory = _ => "gbt" };
        var delay = new Option<int?>("--label-delay") { Description = "Label delay D (default: the scenario's, at least 1)." };
        var command = new Command("run", "Generate a scenario and replay it under several policies, compared in one report.");
        command.Arguments.Add(scenarioArg);
        foreach (var o in new Option[] { output, policies, algorithm, delay })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var outDir = parse.GetValue(output)!;
            var scenarioPath = parse.GetValue(scenarioArg)!;
            // Every option is checked before anything is generated or written.
            var specs = parse.GetValue(policies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(TwinReplayCommand.CanonicalPolicy).ToArray();
            if (specs.Length == 0)
            {
                throw new UsageException("--policies: no policy given");
            }

            if (specs.GroupBy(DirName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                // Two files of one name in different folders (a/p.json, b/p.json) are not one policy given twice: say
                // which two clash over which folder, and what to do.
                var (first, second) = (twice.First(), twice.Skip(1).First());
                throw new UsageException(SamePolicy(first, second)
                    ? $"--policies: '{first}' is given twice (each policy writes to its own folder)"
                    : $"--policies: '{first}' and '{second}' would both write to {Path.Combine(outDir, twice.Key)} (each policy's folder is named after it, a file's without its folder and extension): rename one of the files");
            }

            string[] runFiles = [GeneratedScenario.TrainFile, GeneratedScenario.StreamFile, GeneratedScenario.ScenarioFile, TwinComparisonReport.FileName];
            if (specs.FirstOrDefault(spec => runFiles.Contains(DirName(spec), StringComparer.Ordinal)) is { } clash)
            {
                // A policy file stream.csv.json made a folder stream.csv: the run failed after all its work ("already exists").
                throw new UsageException($"--policies: '{clash}' would write its folder {Path.Combine(outDir, DirName(clash))} where the run writes its file {DirName(clash)}: rename the policy file");
            }

            // Every file of the run lands together at the end: the generated data, each policy's replay, the comparison.
            using var outputs = new OutputFiles("--out");
            var root = TwinGenerateCommand.PlanOutputs(outputs, outDir);
            var comparisonPath = outputs.AddFile(root, TwinComparisonReport.FileName);
            var dirs = specs.ToDictionary(spec => spec, spec => TwinReplayCommand.PlanOutputs(outputs, Path.Combine(root, DirName(spec))), StringComparer.Ordinal);
            outputs.RefuseInputs([("scenario", scenarioPath), .. specs.Where(File.Exists).Select(spec => ("--policies", (string?)spec))]);

            var resolved = specs.ToDictionary(spec => spec, spec => TwinReplayCommand.ResolvePolicy(spec, "--policies"), StringComparer.Ordinal);
            if (parse.GetValue(delay) is < 0 and var negative)
            {
                throw new UsageException($"--label-delay must be >= 0, got {negative}");
            }

            TwinReplayCommand.CheckAlgorithm(parse.GetValue(algorithm)!);

            var generated = TwinGenerateCommand.Generate(scenarioPath);
            TwinGenerateCommand.Write(generated, outputs, root);
            var truth = generated.Truth;
            var train = generated.Train.ToDataFrame();
            var stream = generated.Stream.ToDataFrame();
            // The default is raised to 1 but never past the stream's span: a one-batch stream replays with delay 0.
            var arrived = truth.Truth.Where(b => b.Arrived).Select(b => b.Batch).ToList();
            var labelDelay = parse.GetValue(delay) ?? Math.Min(Math.Max(1, truth.Scenario.LabelDelay), arrived.Max() - arrived.Min());

            var runs = new List<(string Policy, TwinRunData Data)>();
            var links = new Dictionary<string, string>(StringComparer.Ordinal);
            var summaries = new List<string>();
            var warnings = new List<string>();
            var onset = truth.FirstRealDriftBatch ?? truth.FirstFaultBatch;
            foreach (var spec in specs)
            {
                var options = new ReplayOptions(truth.LabelColumn, resolved[spec])
                {
                    BatchColumn = truth.BatchColumn,
                    LabelDelay = labelDelay,
                    PolicySpec = spec,
                    LabelDelayByBatch = truth.FaultLabelDelays(),
                    LabelFactorByBatch = truth.FaultLabelFactors(),
                    TrueClassByRow = truth.TrueLabels,
                    Algorithm = parse.GetValue(algorithm)!,
                };
                var (result, data) = TwinReplayCommand.Run(train, stream, options, outputs, dirs[spec], truth.Name, onset, spec, cancellationToken);
                summaries.Add(TwinReplayCommand.Summary(spec, result, Path.Combine(outDir, DirName(spec))));
                warnings.AddRange(result.Warnings.Select(w => $"warning: replay: {w}"));
                runs.Add((spec, data));
                links[spec] = $"{DirName(spec)}/{TwinReport.FileName}";
            }

            var html = TwinComparisonReport.Render(runs, links);
            outputs.Write(comparisonPath, s => s.Write(new UTF8Encoding(false).GetBytes(html)));
            outputs.Commit(cancellationToken);

            // Printed once everything has landed, so no line says "wrote" about a file that is not there.
            foreach (var line in warnings)
            {
                await context.Error.WriteLineAsync(line).ConfigureAwait(false);
            }

            foreach (var line in summaries)
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"wrote {Path.Combine(outDir, TwinComparisonReport.FileName)}").ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    /// <summary>Whether two specs with the same folder name are one policy: the same built-in, or the same file however spelt.</summary>
    private static bool SamePolicy(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (File.Exists(a) && File.Exists(b) && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal));

    private static string DirName(string spec)
    {
        var name = Path.GetFileNameWithoutExtension(spec).Replace(':', '-');
        return name.Length == 0 ? "policy" : name;
    }
}
