namespace DriftCatcher.Core.Agent.State;

/// <summary>Respelled labels received since the last tick, for one spelling (see <see cref="Messages.RespelledLabels"/>).</summary>
public sealed class RespelledLabelCount
{
    public string Spelling { get; set; } = "";

    public string KnownClass { get; set; } = "";

    public int Count { get; set; }

    /// <summary>The batches their predictions belong to (−1 while none matched a remembered prediction).</summary>
    public long FirstBatch { get; set; } = -1;

    public long LastBatch { get; set; } = -1;
}
