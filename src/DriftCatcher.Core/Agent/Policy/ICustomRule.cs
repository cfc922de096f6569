using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.State;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>
/// An extension point for rules the declarative policy cannot say. Custom rules are asked first, in order;
/// the first non-null answer is the decision (it still passes the guards: cooldowns, budget, approval and
/// the safety checks). Implementations must be pure: read the state, never change it.
/// </summary>
public interface ICustomRule
{
    string Id { get; }

    /// <summary>The action to take, or null to let the next rule decide.</summary>
    CustomRuleOutcome? Evaluate(AgentState state, Assessment assessment);
}
