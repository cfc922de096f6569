using System.CommandLine;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher train --data TRAIN.csv --label COL --algorithm gbt|logistic|linear [--task
/// classification|regression] [--seed N] [--param key=value]... --out MODEL.dcm`: trains on 70% of the
/// rows, reports metrics on a 15% validation part, keeps a 15% holdout's metrics in the model file,
/// and prints <c>{"rows", "features", "classes", "algorithm", "seconds", "validation": {...}}</c>.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context) => Create(context, LearnerCatalog.Default);

    public static Command Create(CliContext context, LearnerCatalog catalog)
    {
        var data = new Option<string>("--data") { Description = "Training data: CSV, or JSON rows (.json, .jsonl)", Required = true };
        var label = new Option<string?>("--label") { Description = "The label column (default: the first of Label, label, target, class, y)" };
        var algorithm = new Option<string>("--algorithm") { Description = $"The learner: {string.Join(", ", catalog.Algorithms)}", Required = true };
        var task = new Option<string>("--task") { Description = "classification (default) or regression", DefaultValueFactory = _ => "classification" };
        task.AcceptOnlyFromAmong("classification", "regression");
        var seed = new Option<int>("--seed") { Description = "Seed of the split and the learner (default 0)" };
        var parameters = new Option<string[]>("--param") { Description = "A learner parameter key=value (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out") { Description = "Where to write the model (.dcm)", Required = true };

        var command = new Command("train", "Train a model on labelled data and write it to one file.");
        foreach (var option in new Option[] { data, label, algorithm, task, seed, parameters, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new TrainRequest
            {
                Algorithm = parse.GetValue(algorithm)!,
                Label = parse.GetValue(label),
                Task = parse.GetValue(task) == "regression" ? LearningTask.Regression : LearningTask.Classification,
                Seed = parse.GetValue(seed),
                Parameters = ParseParameters(parse.GetValue(parameters) ?? []),
                Dataset = Path.GetFileName(parse.GetValue(data)!),
            };
            var outPath = parse.GetValue(output)!;
            _ = catalog.CreateLearner(request.Algorithm);
            CliFiles.CheckOutputFile(outPath);
            CliFiles.CheckNotAnInput(outPath, parse.GetValue(data));
            var frame = LearningCliFiles.ReadData(parse.GetValue(data)!);
            var prepared = LearningCliFiles.OnData(parse.GetValue(data)!, () => DatasetBuilder.ForTraining(frame, request.Label, request.Task));
            var result = new ModelTrainer(catalog, context.Time).Train(frame, prepared, request, cancellationToken);
            CliFiles.WriteAtomically(outPath, stream => ModelArtifactFormat.Write(stream, result.Artifact));

            var meta = result.Artifact.Metadata;
            var validation = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["rows"] = meta.Lineage.ValidationRows,
            };
            foreach (var (name, value) in meta.ValidationMetrics)
            {
                validation[name] = value;
            }

            validation["train_rows"] = meta.Lineage.TrainRows;
            validation["holdout_rows"] = meta.Lineage.HoldoutRows;
            validation["dropped_rows"] = meta.Preparation.DroppedRows;
            validation["missing_values"] = meta.Preparation.MissingValues;
            validation["non_finite_values"] = meta.Preparation.NonFiniteValues;
            var report = new TrainOutput(
                frame.RowCount, meta.Schema.Features.Count, meta.Classes, meta.Algorithm, Math.Round(result.Elapsed.TotalSeconds, 3), validation);
            await context.Out.WriteLineAsync(CliJson.Serialize(report).AsMemory(), cancellationToken).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    private static Dictionary<string, string> ParseParameters(string[] pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--param '{pair}' is not key=value");
            }

            // Learners spell keys in kebab-case (max-iter); snake_case as in scikit-learn is accepted too.
            var key = pair[..eq].Trim().Replace('_', '-');
            if (!result.TryAdd(key, pair[(eq + 1)..].Trim()))
            {
                throw new UsageException($"--param '{key}' is given twice");
            }
        }

        return result;
    }

    private sealed record TrainOutput(int Rows, int Features, IReadOnlyList<string> Classes, string Algorithm, double Seconds, IReadOnlyDictionary<string, double> Validation);
}
