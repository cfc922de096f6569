using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>
/// The policy that handles every case of docs/policy.md without tuning. data/policies/default.json is the
/// same document (a test keeps them equal), so what runs by default is what people read.
/// </summary>
public static class DefaultPolicy
{
    public static AgentPolicy Create() => new()
    {
        Name = "default",
        Kind = PolicyKind.Rules,
        Rules = Rules,
    };

    /// <summary>The default rules, in order; also what a policy file that leaves out <c>rules</c> gets.</summary>
    public static IReadOnlyList<PolicyRule> Rules { get; } =
        [
            new PolicyRule
            {
                Id = "quality-fault-fallback", Cause = Cause.DataQuality, MinSeverity = Severity.Critical, Persistent = false,
                Action = AgentAction.Fallback,
                Description = "An upstream data fault makes the champion's answers worthless: serve a fallback that does not read the broken inputs, never train on the faulty rows, restore once the data is clean.",
            },
            new PolicyRule
            {
                Id = "serving-fault-fallback", Cause = Cause.ServingFault, MinSeverity = Severity.Critical, Persistent = true,
                Action = AgentAction.Fallback,
                Description = "Sustained latency or failures over their limits: move traffic to the fallback model until serving recovers.",
            },
            new PolicyRule
            {
                Id = "serving-slow-alert", Cause = Cause.ServingFault, MinSeverity = Severity.Warning, Persistent = true,
                Action = AgentAction.Alert,
                Description = "Serving is much slower than usual, or failing: tell a person (traffic moves only when latency or failures pass their limits).",
            },
            new PolicyRule
            {
                Id = "deployment-regression-rollback", Cause = Cause.DeploymentRegression, MinSeverity = Severity.Warning, Persistent = true,
                Action = AgentAction.Rollback,
                Description = "Performance fell right after a deployment: roll back to the last known good version.",
            },
            new PolicyRule
            {
                Id = "concept-drift-retrain", Cause = Cause.ConceptDrift, MinSeverity = Severity.Warning, Persistent = true, PerformanceDrop = true,
                Action = AgentAction.Retrain,
                Description = "Performance fell while the inputs stayed: retrain on recent clean labeled data, gate, promote, verify.",
            },
            new PolicyRule
            {
                Id = "new-region-retrain", Cause = Cause.NewRegion, MinSeverity = Severity.Warning, Persistent = true, PerformanceDrop = true,
                Action = AgentAction.Retrain,
                Description = "Inputs from an unseen region hurt performance: retrain with the recent labeled data that covers it.",
            },
            new PolicyRule
            {
                Id = "covariate-drift-retrain", Cause = Cause.CovariateDrift, MinSeverity = Severity.Warning, Persistent = true, PerformanceDrop = true,
                Action = AgentAction.Retrain,
                Description = "The inputs moved and performance fell with them: retrain on recent clean labeled data.",
            },
            new PolicyRule
            {
                Id = "covariate-drift-alert", Cause = Cause.CovariateDrift, MinSeverity = Severity.Warning, Persistent = true, PerformanceDrop = false,
                Action = AgentAction.Alert,
                Description = "The inputs moved and the labels show no drop (yet): tell a person, change nothing.",
            },
            new PolicyRule
            {
                Id = "new-region-alert", Cause = Cause.NewRegion, MinSeverity = Severity.Warning, Persistent = true, PerformanceDrop = false,
                Action = AgentAction.Alert,
                Description = "Inputs from an unseen region, performance still fine: tell a person.",
            },
            new PolicyRule
            {
                Id = "quality-warning-alert", Cause = Cause.DataQuality, MinSeverity = Severity.Warning, Persistent = true,
                Action = AgentAction.Alert,
                Description = "A sustained data-quality problem: tell a person.",
            },
            new PolicyRule
            {
                Id = "arrival-gap-alert", Cause = Cause.ArrivalGap, MinSeverity = Severity.Warning, Persistent = false,
                Action = AgentAction.Alert,
                Description = "Data stopped arriving or arrives late: tell a person.",
            },
        ];
}
