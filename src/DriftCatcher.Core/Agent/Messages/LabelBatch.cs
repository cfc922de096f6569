namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// Ground truth for earlier predictions, possibly late and out of order: each label is the class index
/// of the prediction with the same id. Labels whose prediction the agent no longer remembers are counted
/// as unmatched, never guessed.
/// </summary>
public sealed record LabelBatch(DateTimeOffset Time, IReadOnlyList<string> PredictionIds, IReadOnlyList<int> Labels) : AgentMessage(Time);
