using DriftCatcher.Core.Agent.Policy;

namespace DriftCatcher.Twin.Replay;

/// <summary>
/// How a replay runs: the label column, the batch column, the label delay D (labels of batch b−D become
/// visible at batch b), the agent policy, the learner and its seed. The simulated clock starts at
/// <see cref="Start"/> and advances <see cref="BatchInterval"/> per batch number.
/// </summary>
public sealed record ReplayOptions(string LabelColumn, AgentPolicy Policy)
{
    public string BatchColumn { get; init; } = "batch";

    /// <summary>The stream's file, named in messages about its cells (null: "stream").</summary>
    public string? StreamFile { get; init; }

    /// <summary>The train file, named in messages about its cells (null: "train").</summary>
    public string? TrainFile { get; init; }

    public int LabelDelay { get; init; }

    /// <summary>Classification or regression, as asked (<c>--task</c>); null: inferred from train's label as <c>train</c> infers it.</summary>
    public Core.Learning.LearningTask? Task { get; init; }

    /// <summary>How the policy was given (a built-in name or its file), named in messages about it (null: "policy").</summary>
    public string? PolicySpec { get; init; }

    /// <summary>
    /// Batches whose labels take another delay than <see cref="LabelDelay"/> (a scenario's <c>label_delay</c>
    /// fault): their labels become visible at batch + this (never before batch + <see cref="LabelDelay"/>), so labels can
    /// arrive out of order.
    /// </summary>
    public IReadOnlyDictionary<long, int>? LabelDelayByBatch { get; init; }

    /// <summary>
    /// Scoring only: batches whose written regression labels a scenario's <c>label_unit_change</c> fault multiplied,
    /// with the factor. The run's MAE divides them back (the truth); the agent sees the labels as written.
    /// </summary>
    public IReadOnlyDictionary<long, double>? LabelFactorByBatch { get; init; }

    /// <summary>What a written label of <paramref name="batch"/> is in truth: divided back by its <c>label_unit_change</c> factor, if any.</summary>
    public double TrueLabel(long batch, double written) =>
        LabelFactorByBatch is { } factors && factors.TryGetValue(batch, out var factor) ? written / factor : written;

    /// <summary>
    /// Scoring only: stream rows (0-based) whose written class a scenario's <c>label_stuck</c> fault overwrote, with the
    /// class they are. The run's accuracy scores them on it (the truth); the agent sees the labels as written.
    /// </summary>
    public IReadOnlyDictionary<int, string>? TrueClassByRow { get; init; }

    /// <summary>The label delay of batch <paramref name="batch"/>: its own (never shorter than <see cref="LabelDelay"/>), or <see cref="LabelDelay"/>.</summary>
    public int LabelDelayOf(long batch) =>
        LabelDelayByBatch is { } byBatch && byBatch.TryGetValue(batch, out var own) ? Math.Max(own, LabelDelay) : LabelDelay;

    /// <summary>
    /// The batches whose labels come later than <see cref="LabelDelay"/>, for a person: "8 in batches 20–24"
    /// (runs of consecutive batches with one delay, joined by "; "); null when every batch takes <see cref="LabelDelay"/>.
    /// </summary>
    public string? LabelDelayExceptions()
    {
        var later = (LabelDelayByBatch ?? new Dictionary<long, int>()).Keys.Order().Select(b => (Batch: b, Delay: LabelDelayOf(b))).Where(x => x.Delay != LabelDelay).ToList();
        var runs = new List<string>();
        for (var i = 0; i < later.Count;)
        {
            var j = i;
            while (j + 1 < later.Count && later[j + 1].Batch == later[j].Batch + 1 && later[j + 1].Delay == later[i].Delay)
            {
                j++;
            }

            var span = j == i ? $"batch {later[i].Batch}" : $"batches {later[i].Batch}–{later[j].Batch}";
            runs.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{later[i].Delay} in {span}"));
            i = j + 1;
        }

        return runs.Count == 0 ? null : string.Join("; ", runs);
    }

    public string Algorithm { get; init; } = "gbt";

    public int Seed { get; init; } = 42;

    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Columns of the stream that are neither features nor the label (serving signals).</summary>
    public IReadOnlyList<string> SignalColumns { get; init; } = ["latency_ms", "failed", "arrival_delay_s"];

    /// <summary>A candidate passes the gate when its held-out accuracy is at least the champion's minus this.</summary>
    public double GateTolerance { get; init; } = 0.005;

    /// <summary>
    /// After every message, save the agent's state to its JSON document and resume a new agent from it (a
    /// cluster in which any node may handle the model's next message). The outputs must not change.
    /// </summary>
    public bool ResumeAfterEveryMessage { get; init; }
}
