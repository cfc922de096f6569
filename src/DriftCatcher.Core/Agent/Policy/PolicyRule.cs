using DriftCatcher.Core.Agent.Decisions;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>
/// One declarative rule: when the assessment matches (<see cref="Cause"/>, at least
/// <see cref="MinSeverity"/>, sustained if <see cref="Persistent"/>, with a performance drop if
/// <see cref="PerformanceDrop"/> is set), take <see cref="Action"/>. Rules are tried in order; the first
/// that matches and is allowed (cooldown, budget, safety) fires.
/// </summary>
public sealed record PolicyRule
{
    public string Id { get; init; } = "";

    /// <summary>Required in a policy file: a rule without a cause would never match.</summary>
    [JsonRequired]
    public Cause Cause { get; init; }

    public Severity MinSeverity { get; init; } = Severity.Warning;

    public bool Persistent { get; init; } = true;

    /// <summary>null: either way; true/false: the assessment must (not) show a performance drop.</summary>
    public bool? PerformanceDrop { get; init; }

    /// <summary>Required in a policy file.</summary>
    [JsonRequired]
    public AgentAction Action { get; init; }

    public string Description { get; init; } = "";
}
