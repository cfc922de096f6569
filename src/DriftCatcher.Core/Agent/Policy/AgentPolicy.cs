namespace DriftCatcher.Core.Agent.Policy;

/// <summary>
/// The agent's configuration: detection thresholds, the ordered decision rules, retraining, verification
/// and guards. Loaded and validated by <see cref="PolicyLoader"/>; documented in docs/policy.md.
/// </summary>
public sealed record AgentPolicy
{
    public string Name { get; init; } = "default";

    public PolicyKind Kind { get; init; } = PolicyKind.Rules;

    /// <summary>For <see cref="PolicyKind.Periodic"/>: retrain every this many batches.</summary>
    public int PeriodicEvery { get; init; } = 1;

    public DetectionOptions Detection { get; init; } = new();

    public RetrainOptions Retrain { get; init; } = new();

    public VerificationOptions Verification { get; init; } = new();

    public GuardOptions Guards { get; init; } = new();

    public IReadOnlyList<PolicyRule> Rules { get; init; } = DefaultPolicy.Rules;

    /// <summary>Observe only: the do-nothing baseline.</summary>
    public static AgentPolicy NoAction { get; } = new() { Name = "none", Kind = PolicyKind.None };

    /// <summary>Retrain on recent labeled data every <paramref name="every"/> batches and promote without judging.</summary>
    public static AgentPolicy Periodic(int every) => new()
    {
        Name = $"periodic:{every}",
        Kind = PolicyKind.Periodic,
        PeriodicEvery = every,
        Guards = new GuardOptions { CooldownMinutes = new Dictionary<Decisions.AgentAction, double>(), DailyBudget = int.MaxValue },
    };
}
