using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>Brakes on acting: cooldowns per action, a daily budget, approval mode.</summary>
public sealed record GuardOptions
{
    /// <summary>Minutes after an action before the same action may be taken again.</summary>
    public IReadOnlyDictionary<AgentAction, double> CooldownMinutes { get; init; } = new Dictionary<AgentAction, double>
    {
        [AgentAction.Alert] = 360,
        [AgentAction.Retrain] = 120,
        [AgentAction.Rollback] = 180,
    };

    /// <summary>Actions of these kinds count against <see cref="DailyBudget"/>; safety actions (fallback, disable, restore) never wait.</summary>
    public IReadOnlyList<AgentAction> BudgetedActions { get; init; } = [AgentAction.Retrain, AgentAction.Promote, AgentAction.Rollback, AgentAction.Canary];

    /// <summary>Budgeted actions allowed in any 24 hours.</summary>
    public int DailyBudget { get; init; } = 12;

    public bool ApprovalMode { get; init; }

    /// <summary>In approval mode, actions at or above this risk wait for a person.</summary>
    public RiskLevel ApprovalRisk { get; init; } = RiskLevel.High;

    public IReadOnlyDictionary<AgentAction, RiskLevel> Risk { get; init; } = new Dictionary<AgentAction, RiskLevel>
    {
        [AgentAction.Alert] = RiskLevel.Low,
        [AgentAction.Escalate] = RiskLevel.Low,
        [AgentAction.Retrain] = RiskLevel.Low,
        [AgentAction.Shadow] = RiskLevel.Low,
        [AgentAction.Canary] = RiskLevel.Medium,
        [AgentAction.Fallback] = RiskLevel.Medium,
        [AgentAction.Restore] = RiskLevel.Medium,
        [AgentAction.Promote] = RiskLevel.High,
        [AgentAction.Rollback] = RiskLevel.High,
        [AgentAction.Disable] = RiskLevel.High,
    };
}
