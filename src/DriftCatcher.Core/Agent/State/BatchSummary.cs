using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>One batch in the agent's window: counts and summary numbers, no rows.</summary>
public sealed class BatchSummary
{
    public long Batch { get; set; }

    public DateTimeOffset Time { get; set; }

    public int Rows { get; set; }

    /// <summary>Rows that got an answer (not abstained, not failed) and whose labels are tracked: all of them, or those in the even sample of a batch over <see cref="ModelAgent.MaxTrackedRowsPerBatch"/> rows.</summary>
    public int Answered { get; set; }

    public string ServedVersion { get; set; } = "";

    public ServingMode Mode { get; set; }

    /// <summary>Labels joined so far, and how many of them the served answer got right.</summary>
    public int Labeled { get; set; }

    public int Correct { get; set; }

    /// <summary>Regression models: sums of |prediction − target| and (prediction − target)² over the labeled rows.</summary>
    public double AbsErrorSum { get; set; }

    public double SquaredErrorSum { get; set; }

    public double EstimatedAccuracy { get; set; } = double.NaN;

    public double MeanConfidence { get; set; } = double.NaN;

    public double ShareDrifted { get; set; } = double.NaN;

    public double MaxPsi { get; set; } = double.NaN;

    /// <summary>
    /// Share of the features that drifted in K of the last M batches up to this one and, where their bin counts
    /// are kept, still drift with those batches' rows pooled; NaN when the monitor compared no features.
    /// </summary>
    public double SustainedShareDrifted { get; set; } = double.NaN;

    /// <summary>A critical data-quality or schema finding: the batch is faulty and never trained on.</summary>
    public bool QualityFault { get; set; }

    /// <summary>Its regression labels failed the label check: none of them is used, also of a message that comes later.</summary>
    public bool LabelFault { get; set; }

    public bool QualityWarning { get; set; }

    /// <summary>Inputs outside the reference range in a share too small for a fault: a new region.</summary>
    public bool NewRegion { get; set; }

    public int Requests { get; set; }

    public int Failures { get; set; }

    public double LatencyP95Ms { get; set; } = double.NaN;

    public double ArrivalDelayMinutes { get; set; }

    public double Accuracy => Labeled == 0 ? double.NaN : (double)Correct / Labeled;

    /// <summary>Mean absolute error of the labeled rows (regression models; NaN without labels).</summary>
    public double Mae => Labeled == 0 ? double.NaN : AbsErrorSum / Labeled;

    public double Rmse => Labeled == 0 ? double.NaN : Math.Sqrt(SquaredErrorSum / Labeled);

    /// <summary>Standard deviation of the absolute errors (E|e|² = E e², so it comes from the two sums).</summary>
    public double AbsErrorSd => Labeled == 0 ? double.NaN : Math.Sqrt(Math.Max(0, (SquaredErrorSum / Labeled) - (Mae * Mae)));
}
