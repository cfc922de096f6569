using System.Globalization;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Trials;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Drives one agent through batches the way a host does: predictions, labels D batches later, tick,
/// then executes the requests with a fake host (every retrain passes the gate unless told otherwise).
/// Accuracy per batch is scripted: the first round(acc × rows) rows are labeled as predicted. While a
/// trial runs the candidate predicts every row too, right on the first round(acc(candidate) × rows) rows;
/// a canary serves the rows <see cref="CanaryRouter"/> gives it.
/// </summary>
internal sealed class AgentHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<long, (List<string> Ids, List<int> Labels)> _labels = [];
    private readonly Dictionary<long, (List<string> Ids, List<int> Labels)> _delivered = [];
    private int _versions = 1;
    private (AgentAction Kind, string Candidate, double Share)? _trial;

    public AgentHarness(AgentPolicy policy, int labelDelay = 1, int rows = 200)
    {
        Policy = policy;
        LabelDelay = labelDelay;
        Rows = rows;
        Agent = new ModelAgent(AgentState.Create("m", "v1", Start, 0.9));
    }

    public ModelAgent Agent { get; set; }

    public AgentPolicy Policy { get; set; }

    public int LabelDelay { get; }

    public int Rows { get; }

    public ScriptedMonitor Monitor { get; } = new();

    public List<AgentDecision> Decisions { get; } = [];

    public List<ActionRequest> Requests { get; } = [];

    public bool GatePasses { get; set; } = true;

    /// <summary>Whether the host reports the window it trained on in <see cref="RetrainCompleted"/> (false: 0..0, as a careless host might).</summary>
    public bool ReportsWindow { get; set; } = true;

    /// <summary>The gate's scores for the candidate and the champion on the same held-out rows, by batch.</summary>
    public Func<long, (double Candidate, double Champion)> Scores { get; set; } = _ => (0.88, 0.7);

    /// <summary>The gate's discordant rows (only the candidate right, only the champion right); null: not reported (the sign of the score difference stands for the z).</summary>
    public Func<long, (int CandidateOnly, int ChampionOnly)>? Discordant { get; set; }

    /// <summary>
    /// Batches a retrain takes when the request qualifies (by default none: the host answers in the batch it was asked);
    /// a late one completes after the labels of batch request + lag, before that batch's tick.
    /// </summary>
    public Func<ActionRequest, int> RetrainLag { get; set; } = _ => 0;

    private readonly List<(long Due, ActionRequest Request)> _training = [];

    /// <summary>What the host reports for the earlier versions a retrain asks to recall, by batch and request (none by default).</summary>
    public Func<long, ActionRequest, IReadOnlyList<RecalledVersion>> Recalled { get; set; } = (_, _) => [];

    /// <summary>
    /// Whether the host has the prior version answer beside a promotion under verification (the counterfactual),
    /// at <see cref="Accuracy"/> of the prior on that batch.
    /// </summary>
    public bool ShadowPrior { get; set; }

    /// <summary>Accuracy of the champion on a batch, given the batch and the version serving it.</summary>
    public Func<long, string, double> Accuracy { get; set; } = (_, _) => 0.9;

    /// <summary>The id a label delivered at batch b carries for a prediction id (default: the same id).</summary>
    public Func<long, string, string> LabelId { get; set; } = (_, id) => id;

    /// <summary>Whether row i of batch b ever gets a label (default: every row does).</summary>
    public Func<long, int, bool> Labeled { get; set; } = (_, _) => true;

    /// <summary>
    /// How the label feed writes class k of batch b when not as the model knows it (null: as it is); such labels go
    /// to <see cref="LabelBatch.Respelled"/>, as a host that holds the label strings sends them. Classes are
    /// named <see cref="ClassNames"/>.
    /// </summary>
    public Func<long, int, string?> Respell { get; set; } = (_, _) => null;

    public static readonly string[] ClassNames = ["BENIGN", "DDoS"];

    /// <summary>The label feed writes (batch, row, true class) as this class: a stuck feed writes one class.</summary>
    public Func<long, int, int, int> WriteLabel { get; set; } = (_, _, y) => y;

    /// <summary>At batch b, deliver once more the labels of the batch returned (null: none).</summary>
    public Func<long, long?> Redeliver { get; set; } = _ => null;

    public Func<long, BatchObservation> Observation { get; set; } = _ => BatchObservation.Empty;

    /// <summary>Whether the host cannot build the fallback a request asks for (it reports a failure).</summary>
    public Func<ActionRequest, bool> FallbackFails { get; set; } = _ => false;

    /// <summary>The serving signals sent after each batch's predictions (latency p95 in ms, failed requests), or none.</summary>
    public Func<long, (double LatencyP95Ms, int Failures)?> Serving { get; set; } = _ => null;

    public AgentContext Context => new(Policy, Monitor);

    /// <summary>The trial the fake host runs (kind, candidate), if any.</summary>
    public (AgentAction Kind, string Candidate, double Share)? Trial => _trial;

    /// <summary>Rows served by a canary candidate, per batch.</summary>
    public Dictionary<long, int> CanaryRows { get; } = [];

    public static DateTimeOffset TimeOf(long batch) => Start.AddHours(batch + 1);

    /// <summary>When batch b arrives: one hour per batch unless a test sets another cadence.</summary>
    public Func<long, DateTimeOffset> Clock { get; set; } = TimeOf;

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
        var acc = Accuracy(b, served);
        var correct = (int)Math.Round(acc * Rows);
        List<int> labels = [.. Enumerable.Range(0, Rows).Select(i => i < correct ? i % 2 : 1 - (i % 2)).Select((y, i) => WriteLabel(b, i, y))];
        _labels[b] = (ids, labels);
        var message = new PredictionBatch(Clock(b), b, served, ids, frame, outputs, 2);
        double[] OtherOutputs(string version)
        {
            // The other version is right on its first round(acc × rows) rows.
            var otherCorrect = (int)Math.Round(Accuracy(b, version) * Rows);
            var other = new double[Rows * 2];
            for (var i = 0; i < Rows; i++)
            {
                var predicted = i < otherCorrect ? labels[i] : 1 - labels[i];
                other[(2 * i) + predicted] = 0.8;
                other[(2 * i) + 1 - predicted] = 0.2;
            }

            return other;
        }

        if (_trial is null && ShadowPrior && Agent.State.Mode == ServingMode.Champion
            && Agent.State.Verification is { Action: AgentAction.Promote, PriorVersion: { } prior })
        {
            message = message with { CandidateVersion = prior, CandidateOutputs = OtherOutputs(prior) };
        }

        if (_trial is { } trial && Agent.State.Mode == ServingMode.Champion)
        {
            var candidate = OtherOutputs(trial.Candidate);

            var servedOutputs = outputs;
            List<int> canaryRows = [];
            if (trial.Kind == AgentAction.Canary)
            {
                servedOutputs = (double[])outputs.Clone();
                canaryRows = [.. Enumerable.Range(0, Rows).Where(i => CanaryRouter.ServesCandidate(ids[i], trial.Share))];
                foreach (var i in canaryRows)
                {
                    Array.Copy(candidate, 2 * i, servedOutputs, 2 * i, 2);
                }

                CanaryRows[b] = canaryRows.Count;
            }

            message = message with
            {
                Outputs = servedOutputs,
                CandidateVersion = trial.Candidate,
                CandidateOutputs = candidate,
                ChampionOutputs = trial.Kind == AgentAction.Canary ? outputs : null,
                CandidateServedRows = canaryRows,
            };
        }

        Agent.Handle(message, Context);
        if (Serving(b) is { } serving)
        {
            Agent.Handle(new SystemSignals(Clock(b), Rows, serving.Failures, serving.LatencyP95Ms), Context);
        }

        if (_labels.Remove(b - LabelDelay, out var visible))
        {
            // The label feed: a test may rewrite ids (a broken join) or deliver a batch's labels again.
            var labeled = Enumerable.Range(0, visible.Ids.Count).Where(i => Labeled(b - LabelDelay, i)).ToList();
            var spelt = labeled.ToLookup(i => Respell(b - LabelDelay, visible.Labels[i]));
            var rows = spelt[null].ToList();
            var feedIds = rows.Select(i => LabelId(b, visible.Ids[i])).ToList();
            List<RespelledLabels> respelled = [.. spelt.Where(g => g.Key is not null)
                .Select(g => new RespelledLabels(g.Key!, ClassNames[visible.Labels[g.First()]], [.. g.Select(i => LabelId(b, visible.Ids[i]))]))];
            visible = (visible.Ids, [.. rows.Select(i => visible.Labels[i])]);
            Agent.Handle(new LabelBatch(Clock(b), feedIds, visible.Labels) { Respelled = respelled }, Context);
            _delivered[b - LabelDelay] = (feedIds, visible.Labels);
        }

        if (Redeliver(b) is { } again && _delivered.TryGetValue(again, out var old))
        {
            Agent.Handle(new LabelBatch(Clock(b), old.Ids, old.Labels), Context);
        }

        var followUps = new List<AgentDecision>();
        foreach (var due in _training.Where(x => x.Due <= b).ToList())
        {
            _training.Remove(due);
            var completed = Complete(due.Request, b);
            followUps.Add(completed.Decision!);
            Execute(completed.Requests, b, followUps);
        }

        var result = Agent.Handle(new Tick(Clock(b), b), Context);
        var decision = result.Decision!;
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
            if (r.Action == AgentAction.Retrain && RetrainLag(r) > 0)
            {
                _training.Add((b + RetrainLag(r), r));
                continue;
            }

            AgentTickResult? result = r.Action switch
            {
                AgentAction.Retrain => Complete(r, b),
                AgentAction.Promote or AgentAction.Rollback or AgentAction.Restore => Applied(r, b, r.TargetVersion ?? Agent.State.Versions.Champion),
                AgentAction.Shadow or AgentAction.Canary => StartOrEndTrial(r, b),
                AgentAction.Fallback when FallbackFails(r) => Agent.Handle(new ActionApplied(Clock(b), r.RequestId, r.Action, false, "", "no such fallback"), Context),
                AgentAction.Fallback => Applied(r, b, "fallback-" + string.Join("+", r.ExcludedFeatures)),
                AgentAction.Disable => Applied(r, b, ""),
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

    private AgentTickResult Complete(ActionRequest r, long b) => Agent.Handle(
        new RetrainCompleted(Clock(b), r.RequestId, $"v{++_versions}", GatePasses, Scores(b).Candidate, Scores(b).Champion, GatePasses ? "better" : "worse")
        {
            FirstBatch = ReportsWindow ? r.FirstBatch ?? 0 : 0, LastBatch = ReportsWindow ? r.LastBatch ?? 0 : 0, TrainingRows = 100, Recalled = Recalled(b, r),
            CandidateOnlyRight = Discordant?.Invoke(b).CandidateOnly ?? -1, ChampionOnlyRight = Discordant?.Invoke(b).ChampionOnly ?? -1,
        }, Context);

    private AgentTickResult Applied(ActionRequest r, long b, string versionAfter)
    {
        if (r.Action != AgentAction.Restore)
        {
            _trial = null;
        }

        return Agent.Handle(new ActionApplied(Clock(b), r.RequestId, r.Action, true, versionAfter, "ok"), Context);
    }

    private AgentTickResult StartOrEndTrial(ActionRequest r, long b)
    {
        _trial = r.EndsTrial ? null : (r.Action, r.TargetVersion!, r.Share ?? 0);
        return Agent.Handle(new ActionApplied(Clock(b), r.RequestId, r.Action, true, Agent.State.Versions.Champion, r.EndsTrial ? "ended" : "started"), Context);
    }

    public List<ActionRequest> Of(AgentAction action) => Requests.FindAll(r => r.Action == action);

    public static string Id(long b, int i) => string.Create(CultureInfo.InvariantCulture, $"{b}-{i}");
}
