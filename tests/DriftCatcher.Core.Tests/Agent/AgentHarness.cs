using System.Globalization;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Drives one agent through batches the way a host does: predictions, labels D batches later, tick,
/// then executes the requests with a fake host (every retrain passes the gate unless told otherwise).
/// Accuracy per batch is scripted: the first round(acc × rows) rows are labeled as predicted.
/// </summary>
internal sealed class AgentHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<long, (List<string> Ids, List<int> Labels)> _labels = [];
    private int _versions = 1;

    public AgentHarness(AgentPolicy policy, int labelDelay = 1, int rows = 200)
    {
        Policy = policy;
        LabelDelay = labelDelay;
        Rows = rows;
        Agent = new ModelAgent(AgentState.Create("m", "v1", Start, 0.9));
    }

    public ModelAgent Agent { get; set; }

    public AgentPolicy Policy { get; }

    public int LabelDelay { get; }

    public int Rows { get; }

    public ScriptedMonitor Monitor { get; } = new();

    public List<AgentDecision> Decisions { get; } = [];

    public List<ActionRequest> Requests { get; } = [];

    public bool GatePasses { get; set; } = true;

    /// <summary>The gate's scores for the candidate and the champion on the same held-out rows, by batch.</summary>
    public Func<long, (double Candidate, double Champion)> Scores { get; set; } = _ => (0.88, 0.7);

    /// <summary>Accuracy of the champion on a batch, given the batch and the version serving it.</summary>
    public Func<long, string, double> Accuracy { get; set; } = (_, _) => 0.9;

    public Func<long, BatchObservation> Observation { get; set; } = _ => BatchObservation.Empty;

    public AgentContext Context => new(Policy, Monitor);

    public static DateTimeOffset TimeOf(long batch) => Start.AddHours(batch + 1);

    public AgentDecision Step(long b)
    {
        var served = Agent.State.Mode == ServingMode.Champion ? Agent.State.Versions.Champion : Agent.State.Versions.Fallback ?? "fallback";
        var ids = Enumerable.Range(0, Rows).Select(i => $"{b}-{i}").ToList();
        var outputs = new double[Rows * 2];
        for (var i = 0; i < Rows; i++)
        {
            outputs[(2 * i) + (i % 2)] = 0.8;
            outputs[(2 * i) + 1 - (i % 2)] = 0.2;
        }

        Monitor.Next = Observation(b);
        var frame = new DataFrame([Column.Numeric("x", new double[Rows])]);
        Agent.Handle(new PredictionBatch(TimeOf(b), b, served, ids, frame, outputs, 2), Context);
        var acc = Accuracy(b, served);
        var correct = (int)Math.Round(acc * Rows);
        _labels[b] = (ids, [.. Enumerable.Range(0, Rows).Select(i => i < correct ? i % 2 : 1 - (i % 2))]);
        if (_labels.Remove(b - LabelDelay, out var visible))
        {
            Agent.Handle(new LabelBatch(TimeOf(b), visible.Ids, visible.Labels), Context);
        }

        var result = Agent.Handle(new Tick(TimeOf(b), b), Context);
        var decision = result.Decision!;
        var followUps = new List<AgentDecision>();
        Execute(result.Requests, b, followUps);
        decision = decision with { FollowUps = followUps };
        Decisions.Add(decision);
        return decision;
    }

    public void Run(long from, long to)
    {
        for (var b = from; b <= to; b++)
        {
            Step(b);
        }
    }

    public void Execute(IReadOnlyList<ActionRequest> requests, long b, List<AgentDecision> followUps)
    {
        var queue = new Queue<ActionRequest>(requests);
        while (queue.TryDequeue(out var r))
        {
            Requests.Add(r);
            AgentTickResult? result = r.Action switch
            {
                AgentAction.Retrain => Agent.Handle(
                    new RetrainCompleted(TimeOf(b), r.RequestId, $"v{++_versions}", GatePasses, Scores(b).Candidate, Scores(b).Champion, GatePasses ? "better" : "worse")
                    { FirstBatch = r.FirstBatch ?? 0, LastBatch = r.LastBatch ?? 0, TrainingRows = 100 }, Context),
                AgentAction.Promote or AgentAction.Rollback or AgentAction.Restore => Agent.Handle(
                    new ActionApplied(TimeOf(b), r.RequestId, r.Action, true, r.TargetVersion ?? Agent.State.Versions.Champion, "ok"), Context),
                AgentAction.Fallback => Agent.Handle(new ActionApplied(TimeOf(b), r.RequestId, r.Action, true, "fallback-" + string.Join("+", r.ExcludedFeatures), "ok"), Context),
                AgentAction.Disable => Agent.Handle(new ActionApplied(TimeOf(b), r.RequestId, r.Action, true, "", "ok"), Context),
                _ => null,
            };
            if (result?.Decision is { } d)
            {
                followUps.Add(d);
            }

            foreach (var next in result?.Requests ?? [])
            {
                queue.Enqueue(next);
            }
        }
    }

    public List<ActionRequest> Of(AgentAction action) => Requests.FindAll(r => r.Action == action);

    public static string Id(long b, int i) => string.Create(CultureInfo.InvariantCulture, $"{b}-{i}");
}
