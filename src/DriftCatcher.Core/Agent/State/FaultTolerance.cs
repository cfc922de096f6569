namespace DriftCatcher.Core.Agent.State;

/// <summary>
/// The champion serves through a data fault because the labels showed it answers the faulty rows clearly better than
/// the fallback does without the broken columns (see <c>ModelAgent.ServeThroughFault</c>). Kept, inactive, once
/// revoked, so the same fault is not served through twice; dropped when the fault has cleared.
/// </summary>
public sealed class FaultTolerance
{
    /// <summary>The restore that put the champion back while the fault went on.</summary>
    public string RequestId { get; set; } = "";

    /// <summary>The batch after which the champion serves through the fault (-1 until the restore is applied).</summary>
    public long Since { get; set; } = -1;

    /// <summary>The broken columns the champion reads through.</summary>
    public List<string> Features { get; set; } = [];

    public bool Active { get; set; } = true;

    /// <summary>Why, in one line (the comparison that decided it).</summary>
    public string Reason { get; set; } = "";

    /// <summary>What the fallback did on its faulty rows, the bar the champion must keep to go on serving.</summary>
    public ServedScore Fallback { get; set; } = new();
}

/// <summary>Labeled rows of one serving version, summed over batches: counts and error sums, no rows.</summary>
public sealed class ServedScore
{
    public int Rows { get; set; }

    public int Correct { get; set; }

    public double AbsErrorSum { get; set; }

    public double SquaredErrorSum { get; set; }

    public static ServedScore Of(IEnumerable<BatchSummary> batches)
    {
        var score = new ServedScore();
        foreach (var b in batches)
        {
            score.Rows += b.Labeled;
            score.Correct += b.Correct;
            score.AbsErrorSum += b.AbsErrorSum;
            score.SquaredErrorSum += b.SquaredErrorSum;
        }

        return score;
    }
}
