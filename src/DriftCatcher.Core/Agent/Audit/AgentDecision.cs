using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Verification;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.Audit;

/// <summary>
/// One decision of the agent: the audit record a person reads and a program parses (one JSON object per
/// line in decisions.jsonl, snake_case). It names the findings and metrics considered, the rule that fired,
/// the action, the alternatives rejected and why, the incident and the verification state.
/// </summary>
public sealed record AgentDecision
{
    public long Batch { get; init; }

    public DateTimeOffset Time { get; init; }

    public string ServedVersion { get; init; } = "";

    public ServingMode Mode { get; init; }

    /// <summary>"tick" for a periodic assessment, or the message that prompted it ("retrain_completed", "action_applied", "approval").</summary>
    public string Trigger { get; init; } = "tick";

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public DecisionMetrics Metrics { get; init; } = new();

    public Assessment Assessment { get; init; } = Assessment.Healthy;

    public string? Rule { get; init; }

    public AgentAction Action { get; init; }

    /// <summary>One sentence saying why.</summary>
    public string Reason { get; init; } = "";

    public IReadOnlyList<Alternative> Alternatives { get; init; } = [];

    public string? IncidentId { get; init; }

    public VerificationReport? Verification { get; init; }

    /// <summary>The requests sent to the host for this decision.</summary>
    public IReadOnlyList<ActionRequest> Requests { get; init; } = [];

    /// <summary>Decisions taken on action results within the same batch (a promote after a retrain, ...).</summary>
    public IReadOnlyList<AgentDecision> FollowUps { get; init; } = [];
}
