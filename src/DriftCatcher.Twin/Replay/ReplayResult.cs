using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.State;

namespace DriftCatcher.Twin.Replay;

/// <summary>
/// What a replay produced: one prediction per stream row (null where the platform abstained), the actions,
/// every tick's decision, the agent's final state, and headline numbers.
/// </summary>
public sealed class ReplayResult
{
    public required IReadOnlyList<ReplayPrediction> Predictions { get; init; }

    public required IReadOnlyList<ActionRecord> Actions { get; init; }

    public required IReadOnlyList<AgentDecision> Decisions { get; init; }

    public required AgentState FinalState { get; init; }

    /// <summary>Accuracy over answered rows that carry a label (NaN for a regression model; abstentions are not counted as errors here; see <see cref="Coverage"/>).</summary>
    public double Accuracy { get; init; }

    public double Coverage { get; init; }

    /// <summary>Changes of the serving version (promote, rollback, fallback, disable, restore).</summary>
    public int ModelChanges { get; init; }

    public int Alerts { get; init; }

    /// <summary>Batch of the first action other than alert (null when none).</summary>
    public long? FirstResponseBatch { get; init; }

    /// <summary>Accuracy per batch over answered rows that carry a label (empty for a regression model).</summary>
    public required IReadOnlyDictionary<long, double> BatchAccuracy { get; init; }

    /// <summary>Classification, or regression when the label column is numeric with non-integer or very many values.</summary>
    public ModelTask Task { get; init; } = ModelTask.Classification;

    /// <summary>Regression: mean absolute error over answered rows with a finite label (NaN for classifiers).</summary>
    public double Mae { get; init; } = double.NaN;

    /// <summary>Regression: root mean squared error over the same rows (NaN for classifiers).</summary>
    public double Rmse { get; init; } = double.NaN;

    /// <summary>Regression: MAE per batch over answered rows (empty for classifiers).</summary>
    public IReadOnlyDictionary<long, double> BatchMae { get; init; } = new Dictionary<long, double>();

    /// <summary>The largest state document saved, in characters (0 unless <see cref="ReplayOptions.ResumeAfterEveryMessage"/>).</summary>
    public int LargestStateDocument { get; init; }

    /// <summary>Problems that degrade the replay without stopping it, one line each (e.g. a verification wait shorter than the label delay needs).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
