using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// A batch of served predictions. <see cref="Outputs"/> holds <c>rows × OutputWidth</c> values, row-major
/// (class probabilities for classification); a row whose outputs are NaN was not answered (abstained or
/// failed). <see cref="PredictionIds"/> let late labels be joined to the prediction they judge.
/// </summary>
public sealed record PredictionBatch(
    DateTimeOffset Time,
    long Batch,
    string ServedVersion,
    IReadOnlyList<string> PredictionIds,
    DataFrame Features,
    double[] Outputs,
    int OutputWidth) : AgentMessage(Time)
{
    /// <summary>The candidate on trial (shadow or canary) that also predicted this batch, if any.</summary>
    public string? CandidateVersion { get; init; }

    /// <summary>The candidate's outputs for every row (same layout as <see cref="Outputs"/>; NaN where it did not answer).</summary>
    public double[]? CandidateOutputs { get; init; }

    /// <summary>
    /// The champion's outputs for every row when <see cref="Outputs"/> mixes in a canary's answers; null when
    /// <see cref="Outputs"/> are the champion's own.
    /// </summary>
    public double[]? ChampionOutputs { get; init; }

    /// <summary>Rows whose served answer came from the canary candidate.</summary>
    public IReadOnlyList<int> CandidateServedRows { get; init; } = [];
}
