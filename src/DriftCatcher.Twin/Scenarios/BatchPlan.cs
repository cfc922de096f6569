namespace DriftCatcher.Twin.Scenarios;

/// <summary>How a batch's rows pick their concept (or, for a feature shift, 0 = unshifted and 1 = shifted).</summary>
internal enum PlanMode
{
    /// <summary>Every row from <see cref="BatchPlan.From"/>.</summary>
    Fixed,

    /// <summary>Each row from <see cref="BatchPlan.To"/> with the row's progress as probability (gradual).</summary>
    Mix,

    /// <summary>Each row blends From and To at the row's progress (incremental).</summary>
    Blend,
}

/// <summary>One batch's place on a drift timeline; progress runs from P0 at its first row to P1 at its last.</summary>
internal readonly record struct BatchPlan(PlanMode Mode, int From, int To, double P0, double P1, double Magnitude)
{
    public static BatchPlan Fixed(int concept) => new(PlanMode.Fixed, concept, concept, 0, 0, 0);

    public double Progress(int row, int rows) => P0 + ((P1 - P0) * (row + 0.5) / rows);
}
