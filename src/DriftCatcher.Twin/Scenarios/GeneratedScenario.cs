using System.Globalization;
using System.Text;
using System.Text.Json;
using DriftCatcher.Twin.Generators;

namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// A generated scenario: training rows (features + label), the stream (batch, features, label,
/// serving signals) and the ground truth. Writes train.csv, stream.csv and scenario.json.
/// </summary>
public sealed class GeneratedScenario
{
    public const string TrainFile = "train.csv";
    public const string StreamFile = "stream.csv";
    public const string ScenarioFile = "scenario.json";

    internal GeneratedScenario(TwinGenerator generator, TwinTable train, TwinTable stream, ScenarioTruth truth)
    {
        Generator = generator;
        Train = train;
        Stream = stream;
        Truth = truth;
    }

    public TwinGenerator Generator { get; }

    public TwinTable Train { get; }

    public TwinTable Stream { get; }

    public ScenarioTruth Truth { get; }

    public void WriteTrainCsv(Stream output) => WriteCsv(Train, output);

    public void WriteStreamCsv(Stream output) => WriteCsv(Stream, output);

    public void WriteScenarioJson(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ScenarioJson.Options.Encoder });
        JsonSerializer.Serialize(writer, Truth, ScenarioJson.Options);
    }

    /// <summary>
    /// CSV with a header row, '\n' line ends, no BOM. Numbers in shortest round-trip form; NaN is
    /// written "NaN" and +∞ "Infinity" as in CICIDS2017; a missing categorical value is an empty field.
    /// </summary>
    public static void WriteCsv(TwinTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', table.Columns.Select(c => c.Name)));
        var line = new StringBuilder();
        for (var r = 0; r < table.RowCount; r++)
        {
            line.Clear();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }

                var v = table.Values[c][r];
                if (table.Columns[c].Levels is { } levels)
                {
                    if (!double.IsNaN(v))
                    {
                        line.Append(levels[(int)v]);
                    }
                }
                else
                {
                    line.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            writer.WriteLine(line);
        }
    }
}
