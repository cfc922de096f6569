namespace DriftCatcher.Core.Agent.Policy;

/// <summary>When a signal counts as a problem, and when it counts as sustained rather than a spike.</summary>
public sealed record DetectionOptions
{
    /// <summary>A batch is drifted when at least this share of monitored features drifted.</summary>
    public double DriftShare { get; init; } = 0.25;

    /// <summary>Persistence: a signal is sustained when it fired in at least K of the last M batches.</summary>
    public int PersistenceK { get; init; } = 2;

    public int PersistenceM { get; init; } = 3;

    /// <summary>Hysteresis: a sustained signal clears only after this many quiet batches in a row.</summary>
    public int ClearAfter { get; init; } = 2;

    /// <summary>Smallest accuracy drop (absolute) that counts as degradation.</summary>
    public double MinAccuracyDrop { get; init; } = 0.04;

    /// <summary>
    /// A smaller drop also counts when it multiplies the baseline's error rate by at least this much (0: off):
    /// for a model that is right 99 % of the time, going to 97.5 % is 2.5 times the errors, which matters long
    /// before the absolute floor is reached. The z-score requirements are unchanged.
    /// </summary>
    public double MinErrorRatio { get; init; } = 2;

    /// <summary>The error-ratio rule never lowers the floor below this absolute drop (near-perfect models would otherwise react to a handful of rows).</summary>
    public double MinAccuracyDropLow { get; init; } = 0.01;

    /// <summary>An accuracy drop of at least this much is critical.</summary>
    public double CriticalAccuracyDrop { get; init; } = 0.10;

    /// <summary>Binomial z-score of one batch's drop that is sustained by itself (too large to be noise).</summary>
    public double ZCritical { get; init; } = 4.0;

    /// <summary>Binomial z-score of a batch's drop that counts towards persistence.</summary>
    public double ZWarning { get; init; } = 2.0;

    /// <summary>
    /// Persistence also needs the evidence of the batches that count towards it, pooled (their rows summed), to reach
    /// this z: each of two batches at z ≥ <see cref="ZWarning"/> happens by chance about once every hundred batches on
    /// small batches, where the accuracy floor no longer keeps the noise out (0: off).
    /// </summary>
    public double ZPooled { get; init; } = 3.5;

    /// <summary>Labeled rows a batch needs before its accuracy is judged.</summary>
    public int MinLabels { get; init; } = 20;

    /// <summary>Labeled batches of a new champion averaged into its baseline accuracy.</summary>
    public int BaselineBatches { get; init; } = 2;

    /// <summary>
    /// After it settles, the baseline keeps pooling the champion's healthy labeled batches (no incident open, not
    /// judged worse) up to this many: a baseline from two batches is about as uncertain as the batch judged against
    /// it, and its error is shared by every later comparison (measured: 4 of 10 stable SEA streams at 99 % accuracy
    /// retrained on a lucky two-batch baseline).
    /// </summary>
    public int BaselineMaxBatches { get; init; } = 10;

    /// <summary>
    /// ...and past <see cref="BaselineMaxBatches"/> until its batches hold this many labeled rows: ten batches of 100 rows
    /// leave the level 0.008 uncertain for a 93 % model, and that error, shared by every later comparison, made small-batch
    /// stable streams retrain (0: batches only).
    /// </summary>
    public int BaselineMinRows { get; init; } = 5000;

    /// <summary>Estimated accuracy this far below the estimate at deployment is a warning.</summary>
    public double EstimatedAccuracyDrop { get; init; } = 0.08;

    /// <summary>Latency p95 above this (ms), sustained, is a serving fault: traffic moves to the fallback.</summary>
    public double LatencyP95Ms { get; init; } = 1000;

    /// <summary>
    /// Latency p95 this many times its usual level (the median p95 of the first healthy batches), sustained but under
    /// <see cref="LatencyP95Ms"/>, is a serving warning: a person is told, nothing moves. 0 turns it off.
    /// </summary>
    public double LatencyIncreaseFactor { get; init; } = 3;

    public double FailureRate { get; init; } = 0.05;

    /// <summary>Data arriving this late (minutes) is an arrival gap.</summary>
    public double MaxArrivalDelayMinutes { get; init; } = 120;

    /// <summary>
    /// Out-of-range values or unseen categories are an upstream fault (not a new region of the input
    /// space) when at least this share of rows is affected...
    /// </summary>
    public double FaultShare { get; init; } = 0.9;

    /// <summary>...or at least this share with values beyond the reference range by <see cref="FaultExcursionRanges"/> ranges (a unit change).</summary>
    public double FaultShareWithExcursion { get; init; } = 0.5;

    public double FaultExcursionRanges { get; init; } = 3;

    /// <summary>
    /// Classifiers: check arriving labels for a feed stuck on one class (see <see cref="Quality.ClassLabelQuality"/>) and
    /// leave a batch that fails out of realized performance and training. Off for a feed known to be sound in a world
    /// that can turn one class, which the check cannot tell from a stuck feed.
    /// </summary>
    public bool StuckClassCheck { get; init; } = true;

    /// <summary>
    /// Classifiers: check arriving labels for a feed that swapped classes (see
    /// <see cref="Quality.ClassLabelQuality.CheckSwapped"/>) and leave a batch that fails out of realized performance and
    /// training. Off for a world whose classes can trade places on inputs that stay, which the check cannot tell from a
    /// swapped feed.
    /// </summary>
    public bool SwappedClassCheck { get; init; } = true;

    /// <summary>
    /// The sequential change detector run on the champion's 0/1 error stream as labels arrive (a name of
    /// Core/Detectors, "" for none). Its alarm makes a single significant batch sustained.
    /// </summary>
    public string ErrorDetector { get; init; } = "hddm-a";

    /// <summary>Regression models: smallest relative MAE increase over the baseline MAE that counts as degradation (0.10 = 10 %).</summary>
    public double MinMaeIncrease { get; init; } = 0.10;

    /// <summary>Regression models: a relative MAE increase of at least this much is critical.</summary>
    public double CriticalMaeIncrease { get; init; } = 0.30;

    /// <summary>
    /// Regression models: the change detector run on the champion's absolute errors divided by its baseline
    /// MAE (a name of Core/Detectors, "" for none). <c>page-hinkley</c> watches increases only, tolerating
    /// a 5 % drift of the standardized mean (delta 0.05, threshold 50).
    /// </summary>
    public string RegressionErrorDetector { get; init; } = "page-hinkley";

    /// <summary>A performance drop this many batches after a deployment is blamed on the deployment.</summary>
    public int RegressionWindowBatches { get; init; } = 3;
}
