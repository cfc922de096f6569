using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent.State;

/// <summary>A finding remembered with the batch it was made on.</summary>
public sealed class FindingRecord
{
    public long Batch { get; set; }

    public Finding Finding { get; set; } = new(FindingKind.DataQuality, Severity.Info, "", "", "");
}
