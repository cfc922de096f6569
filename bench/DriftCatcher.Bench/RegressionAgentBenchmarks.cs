using System.Globalization;
using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Bench;

/// <summary>
/// What a regression model's agent costs a node, and what the label check adds (session 19): one batch through the
/// agent (its predictions observed by the monitoring engine, the numeric labels of the batch two back joined by id and
/// checked against the training labels, a tick) with <see cref="Checked"/> the engine holding the two baselines of
/// training labels the check compares with, or none (the check skipped). 10 numeric features, healthy traffic.
/// </summary>
[MemoryDiagnoser]
public class RegressionAgentBenchmarks
{
    private const int LabelDelay = 2;
    private const int Prepared = 8;

    private readonly List<(DataFrame Features, double[] Outputs, string[] Ids, double[] Targets)> _batches = [];
    private AgentContext _context = null!;
    private ModelAgent _agent = null!;
    private long _batch;

    [Params(1_000, 10_000)]
    public int Rows { get; set; }

    [Params(false, true)]
    public bool Checked { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var reference = AgentBenchData.Frame(random, 20_000);
        var (predictions, targets) = Answers(random, 2_000);
        var training = Answers(random, 20_000).Targets;
        var first = ModelReference.BuildRegression(reference, predictions, training);
        var monitor = new EngineBatchMonitor(Checked
            ? ModelReference.BuildRegression(reference, predictions, training, first.Targets[0])
            : ModelReference.BuildRegression(reference, predictions));
        _context = new AgentContext(DefaultPolicy.Create(), monitor);
        for (var p = 0; p < Prepared; p++)
        {
            var (o, t) = Answers(random, Rows);
            _batches.Add((AgentBenchData.Frame(random, Rows), o, [.. Enumerable.Range(0, Rows).Select(i => $"b{p}-{i.ToString(CultureInfo.InvariantCulture)}")], t));
        }

        var mae = targets.Select((y, i) => Math.Abs(y - predictions[i])).Average();
        _agent = new ModelAgent(AgentState.CreateRegression("model", "v1", AgentBenchData.Start, mae, Math.Sqrt(1 - (2 / Math.PI)), 2_000));
        for (var i = 0; i < 80; i++)
        {
            Cycle();
        }
    }

    /// <summary>One batch through the agent: its predictions observed, the labels of the batch D back, a tick.</summary>
    [Benchmark]
    public int Cycle()
    {
        var b = _batch++;
        var (features, outputs, ids, _) = _batches[(int)(b % Prepared)];
        var time = AgentBenchData.Start.AddHours(b + 1);
        var batchIds = ids.Select(id => b.ToString(CultureInfo.InvariantCulture) + ":" + id).ToArray();
        _agent.Handle(new PredictionBatch(time, b, "v1", batchIds, features, outputs, 1), _context);
        if (b >= LabelDelay)
        {
            var l = b - LabelDelay;
            var old = _batches[(int)(l % Prepared)];
            _agent.Handle(LabelBatch.Numeric(time, [.. old.Ids.Select(id => l.ToString(CultureInfo.InvariantCulture) + ":" + id)], old.Targets), _context);
        }

        return _agent.Handle(new Tick(time, b), _context).Requests.Count;
    }

    /// <summary>Predictions around 15 and targets off by N(0, 1), like a Friedman model's.</summary>
    private static (double[] Predictions, double[] Targets) Answers(Random random, int rows)
    {
        var predictions = new double[rows];
        var targets = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            predictions[i] = 15 + (5 * AgentBenchData.Normal(random));
            targets[i] = predictions[i] + AgentBenchData.Normal(random);
        }

        return (predictions, targets);
    }
}
