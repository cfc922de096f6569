using System.CommandLine;
using System.Globalization;
using System.Text;
using DriftCatcher.Core.Learning;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher predict --model MODEL.dcm --data DATA.csv --out PRED.csv`: writes a CSV with a
/// `prediction` column and, for classification, one `p_&lt;class&gt;` column per class, rows in input
/// order. The file appears whole or not at all.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context) => Create(context, LearnerCatalog.Default);

    public static Command Create(CliContext context, LearnerCatalog catalog)
    {
        var model = new Option<string>("--model") { Description = "The model file (.dcm)", Required = true };
        var data = new Option<string>("--data") { Description = "Rows to predict: CSV, or JSON rows (extra columns are ignored)", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the predictions (CSV)", Required = true };
        var command = new Command("predict", "Predict rows with a model.");
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliFiles.CheckOutputFile(parse.GetValue(output)!);
            CliFiles.CheckNotAnInput(parse.GetValue(output)!, parse.GetValue(model), parse.GetValue(data));
            var artifact = LearningCliFiles.ReadModel(parse.GetValue(model)!, catalog);
            var frame = LearningCliFiles.ReadData(parse.GetValue(data)!, artifact, label: null);
            var predictions = LearningCliFiles.OnData(parse.GetValue(data)!, () => artifact.Predict(frame));
            CliFiles.WriteAtomically(parse.GetValue(output)!, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                var header = new StringBuilder("prediction");
                if (predictions.Task != Core.Learning.TaskKind.Regression)
                {
                    foreach (var c in predictions.Classes)
                    {
                        header.Append(',').Append(Quote("p_" + c));
                    }
                }

                writer.WriteLine(header.ToString());
                var line = new StringBuilder();
                for (var r = 0; r < predictions.Rows; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    line.Clear().Append(Quote(predictions.Label(r)));
                    if (predictions.Task != Core.Learning.TaskKind.Regression)
                    {
                        for (var k = 0; k < predictions.Width; k++)
                        {
                            line.Append(',').Append(predictions.Values[(r * predictions.Width) + k].ToString("R", CultureInfo.InvariantCulture));
                        }
                    }

                    writer.WriteLine(line.ToString());
                }
            });
            await context.Out.WriteLineAsync(CliJson.Serialize(new { rows = predictions.Rows, output = parse.GetValue(output) }).AsMemory(), cancellationToken).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value.Trim().Length == value.Length
            ? value
            : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
