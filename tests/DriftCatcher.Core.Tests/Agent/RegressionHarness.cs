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
/// Drives a regression model's agent like a host: every row is predicted as <see cref="Predicted"/> (0) and its numeric
/// label is drawn as that − error, the error coming from <see cref="Error"/> (seeded per batch, so runs repeat), labels
/// arrive D batches later. Retrains pass the gate with <see cref="CandidateMae"/>.
/// </summary>
internal sealed class RegressionHarness
{
    /// <summary>MAE of N(0, 1) errors: √(2/π); the spread of their absolute value: √(1 − 2/π).</summary>
    public static readonly double UnitMae = Math.Sqrt(2 / Math.PI);

    public static readonly double UnitAbsSd = Math.Sqrt(1 - (2 / Math.PI));

    private readonly Dictionary<long, (List<string> Ids, List<double> Targets)> _labels = [];
    private int _versions = 1;

    public RegressionHarness(AgentPolicy policy, int labelDelay = 1, int rows = 200, int seed = 1)
    {
        Policy = policy;
        LabelDelay = labelDelay;
        Rows = rows;
        Seed = seed;
        Agent = new ModelAgent(AgentState.CreateRegression("m", "v1", AgentHarness.Start, UnitMae, UnitAbsSd, 1000));
    }

    public ModelAgent Agent { get; set; }

    public AgentPolicy Policy { get; }

    public int LabelDelay { get; }

    public int Rows { get; }

    public int Seed { get; }

    public ScriptedMonitor Monitor { get; } = new();

    public List<AgentDecision> Decisions { get; } = [];

    public List<ActionRequest> Requests { get; } = [];

    public double CandidateMae { get; set; } = UnitMae;

    /// <summary>The champion's MAE on the gate's rows, as a multiple of <see cref="CandidateMae"/> (2: the candidate clearly better).</summary>
    public double ChampionGateRatio { get; set; } = 2;

    /// <summary>One row's error, given the batch, the serving version and the batch's random source (default N(0, 1)).</summary>
    public Func<long, string, Random, double> Error { get; set; } = (_, _, rng) => Gaussian(rng);

    /// <summary>Whether the host has the prior version answer beside a promotion under verification (its error from <see cref="Error"/>).</summary>
    public bool ShadowPrior { get; set; }

    public Func<long, BatchObservation> Observation { get; set; } = _ => Obs.Clean;

    /// <summary>The last this many labels of each batch come in a second message, after the rest (0: one message).</summary>
    public int LabelTail { get; set; }

    /// <summary>What the model answers for every row (its labels are this − the row's error)...</summary>
    public double Predicted { get; set; }

    /// <summary>...plus this for row i (default 0: one answer for every row).</summary>
    public Func<int, double> RowOffset { get; set; } = _ => 0;

    /// <summary>The label the feed writes for a row of a batch, given its true target (default: the target; a label fault changes it).</summary>
    public Func<long, double, double> Written { get; set; } = (_, y) => y;

    public AgentContext Context => new(Policy, Monitor);

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Laplace(0, b) with b = 1/√2 (variance 1): heavier tails than the Gaussian.</summary>
    public static double Laplace(Random rng)
    {
        var u = rng.NextDouble() - 0.5;
        return -Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u))) / Math.Sqrt(2);
    }

    public AgentDecision Step(long b)
    {
        var served = Agent.State.Mode == ServingMode.Champion ? Agent.State.Versions.Champion : Agent.State.Versions.Fallback ?? "fallback";
        var ids = Enumerable.Range(0, Rows).Select(i => AgentHarness.Id(b, i)).ToList();
        Monitor.Next = Observation(b);
        var frame = new DataFrame([Column.Numeric("x", new double[Rows])]);
        var rng = new Random((Seed * 100_003) + (int)b);
        double[] answers = [.. Enumerable.Range(0, Rows).Select(i => Predicted + RowOffset(i))];
        List<double> targets = [.. answers.Select(a => a - Error(b, served, rng))];
        var message = new PredictionBatch(AgentHarness.TimeOf(b), b, served, ids, frame, answers, 1);
        if (ShadowPrior && Agent.State.Mode == ServingMode.Champion && Agent.State.Verification is { Action: AgentAction.Promote, PriorVersion: { } prior })
        {
            // The prior answers the same rows: the target plus its own error (its own seeded draws).
            var priorRng = new Random((Seed * 100_003) + (int)b + 50_000);
            message = message with { CandidateVersion = prior, CandidateOutputs = [.. targets.Select(y => y + Error(b, prior, priorRng))] };
        }

        Agent.Handle(message, Context);
        _labels[b] = (ids, targets);
        if (_labels.Remove(b - LabelDelay, out var visible))
        {
            List<double> written = [.. visible.Targets.Select(y => Written(b - LabelDelay, y))];
            var head = visible.Ids.Count - LabelTail;
            Agent.Handle(LabelBatch.Numeric(AgentHarness.TimeOf(b), visible.Ids[..head], written[..head]), Context);
            if (LabelTail > 0)
            {
                Agent.Handle(LabelBatch.Numeric(AgentHarness.TimeOf(b), visible.Ids[head..], written[head..]), Context);
            }
        }

        var result = Agent.Handle(new Tick(AgentHarness.TimeOf(b), b), Context);
        var followUps = new List<AgentDecision>();
        Execute(result.Requests, b, followUps);
        var decision = result.Decision! with { FollowUps = followUps };
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

    public List<ActionRequest> Of(AgentAction action) => Requests.FindAll(r => r.Action == action);

    private void Execute(IReadOnlyList<ActionRequest> requests, long b, List<AgentDecision> followUps)
    {
        var queue = new Queue<ActionRequest>(requests);
        while (queue.TryDequeue(out var r))
        {
            Requests.Add(r);
            AgentTickResult? result = r.Action switch
            {
                AgentAction.Retrain => Agent.Handle(
                    new RetrainCompleted(AgentHarness.TimeOf(b), r.RequestId, $"v{++_versions}", true, CandidateMae, ChampionGateRatio * CandidateMae, "better")
                    { FirstBatch = r.FirstBatch ?? 0, LastBatch = r.LastBatch ?? 0, TrainingRows = 5000 }, Context),
                AgentAction.Promote or AgentAction.Rollback or AgentAction.Restore => Agent.Handle(
                    new ActionApplied(AgentHarness.TimeOf(b), r.RequestId, r.Action, true, r.TargetVersion ?? Agent.State.Versions.Champion, "ok"), Context),
                AgentAction.Fallback => Agent.Handle(new ActionApplied(AgentHarness.TimeOf(b), r.RequestId, r.Action, true, "fallback", "ok"), Context),
                AgentAction.Disable => Agent.Handle(new ActionApplied(AgentHarness.TimeOf(b), r.RequestId, r.Action, true, "", "ok"), Context),
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
}
