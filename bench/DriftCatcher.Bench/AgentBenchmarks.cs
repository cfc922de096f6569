using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Bench;

/// <summary>
/// What one agent costs a node: a whole cycle for one batch (the monitoring engine's drift, quality and
/// confidence checks of the batch against the model's reference, the labels of the batch two back joined by
/// id, the tick's assessment and decision), and the save/resume of its state that lets another node take the
/// model over after any tick. A binary model with 10 numeric features, healthy traffic (the path every batch
/// takes; an incident's actions are host work: training, serving).
/// </summary>
[MemoryDiagnoser]
public class AgentBenchmarks
{
    private const int LabelDelay = 2;
    private const int Prepared = 8;

    private readonly List<(DataFrame Features, double[] Outputs, string[] Ids, int[] Labels)> _batches = [];
    private EngineBatchMonitor _monitor = null!;
    private AgentContext _context = null!;
    private ModelAgent _agent = null!;
    private long _batch;
    private string _document = "";

    [Params(1_000, 10_000)]
    public int Rows { get; set; }

    /// <summary>The classifier label check for a feed stuck on one class (<c>detection.stuck_class_check</c>) on or off.</summary>
    [Params(true, false)]
    public bool StuckClassCheck { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var reference = AgentBenchData.Frame(random, 20_000);
        var heldOut = 2_000;
        var (outputs, labels) = Answers(random, heldOut);
        _monitor = new EngineBatchMonitor(ModelReference.Build(reference, outputs, labels, 2));
        var policy = DefaultPolicy.Create();
        _context = new AgentContext(policy with { Detection = policy.Detection with { StuckClassCheck = StuckClassCheck } }, _monitor);
        for (var p = 0; p < Prepared; p++)
        {
            var (o, l) = Answers(random, Rows);
            _batches.Add((AgentBenchData.Frame(random, Rows), o, [.. Enumerable.Range(0, Rows).Select(i => $"b{p}-{i.ToString(CultureInfo.InvariantCulture)}")], l));
        }

        _agent = new ModelAgent(AgentState.Create("model", "v1", AgentBenchData.Start, 0.9, heldOut));
        // Warm the window up to its steady state: 64 batches of history, labels flowing.
        for (var i = 0; i < 80; i++)
        {
            Cycle();
        }

        _document = JsonSerializer.Serialize(_agent.State, AgentJson.Options);
    }

    /// <summary>One batch through the agent: its predictions observed, the labels of the batch D back, a tick.</summary>
    [Benchmark]
    public int Cycle()
    {
        var b = _batch++;
        var slot = (int)(b % Prepared);
        var (features, outputs, ids, _) = _batches[slot];
        var time = AgentBenchData.Start.AddHours(b + 1);
        // Ids are unique per batch number: the prepared rows are reused under new ids.
        var batchIds = ids.Select(id => b.ToString(CultureInfo.InvariantCulture) + ":" + id).ToArray();
        _agent.Handle(new PredictionBatch(time, b, "v1", batchIds, features, outputs, 2), _context);
        if (b >= LabelDelay)
        {
            var l = b - LabelDelay;
            var old = _batches[(int)(l % Prepared)];
            _agent.Handle(new LabelBatch(time, [.. old.Ids.Select(id => l.ToString(CultureInfo.InvariantCulture) + ":" + id)], old.Labels), _context);
        }

        return _agent.Handle(new Tick(time, b), _context).Requests.Count;
    }

    /// <summary>The state saved after a tick and resumed by another node (JSON both ways).</summary>
    [Benchmark]
    public int SaveAndResume()
    {
        var json = JsonSerializer.Serialize(_agent.State, AgentJson.Options);
        var state = JsonSerializer.Deserialize<AgentState>(json, AgentJson.Options)!;
        return json.Length + (int)state.LastBatch;
    }

    /// <summary>Size of the saved state at steady state (printed once per run, for the docs).</summary>
    [GlobalCleanup]
    public void Report() =>
        Console.WriteLine($"// agent state document: {_document.Length.ToString(CultureInfo.InvariantCulture)} chars at {Rows.ToString(CultureInfo.InvariantCulture)} rows a batch");

    /// <summary>Class probabilities of a 90 % model and the true classes.</summary>
    private static (double[] Outputs, int[] Labels) Answers(Random random, int rows)
    {
        var outputs = new double[rows * 2];
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var p = 0.55 + (0.45 * random.NextDouble());
            var predicted = random.Next(2);
            outputs[(i * 2) + predicted] = p;
            outputs[(i * 2) + 1 - predicted] = 1 - p;
            labels[i] = random.NextDouble() < 0.9 ? predicted : 1 - predicted;
        }

        return (outputs, labels);
    }
}
