using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Detectors;

namespace DriftCatcher.Bench;

/// <summary>
/// Updates per second of each streaming change detector with its default options, over a 0/1
/// stream whose error rate steps between 0.2 and 0.8 every 5,000 values (so drifts and resets
/// happen as in production), and the cost of the snapshot / JSON / restore cycle the agent runs
/// between ticks.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private const int Values = 10_000;
    private double[] _stream = [];
    private IChangeDetector _detector = null!;

    [Params("adwin", "ddm", "eddm", "hddm-a", "hddm-w", "kswin", "page-hinkley", "cusum")]
    public string Detector { get; set; } = "adwin";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _stream = [.. Enumerable.Range(0, Values).Select(i => random.NextDouble() < ((i / 5_000) % 2 == 0 ? 0.2 : 0.8) ? 1.0 : 0.0)];
        _detector = ChangeDetectors.Create(Detector);
        foreach (var v in _stream)
        {
            _detector.Update(v);
        }
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public int Update()
    {
        var drifts = 0;
        var detector = _detector;
        foreach (var v in _stream)
        {
            if (detector.Update(v).Drift)
            {
                drifts++;
            }
        }

        return drifts;
    }

    [Benchmark]
    public IChangeDetector SnapshotJsonRestore()
    {
        var json = JsonSerializer.Serialize(_detector.Snapshot());
        return ChangeDetectors.Restore(JsonSerializer.Deserialize<DetectorState>(json)!);
    }
}
