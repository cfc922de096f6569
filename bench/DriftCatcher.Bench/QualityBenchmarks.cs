using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Quality;

namespace DriftCatcher.Bench;

/// <summary>The data-quality check on a 1,000,000 × 80 window (70 numeric, 10 categorical columns).</summary>
[MemoryDiagnoser]
public class QualityBenchmarks
{
    private const int NumericColumns = 70;
    private const int CategoricalColumns = 10;

    private DataFrame _window = null!;
    private DataFrame _reference = null!;
    private QualityBaseline _baseline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reference = Frame(100_000, seed: 1);
        _window = Frame(1_000_000, seed: 2);
        _baseline = QualityBaseline.Build(_reference);
    }

    [Benchmark]
    public QualityReport Check_1M_x_80() => DataQualityChecker.Check(_baseline, _window);

    [Benchmark]
    public QualityBaseline Build_100k_x_80() => QualityBaseline.Build(_reference);

    private static DataFrame Frame(int rows, int seed)
    {
        var rng = new Random(seed);
        var columns = new List<Column>();
        for (var c = 0; c < NumericColumns; c++)
        {
            var values = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                // Sum of three uniforms: bell-shaped, bounded, cheap to draw; 0.5% missing.
                values[i] = rng.NextDouble() < 0.005 ? double.NaN : rng.NextDouble() + rng.NextDouble() + rng.NextDouble();
            }

            columns.Add(Column.Numeric($"n{c}", values));
        }

        var levels = Enumerable.Range(0, 20).Select(l => $"level{l}").ToArray();
        for (var c = 0; c < CategoricalColumns; c++)
        {
            var codes = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                codes[i] = rng.Next(levels.Length);
            }

            columns.Add(Column.Categorical($"c{c}", codes, levels));
        }

        return new DataFrame(columns);
    }
}
