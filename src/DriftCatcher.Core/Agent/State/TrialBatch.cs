namespace DriftCatcher.Core.Agent.State;

/// <summary>One trial batch's labeled rows on which both models answered, and how many each got right.</summary>
public sealed class TrialBatch
{
    public long Batch { get; set; }

    public int Labeled { get; set; }

    public int ChampionCorrect { get; set; }

    public int CandidateCorrect { get; set; }

    /// <summary>Rows where exactly one of the two models was right (the McNemar test's evidence).</summary>
    public int Disagreed { get; set; }
}
