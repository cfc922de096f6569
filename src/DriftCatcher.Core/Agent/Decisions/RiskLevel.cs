namespace DriftCatcher.Core.Agent.Decisions;

/// <summary>How much an action can hurt if it is wrong; approval mode holds actions at or above a level.</summary>
public enum RiskLevel
{
    Low = 0,
    Medium = 1,
    High = 2,
}
