using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// Everything a <see cref="ModelAgent"/> remembers, as one JSON document (<see cref="AgentJson"/>). Its size
/// is bounded by the policy and the feature count, never by the rows seen: histograms, fixed-size rings of
/// per-batch summaries, detector states and counters. Save it after a tick; any node can resume from it.
/// </summary>
public sealed class AgentState
{
    public int SchemaVersion { get; set; } = 1;

    public string ModelId { get; set; } = "";

    /// <summary>
    /// Classification (labels are class indices, performance is accuracy) or regression (labels are
    /// numbers, performance is the mean absolute error).
    /// </summary>
    public ModelTask Task { get; set; } = ModelTask.Classification;

    /// <summary>The newest batch observed (-1 before the first).</summary>
    public long LastBatch { get; set; } = -1;

    public DateTimeOffset? LastDataTime { get; set; }

    public DateTimeOffset? LastTickTime { get; set; }

    public ServingMode Mode { get; set; } = ServingMode.Champion;

    public VersionHistory Versions { get; set; } = new();

    public WindowState Window { get; set; } = new();

    public DriftState Drift { get; set; } = new();

    public PolicyMemory Memory { get; set; } = new();

    public BaselineState Baseline { get; set; } = new();

    public IncidentState? Incident { get; set; }

    public VerificationState? Verification { get; set; }

    /// <summary>The candidate on trial (shadow or canary), if any.</summary>
    public TrialState? Trial { get; set; }

    /// <summary>The newest closed incidents, oldest first (bounded).</summary>
    public List<IncidentSummary> ClosedIncidents { get; set; } = [];

    /// <summary>
    /// A fresh agent for a model whose first champion was validated at <paramref name="validationAccuracy"/> on
    /// <paramref name="validationRows"/> held-out rows (0 = unknown: the baseline then ignores its own uncertainty
    /// and does not pool the validation rows).
    /// </summary>
    public static AgentState Create(string modelId, string champion, DateTimeOffset deployedAt, double validationAccuracy, int validationRows = 0)
    {
        var s = new AgentState { ModelId = modelId };
        s.Versions.Champion = champion;
        s.Versions.LastKnownGood = champion;
        s.Versions.Deployments.Add(new Deployment { Version = champion, Time = deployedAt, Batch = -1, Action = AgentAction.Promote, Metric = validationAccuracy, Reason = "initial champion" });
        s.Baseline.Version = champion;
        s.Baseline.ValidationAccuracy = validationAccuracy;
        s.Baseline.ValidationRows = Math.Max(0, validationRows);
        return s;
    }

    /// <summary>
    /// A fresh agent for a regression model whose first champion reached <paramref name="validationMae"/> on
    /// <paramref name="validationRows"/> held-out rows, with absolute errors spread by <paramref name="absErrorSd"/>.
    /// </summary>
    public static AgentState CreateRegression(string modelId, string champion, DateTimeOffset deployedAt, double validationMae, double absErrorSd, int validationRows)
    {
        var s = Create(modelId, champion, deployedAt, validationMae);
        s.Task = ModelTask.Regression;
        s.Baseline.ValidationAccuracy = double.NaN;
        s.Baseline.ValidationMae = validationMae;
        s.Baseline.ValidationAbsErrorSd = absErrorSd;
        s.Baseline.ValidationRows = validationRows;
        return s;
    }
}
