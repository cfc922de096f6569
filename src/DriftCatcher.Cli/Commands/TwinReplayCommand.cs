using System.CommandLine;
using System.Globalization;
using System.Text;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
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
        var task = new Option<string?>("--task") { Description = "classification or regression (default: inferred from train's label: text, or whole numbers with at most 1000 distinct values, are classes)." };
        task.AcceptOnlyFromAmong("classification", "regression");
        var output = new Option<string>("--out") { Description = "Directory to write the replay's files to (created if missing).", Required = true };
        var command = new Command("replay", "Replay a batched stream against the agent: predict, observe, reveal labels, tick, act.");
        foreach (var o in new Option[] { train, stream, label, batch, delay, policy, algorithm, seed, task, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = parse.GetValue(policy)!;
            var outDir = parse.GetValue(output)!;

            // --out is checked before anything is read or run, and no input may be one of the outputs.
            using var outputs = new OutputFiles("--out");
            var dir = PlanOutputs(outputs, outDir);
            outputs.RefuseInputs(("--train", parse.GetValue(train)), ("--stream", parse.GetValue(stream)), ("--policy", File.Exists(spec) ? spec : null));

            // Names in the files are trimmed when read (" Label" reads as "Label"), so the flags are too.
            var options = new ReplayOptions(parse.GetValue(label)!.Trim(), ResolvePolicy(spec))
            {
                BatchColumn = parse.GetValue(batch)!.Trim(),
                StreamFile = parse.GetValue(stream),
                TrainFile = parse.GetValue(train),
                LabelDelay = parse.GetValue(delay),
                PolicySpec = spec,
                Algorithm = parse.GetValue(algorithm)!,
                Seed = parse.GetValue(seed),
                Task = parse.GetValue(task) switch { "regression" => LearningTask.Regression, "classification" => LearningTask.Classification, _ => null },
            };
            if (options.LabelDelay < 0)
            {
                throw new UsageException($"--label-delay must be >= 0, got {options.LabelDelay}");
            }

            CheckAlgorithm(options.Algorithm);

            var trainFrame = CliFiles.ReadCsv(parse.GetValue(train)!, "train");
            // A column train holds as text is read as text in the stream too: a batch of codes that happen to be
            // numbers ('0101') would otherwise come back as '101', a category train never saw.
            var streamFrame = CliFiles.ReadCsv(parse.GetValue(stream)!, "stream", CsvReadOptions.TextAs(trainFrame));
            var (result, _) = Run(trainFrame, streamFrame, options, outputs, dir, scenario: null, driftOnset: null, policyName: spec, cancellationToken);
            outputs.Commit(cancellationToken);
            foreach (var warning in result.Warnings)
            {
                await context.Error.WriteLineAsync($"warning: replay: {warning}").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync(Summary(spec, result, outDir)).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    /// <summary>The files a replay writes into its directory, report.html last (it is rendered from the others).</summary>
    internal static readonly string[] OutputNames =
        [ReplayOutput.PredictionsFile, ReplayOutput.ActionsFile, ReplayOutput.DecisionsFile, ReplayOutput.StateFile, ReplayOutput.RunFile, TwinReport.FileName];

    /// <summary>Checks <paramref name="outDir"/> and registers the replay's files in it; returns its full path.</summary>
    internal static string PlanOutputs(OutputFiles outputs, string outDir)
    {
        var dir = outputs.AddDirectory(outDir);
        foreach (var name in OutputNames)
        {
            outputs.AddFile(dir, name);
        }

        return dir;
    }

    internal static AgentPolicy ResolvePolicy(string spec) => ResolvePolicy(spec, "--policy");

    /// <summary>A built-in policy by name, or a policy file; anything else is refused naming <paramref name="option"/>.</summary>
    internal static AgentPolicy ResolvePolicy(string spec, string option)
    {
        try
        {
            var builtIn = PolicyLoader.BuiltIn(spec);
            if (builtIn is not null)
            {
                return builtIn;
            }

            if (!File.Exists(spec) && !Directory.Exists(spec) && !spec.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.HasExtension(spec))
            {
                // Not a path by its looks: most likely a misspelt built-in name.
                throw new UsageException(
                    $"{option}: '{spec}' is neither a built-in policy (default, none, periodic:K) nor a policy file{NameSuggestions.DidYouMean(spec, ["default", "none", "periodic:1"])}");
            }

            using var fs = CliFiles.OpenRead(spec, option);
            return PolicyLoader.Load(fs, spec);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"{option} {spec}: {ex.Message}", ex);
        }
    }

    /// <summary>Refuses an algorithm the learners do not know before any data is read or generated.</summary>
    internal static void CheckAlgorithm(string algorithm)
    {
        var known = Core.Learning.LearnerCatalog.Default.Algorithms;
        if (!known.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new UsageException($"--algorithm: unknown algorithm '{algorithm}' (known: {string.Join(", ", known)}){NameSuggestions.DidYouMean(algorithm, known)}");
        }
    }

    /// <summary>
    /// A built-in policy's name in one spelling ("DEFAULT" → "default", "periodic:01" → "periodic:1"), so that two
    /// spellings of one policy are seen as the same; any other spec as given.
    /// </summary>
    internal static string CanonicalPolicy(string spec)
    {
        var lower = spec.ToLowerInvariant();
        if (lower is "default" or "none")
        {
            return lower;
        }

        const string periodic = "periodic:";
        return lower.StartsWith(periodic, StringComparison.Ordinal)
            && int.TryParse(lower[periodic.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k)
            ? $"{periodic}{k.ToString(CultureInfo.InvariantCulture)}"
            : spec;
    }

    /// <summary>
    /// Replays the stream and stages the replay's files in <paramref name="dir"/> (planned with <see cref="PlanOutputs"/>);
    /// they land when the caller commits <paramref name="outputs"/>. Returns the result and the report's data.
    /// </summary>
    internal static (ReplayResult Result, TwinRunData Data) Run(DataFrame train, DataFrame stream, ReplayOptions options, OutputFiles outputs, string dir, string? scenario, int? driftOnset, string policyName, CancellationToken cancellationToken)
    {
        ReplayResult result;
        try
        {
            result = ReplayDriver.Run(train, stream, options, cancellationToken);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"replay: {ex.Message}", ex);
        }

        string In(string name) => Path.Combine(dir, name);
        outputs.Write(In(ReplayOutput.PredictionsFile), s => ReplayOutput.WritePredictions(result, s));
        outputs.Write(In(ReplayOutput.ActionsFile), s => ReplayOutput.WriteActions(result, s));
        outputs.Write(In(ReplayOutput.DecisionsFile), s => ReplayOutput.WriteDecisions(result, s));
        outputs.Write(In(ReplayOutput.StateFile), s => ReplayOutput.WriteState(result, s));
        outputs.Write(In(ReplayOutput.RunFile), s => ReplayOutput.WriteRunInfo(s, scenario, policyName, options.Algorithm, options.LabelDelay, driftOnset,
            result.Task == Core.Agent.State.ModelTask.Regression ? "regression" : "classification"));

        // The report is rendered from the staged files, so it shows exactly what lands beside it.
        TwinRunData data;
        using (var predictions = outputs.OpenStaged(In(ReplayOutput.PredictionsFile)))
        using (var actions = outputs.OpenStaged(In(ReplayOutput.ActionsFile)))
        using (var decisions = outputs.OpenStaged(In(ReplayOutput.DecisionsFile)))
        {
            data = TwinRunData.Parse(predictions, actions, decisions, Truth(stream, options), options.LabelColumn,
                new TwinRunInfo(scenario, policyName, options.Algorithm, options.LabelDelay, driftOnset, options.LabelDelayExceptions()));
        }

        outputs.Write(In(TwinReport.FileName), s => s.Write(new UTF8Encoding(false).GetBytes(TwinReport.Render(data))));
        return (result, data);
    }

    /// <summary>
    /// The stream the report scores, as the summary does: the labels of a scenario's <c>label_unit_change</c> batches
    /// divided back by the fault's factor, those of its <c>label_stuck</c> rows the class they are (the truth); the
    /// stream itself otherwise.
    /// </summary>
    internal static DataFrame Truth(DataFrame stream, ReplayOptions options)
    {
        if (options.TrueClassByRow is { Count: > 0 } stuck && stream.TryGetColumn(options.LabelColumn, out var classes))
        {
            // A stuck class feed: its rows are scored on the class they are.
            Column truth;
            if (classes.Kind == Core.Data.ColumnKind.Numeric)
            {
                var numbers = (double[])classes.Numbers.Clone();
                foreach (var (row, name) in stuck)
                {
                    numbers[row] = double.Parse(name, System.Globalization.CultureInfo.InvariantCulture);
                }

                truth = Column.Numeric(classes.Name, numbers);
            }
            else
            {
                truth = Column.Categorical(classes.Name, [.. Enumerable.Range(0, classes.Length).Select(r => stuck.TryGetValue(r, out var name) ? name : classes.GetString(r))]);
            }

            return new DataFrame([.. stream.Columns.Select(c => ReferenceEquals(c, classes) ? truth : c)]);
        }

        if (options.LabelFactorByBatch is not { Count: > 0 } || !stream.TryGetColumn(options.LabelColumn, out var label)
            || label.Kind != Core.Data.ColumnKind.Numeric || !stream.TryGetColumn(options.BatchColumn, out var batch) || batch.Kind != Core.Data.ColumnKind.Numeric)
        {
            return stream;
        }

        var values = (double[])label.Numbers.Clone();
        for (var r = 0; r < values.Length; r++)
        {
            if (double.IsFinite(batch.Numbers[r]))
            {
                values[r] = options.TrueLabel((long)batch.Numbers[r], values[r]);
            }
        }

        return new DataFrame([.. stream.Columns.Select(c => ReferenceEquals(c, label) ? Column.Numeric(c.Name, values) : c)]);
    }

    /// <summary>
    /// The one line a replay prints, e.g. <c>default: accuracy 0.8696 (coverage 0.999), 3 model changes, 0 alerts,
    /// 8 actions; wrote DIR</c>. A score with nothing to score reads <c>n/a</c> with the reason (no labels, or nothing
    /// answered) instead of NaN; one of 10¹⁵ or more is written in E notation instead of hundreds of digits.
    /// </summary>
    internal static string Summary(string policy, ReplayResult result, string outDir)
    {
        var regression = result.Task == Core.Agent.State.ModelTask.Regression;
        var score = regression ? result.Mae : result.Accuracy;
        var why = double.IsNaN(score) ? (result.Coverage == 0 ? "nothing answered; " : "no labels; ") : "";
        var head = regression ? $"regression, MAE {Score(result.Mae)} RMSE {Score(result.Rmse)}" : $"accuracy {Score(result.Accuracy)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{policy}: {head} ({why}coverage {result.Coverage:0.000}), {result.ModelChanges} model changes, {result.Alerts} alerts, {result.Actions.Count} actions; wrote {outDir}");
    }

    private static string Score(double v) =>
        double.IsNaN(v) ? "n/a"
        : double.IsFinite(v) && Math.Abs(v) >= 1e15 ? v.ToString("0.####E+0", CultureInfo.InvariantCulture)
        : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
