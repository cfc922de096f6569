using System.CommandLine;
using DriftCatcher.Core.Learning;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher evaluate --model MODEL.dcm --data TEST.csv [--label COL]`: prints
/// <c>{"rows", "accuracy", "f1_macro", "roc_auc" (binary only), "log_loss"}</c>, or
/// <c>{"rows", "mae", "rmse", "r2"}</c> for regression; "dropped_rows" appears when rows had no label.
/// A label value the model never saw is an error (exit 2) naming it.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context) => Create(context, LearnerCatalog.Default);

    public static Command Create(CliContext context, LearnerCatalog catalog)
    {
        var model = new Option<string>("--model") { Description = "The model file (.dcm)", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: CSV, or JSON rows", Required = true };
        var label = new Option<string?>("--label") { Description = "The label column (default: the model's label column)" };
        var command = new Command("evaluate", "Score a model on labelled data.");
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(label);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var artifact = LearningCliFiles.ReadModel(parse.GetValue(model)!, catalog);
            var frame = LearningCliFiles.ReadData(parse.GetValue(data)!, artifact, parse.GetValue(label) ?? artifact.Metadata.Label);
            var result = LearningCliFiles.OnData(parse.GetValue(data)!, () => ModelEvaluator.Evaluate(artifact, frame, parse.GetValue(label)));
            if (result.Rows == 0)
            {
                throw new UsageException(result.DroppedRows > 0
                    ? $"evaluate: none of the {result.DroppedRows} rows has a usable label: nothing to score"
                    : "evaluate: the data has no rows: nothing to score");
            }

            if (result.Regression is { } r && !(double.IsFinite(r.Mae) && double.IsFinite(r.Rmse)))
            {
                throw new UsageException("evaluate: the mean error is beyond the largest double (labels and predictions near ±1.8e308 on opposite sides): nothing to report");
            }

            int? dropped = result.DroppedRows > 0 ? result.DroppedRows : null;
            var json = result.Classification is { } c
                ? CliJson.Serialize(new ClassificationOutput(c.Rows, c.Accuracy, c.F1Macro, c.RocAuc, c.LogLoss, dropped))
                : CliJson.Serialize(new RegressionOutput(result.Rows, result.Regression!.Mae, result.Regression.Rmse, result.Regression.R2, dropped));
            await context.Out.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    private sealed record ClassificationOutput(int Rows, double Accuracy, double F1Macro, double? RocAuc, double LogLoss, int? DroppedRows);

    private sealed record RegressionOutput(int Rows, double Mae, double Rmse, double R2, int? DroppedRows);
}
