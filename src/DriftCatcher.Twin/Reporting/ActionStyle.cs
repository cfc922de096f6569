namespace DriftCatcher.Twin.Reporting;

/// <summary>How an action type looks on the timeline: a two-letter code on a chip coloured by its family.</summary>
internal sealed record ActionStyle(string Action, string Code, string Family, string Label)
{
    public static readonly IReadOnlyList<ActionStyle> Known =
    [
        new("alert", "AL", "notice", "alert"),
        new("escalate", "ES", "escalate", "escalate to a person"),
        new("retrain", "RT", "model", "retrain"),
        new("promote", "PR", "model", "promote"),
        new("rollback", "RB", "model", "roll back"),
        new("restore", "RS", "model", "restore"),
        new("fallback", "FB", "traffic", "fall back"),
        new("disable", "DI", "traffic", "disable"),
        new("canary", "CA", "rollout", "canary"),
        new("shadow", "SH", "rollout", "shadow"),
    ];

    public static ActionStyle For(string action)
    {
        foreach (var s in Known)
        {
            if (s.Action == action)
            {
                return s;
            }
        }

        var code = action.Length >= 2 ? action[..2].ToUpperInvariant() : (action + "?").ToUpperInvariant();
        return new ActionStyle(action, code, "other", action);
    }
}
