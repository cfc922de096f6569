using DriftCatcher.Core.Agent.Decisions;

namespace DriftCatcher.Core.Agent.State;

/// <summary>One batch in the agent's window: counts and summary numbers, no rows.</summary>
public sealed class BatchSummary
{
    public long Batch { get; set; }

    public DateTimeOffset Time { get; set; }

    public int Rows { get; set; }

    /// <summary>Rows that got an answer (not abstained, not failed).</summary>
    public int Answered { get; set; }

    public string ServedVersion { get; set; } = "";

    public ServingMode Mode { get; set; }

    /// <summary>Labels joined so far, and how many of them the served answer got right.</summary>
    public int Labeled { get; set; }

    public int Correct { get; set; }

    public double EstimatedAccuracy { get; set; } = double.NaN;

    public double MeanConfidence { get; set; } = double.NaN;

    public double ShareDrifted { get; set; } = double.NaN;

    public double MaxPsi { get; set; } = double.NaN;

    /// <summary>A critical data-quality or schema finding: the batch is faulty and never trained on.</summary>
    public bool QualityFault { get; set; }

    public bool QualityWarning { get; set; }

    /// <summary>Inputs outside the reference range in a share too small for a fault: a new region.</summary>
    public bool NewRegion { get; set; }

    public int Requests { get; set; }

    public int Failures { get; set; }

    public double LatencyP95Ms { get; set; } = double.NaN;

    public double ArrivalDelayMinutes { get; set; }

    public double Accuracy => Labeled == 0 ? double.NaN : (double)Correct / Labeled;
}
