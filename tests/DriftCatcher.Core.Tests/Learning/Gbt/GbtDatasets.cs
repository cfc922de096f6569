using System.Globalization;
using System.Text.Json;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;

namespace DriftCatcher.Core.Tests.Learning.Gbt;

/// <summary>
/// The CSV datasets under data/datasets/ and scikit-learn's results on them
/// (tests/reference/learners/make_datasets.py wrote both).
/// </summary>
internal static class GbtDatasets
{
    private static readonly Lazy<JsonElement> Reference = new(() => Load("gbt_reference.json"));

    public static JsonElement Entry(string name) => Reference.Value.GetProperty("datasets").GetProperty(name);

    public static JsonElement Binning => Load("gbt_binning.json").GetProperty("thresholds");

    public static (TrainingData Train, TrainingData Test) Read(string name)
    {
        var e = Entry(name);
        var task = e.GetProperty("task").GetString() switch
        {
            "binary" => TaskKind.BinaryClassification,
            "multiclass" => TaskKind.MulticlassClassification,
            _ => TaskKind.Regression,
        };
        var classes = e.GetProperty("classes").GetInt32();
        var train = ReadFile(e.GetProperty("train").GetString()!, task, classes);
        var test = ReadFile(e.GetProperty("test").GetString()!, task, classes);
        if (e.TryGetProperty("inject_nan", out var inject))
        {
            var column = inject.GetProperty("column").GetString()!;
            var every = inject.GetProperty("every").GetInt32();
            train = InjectNaN(train, column, every);
            test = InjectNaN(test, column, every);
        }

        return (train, test);
    }

    /// <summary>Sets every <paramref name="every"/>-th value (from row 0) of a numeric column to NaN.</summary>
    public static TrainingData InjectNaN(TrainingData data, string column, int every)
    {
        var columns = data.Features.Columns.Select(c =>
        {
            if (c.Name != column)
            {
                return c;
            }

            var values = (double[])c.Numbers.Clone();
            for (var i = 0; i < values.Length; i += every)
            {
                values[i] = double.NaN;
            }

            return Column.Numeric(c.Name, values);
        }).ToArray();
        return data with { Features = new DataFrame(columns) };
    }

    public static TrainingData ReadFile(string file, TaskKind task, int classes)
    {
        using var stream = File.OpenRead(Path.Combine(DataDirectory, file));
        var frame = CsvFrameReader.Read(stream);
        var targets = frame["target"].Numbers;
        IReadOnlyList<string> names = task == TaskKind.Regression
            ? []
            : [.. Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        return new TrainingData(frame.Without("target"), targets, task, names);
    }

    public static double Accuracy(IPredictor predictor, TrainingData test)
    {
        var k = predictor.OutputWidth;
        var output = new double[test.Targets.Length * k];
        predictor.Predict(test.Features, output);
        var correct = 0;
        for (var i = 0; i < test.Targets.Length; i++)
        {
            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (output[(i * k) + c] > output[(i * k) + best])
                {
                    best = c;
                }
            }

            correct += best == (int)test.Targets[i] ? 1 : 0;
        }

        return (double)correct / test.Targets.Length;
    }

    public static double Rmse(IPredictor predictor, TrainingData test)
    {
        var output = new double[test.Targets.Length];
        predictor.Predict(test.Features, output);
        var sum = 0.0;
        for (var i = 0; i < output.Length; i++)
        {
            var d = output[i] - test.Targets[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / output.Length);
    }

    private static string DataDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DriftCatcher.sln")))
            {
                dir = dir.Parent;
            }

            return dir is null
                ? throw new DirectoryNotFoundException("no DriftCatcher.sln above " + AppContext.BaseDirectory)
                : Path.Combine(dir.FullName, "data", "datasets");
        }
    }

    private static JsonElement Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Learning", "Gbt", "Reference", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }
}
