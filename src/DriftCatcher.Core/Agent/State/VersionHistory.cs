namespace DriftCatcher.Core.Agent.State;

/// <summary>Which versions play which role, and every deployment (bounded to the newest).</summary>
public sealed class VersionHistory
{
    public string Champion { get; set; } = "";

    public string? LastKnownGood { get; set; }

    /// <summary>The version serving while in fallback mode.</summary>
    public string? Fallback { get; set; }

    /// <summary>A trained candidate waiting for promotion (passed the gate).</summary>
    public string? Candidate { get; set; }

    /// <summary>The champion before the latest promotion or rollback: what a revert returns to.</summary>
    public string? Previous { get; set; }

    /// <summary>The gate score of <see cref="Candidate"/>.</summary>
    public double CandidateScore { get; set; } = double.NaN;

    /// <summary>The champion's score on the same held-out rows the gate scored <see cref="Candidate"/> on.</summary>
    public double CandidateChampionScore { get; set; } = double.NaN;

    /// <summary>How many rows <see cref="Candidate"/> learned from.</summary>
    public int CandidateRows { get; set; }

    /// <summary>How many rows the champion learned from (0 when unknown).</summary>
    public int ChampionRows { get; set; }

    public List<Deployment> Deployments { get; set; } = [];
}
