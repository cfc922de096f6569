using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Bench;

/// <summary>
/// A 1,000,000-row × 80-feature window (76 numeric, 4 categorical) against a stored profile of a
/// 200,000-row reference (default options: 2,000-point samples). Targets (docs/drift.md): binned
/// statistics ≤ 5 ns per value per core, the whole report with KS and Wasserstein ≤ 1 s on 2 cores.
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private const int WindowRows = 1_000_000;
    private const int ReferenceRows = 200_000;
    private const int Numeric = 76;
    private const int Categorical = 4;

    private ReferenceProfile _profile = null!;
    private DataFrame _window = null!;
    private double[][] _numbers = null!;
    private double[][] _edges = null!;
    private long[][] _referenceBins = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261123);
        _profile = ReferenceProfile.Build(Frame(rng, ReferenceRows, shift: 0));
        _window = Frame(rng, WindowRows, shift: 0.05);
        _numbers = [.. _window.Columns.Where(c => c.Kind == ColumnKind.Numeric).Select(c => c.Numbers)];
        var numericProfiles = _profile.Features.Where(f => f.Kind == ColumnKind.Numeric).Select(f => f.Numeric!).ToArray();
        _edges = [.. numericProfiles.Select(p => p.InnerEdges)];
        _referenceBins = [.. numericProfiles.Select(p => p.BinCounts)];
    }

    /// <summary>Bins, missing counts, PSI and JS for the 76 numeric features (76 M values).</summary>
    [Benchmark]
    public double BinnedStatistics()
    {
        var psi = new double[_numbers.Length];
        Parallel.For(0, _numbers.Length, i =>
        {
            var bins = new long[_edges[i].Length + 1];
            DriftStatistics.CountBins(_numbers[i], _edges[i], bins);
            psi[i] = DriftStatistics.Psi(_referenceBins[i], bins) + DriftStatistics.JensenShannon(_referenceBins[i], bins);
        });
        return psi.Sum();
    }

    /// <summary>The whole report: every statistic and the decision for all 80 features (80 M values).</summary>
    [Benchmark]
    public int FullReport() => DriftAnalyzer.Compare(_profile, _window).Features.Count(f => f.Drifted);

    /// <summary>Loading a stored profile, as the agent does each tick.</summary>
    [Benchmark]
    public int ProfileFromJson() => ReferenceProfile.FromJson(_json ??= _profile.ToJson()).Features.Count;

    private string? _json;

    private static DataFrame Frame(Random rng, int rows, double shift)
    {
        var columns = new List<Column>();
        for (var f = 0; f < Numeric; f++)
        {
            var x = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                // Network-flow-like: heavy-tailed durations and byte counts, small integer counts, some missing.
                var u = rng.NextDouble();
                x[i] = (f % 4) switch
                {
                    0 => Math.Exp(shift + (2 * Normal(rng))),
                    1 => Math.Floor(-Math.Log(1 - u) * 5),
                    2 => Normal(rng) + shift,
                    _ => u < 0.02 ? double.NaN : 1e3 * Math.Pow(1 - u, -0.7),
                };
            }

            columns.Add(Column.Numeric($"f{f}", x));
        }

        string[] protocols = ["tcp", "udp", "icmp", "gre", "sctp"];
        for (var f = 0; f < Categorical; f++)
        {
            var codes = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                codes[i] = (int)(Math.Pow(rng.NextDouble(), 2) * protocols.Length);
            }

            columns.Add(Column.Categorical($"c{f}", codes, protocols));
        }

        return new DataFrame(columns);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
