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
    int OutputWidth) : AgentMessage(Time);
