using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Quality;

/// <summary>The outcome of one data-quality check: per-column counts and the findings, worst first.</summary>
public sealed record QualityReport
{
    public required int Rows { get; init; }

    /// <summary>Reference columns in reference order, then columns only the window has.</summary>
    public required IReadOnlyList<ColumnQuality> Columns { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Rows identical (all columns but the label) to an earlier row of the window.</summary>
    public int DuplicateRows { get; init; }

    public double DuplicateRate { get; init; }

    /// <summary>The worst severity among the findings, null when there are none.</summary>
    public Severity? MaxSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}
