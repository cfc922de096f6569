using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Gbt;

namespace DriftCatcher.Bench;

/// <summary>
/// GBT speed on 100,000 × 10 seeded synthetic rows, the size the speed target names. GlobalSetup also
/// writes the same rows to <see cref="CsvPath"/> so bench/compare/sklearn_hgb.py can time
/// scikit-learn's HistGradientBoostingClassifier on identical data, and the CLI can be timed on it.
/// </summary>
[MemoryDiagnoser]
public class GbtBenchmarks
{
    public const int Rows = 100_000;
    public const int Features = 10;
    public static readonly string CsvPath = Path.Combine(Path.GetTempPath(), "driftcatcher-gbt-100k.csv");

    private static readonly Dictionary<string, string> Defaults = [];
    private TrainingData _data = null!;
    private byte[] _csv = [];
    private IPredictor _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = Make(Rows, seed: 42);
        _csv = Encoding.UTF8.GetBytes(ToCsv(_data));
        File.WriteAllBytes(CsvPath, _csv);
        _model = new GbtLearner().Fit(_data, null, Defaults, 0, CancellationToken.None);
    }

    /// <summary>The fit alone (defaults as sklearn: 100 iterations at most, early stopping on above 10,000 rows).</summary>
    [Benchmark]
    public IPredictor Fit() => new GbtLearner().Fit(_data, null, Defaults, 0, CancellationToken.None);

    /// <summary>Early stopping off, all 100 iterations: speed independent of when the hold-out stops it.</summary>
    [Benchmark]
    public IPredictor Fit100Iterations() =>
        new GbtLearner().Fit(_data, null, new Dictionary<string, string> { ["early-stopping"] = "off" }, 0, CancellationToken.None);

    /// <summary>What `driftcatcher train` spends reading the CSV before fitting.</summary>
    [Benchmark]
    public DataFrame ReadCsv() => CsvFrameReader.Read(new MemoryStream(_csv));

    [Benchmark]
    public double[] Predict()
    {
        var output = new double[Rows * 2];
        _model.Predict(_data.Features, output);
        return output;
    }

    /// <summary>
    /// Ten standard normal features; the label is the sign of a noisy score with linear, interaction
    /// and non-linear terms, so trees have something to find at every depth. Values are rounded to
    /// six decimals so the CSV text and the in-memory numbers are the same.
    /// </summary>
    public static TrainingData Make(int rows, int seed)
    {
        var rng = new Random(seed);
        var x = new double[Features][];
        for (var j = 0; j < Features; j++)
        {
            x[j] = new double[rows];
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < Features; j++)
            {
                x[j][i] = Math.Round(Gaussian(rng), 6);
            }

            var score = x[0][i] + (0.8 * x[1][i]) - (0.6 * x[2][i]) + (0.5 * x[3][i] * x[4][i])
                + Math.Sin(2 * x[5][i]) + (0.3 * ((x[6][i] * x[6][i]) - 1)) + Gaussian(rng);
            y[i] = score > 0 ? 1 : 0;
        }

        var columns = Enumerable.Range(0, Features).Select(j => Column.Numeric($"x{j}", x[j])).ToArray();
        return new TrainingData(new DataFrame(columns), y, TaskKind.BinaryClassification, ["0", "1"]);
    }

    public static string ToCsv(TrainingData data)
    {
        var sb = new StringBuilder();
        var columns = data.Features.Columns;
        sb.AppendJoin(',', columns.Select(c => c.Name)).Append(",target\n");
        for (var i = 0; i < data.Targets.Length; i++)
        {
            foreach (var c in columns)
            {
                sb.Append(c.Numbers[i].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            sb.Append(data.Targets[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
