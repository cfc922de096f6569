using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Verification;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// A fallback is a corrective action, and it is judged like one. The fallback for a data fault is the same learner
/// without the broken columns; when the columns it leaves out carry much of the answer, it can do worse than the
/// champion reading them broken: on unit-change-miles (SEA, x1 in kilometres) the fallback without x1 answered 0.68
/// where the champion, reading x1 converted, still answered 0.81, so the fallback made a fault that the champion
/// half-tolerated cost more than doing nothing. Once labels show both on the same fault (the champion served its
/// first batch, the fallback those after), and the champion is clearly better — by <c>revert_margin</c> (accuracy;
/// relative for MAE) and a one-sided z of at least <see cref="ServeThroughZ"/> — the champion serves through the
/// fault. Nothing is trained on the faulty rows still (they stay flagged), the broken columns stay remembered as the
/// fault going on, and the champion's own faulty rows are watched: should they fall clearly below the fallback's, the
/// fallback comes back, and the fault is not served through a second time.
/// </summary>
public sealed partial class ModelAgent
{
    /// <summary>One-sided 1 %: a restore on a fault needs a clear verdict, keeping the fallback needs none.</summary>
    private const double ServeThroughZ = 2.33;

    /// <summary>How the reason of a restore through a fault begins.</summary>
    private const string ServeThroughReason = "the fault goes on, but the champion answers it better";

    /// <summary>The champion serves through the fault, or will once its restore is applied, on this column.</summary>
    private bool ServedThrough(string column) =>
        State.Memory.Tolerance is { Active: true } t && t.Features.Contains(column, StringComparer.Ordinal);

    /// <summary>A column the agent knows is broken: the serving fallback leaves it out, or the champion serves through it.</summary>
    private bool KnownBroken(string column) =>
        (State.Mode == ServingMode.Fallback && State.Memory.FallbackExcludes.Contains(column, StringComparer.Ordinal)) || ServedThrough(column);

    /// <summary>
    /// While the champion serves through a fault, a fallback for the same broken columns is not asked for again. A
    /// serving fault (latency or failures over their limits) is another matter: the champion must not serve it, so its
    /// fallback goes ahead (and the fault is judged afresh from there, as <see cref="ServeThroughFault"/> never serves
    /// through a serving fault).
    /// </summary>
    private string? ServingThroughFault(TickSignals s)
    {
        if (s.ServingFault || State.Memory.Tolerance is not { Active: true } t || State.Mode != ServingMode.Champion
            || !State.Memory.FaultyFeatures.TrueForAll(f => t.Features.Contains(f, StringComparer.Ordinal)))
        {
            return null;
        }

        return $"the champion serves through this fault: {t.Reason}";
    }

    /// <summary>
    /// Step 2 of the rules while a fallback serves a data fault that goes on: the fallback's verdict. Null to keep it
    /// (a "keep" verdict is recorded among the alternatives once both sides have labels).
    /// </summary>
    private AgentDecision? ServeThroughFault(Tick t, TickSignals s, AgentPolicy policy, List<Alternative> alternatives, VerificationReport? report)
    {
        var memory = State.Memory;
        if (!policy.Verification.JudgeFallback || State.Mode != ServingMode.Fallback || !s.QualityFault || s.ServingFault
            || memory.Tolerance is not null || State.Versions.Fallback is not { } fallbackVersion
            || memory.PendingApprovals.Any(p => p.Request.Action is AgentAction.Restore or AgentAction.Fallback))
        {
            return null;
        }

        var episode = FaultEpisode();
        var champion = ServedScore.Of(episode.Where(b => b.Mode == ServingMode.Champion && b.ServedVersion == State.Versions.Champion
            && b.Batch > memory.ServedThroughUntil));
        var fallback = ServedScore.Of(episode.Where(b => b.Mode == ServingMode.Fallback && b.ServedVersion == fallbackVersion));
        var min = policy.Detection.MinLabels;
        if (champion.Rows < min || fallback.Rows < min)
        {
            return null;
        }

        var (z, line) = Compare(champion, State.Versions.Champion, fallback, fallbackVersion, policy);
        if (z < ServeThroughZ)
        {
            alternatives.Add(new Alternative(AgentAction.Restore, $"serve the champion through the fault: {line}, not clearly better (z ≥ {Num(ServeThroughZ, "0.####")})"));
            return null;
        }

        var reason = $"{ServeThroughReason} than the fallback without {string.Join(", ", memory.FallbackExcludes)}: {line}; "
            + "serve the champion through it, train on none of it, and fix the feed";
        var restore = Request(AgentAction.Restore, policy, reason) with { TargetVersion = State.Versions.Champion };
        if (Guard(AgentAction.Restore, t.Time, policy) is { } blocked)
        {
            alternatives.Add(new Alternative(AgentAction.Restore, $"serve the champion through the fault: {blocked}"));
            return null;
        }

        memory.Tolerance = new FaultTolerance
        {
            RequestId = restore.RequestId,
            Features = [.. memory.FallbackExcludes.Union(memory.FaultyFeatures, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Reason = line,
            Fallback = fallback,
        };
        alternatives.Add(new Alternative(AgentAction.Fallback, $"keep the fallback: {line}"));
        return Act(t, s, "serve-through-fault", restore, alternatives, report, policy);
    }

    /// <summary>
    /// While the champion serves through a fault: its faulty rows since then against what the fallback did. Clearly
    /// worse revokes it (the fallback rule then acts in this tick); the fault has cleared ends it.
    /// </summary>
    private void ReviewServingThroughFault(Tick t, TickSignals s, AgentPolicy policy)
    {
        var memory = State.Memory;
        if (memory.Tolerance is not { } tolerance)
        {
            return;
        }

        if (!s.QualityFault && memory.CleanStreak >= Math.Max(policy.Detection.ClearAfter, CleanBatchesBeforeRestore(memory)))
        {
            memory.Tolerance = null; // the fault is over; a new one is judged afresh
            return;
        }

        if (!tolerance.Active || State.Mode != ServingMode.Champion || tolerance.Since < 0)
        {
            return;
        }

        List<BatchSummary> served = [.. State.Window.Batches.Where(b => b.Batch > tolerance.Since && b.QualityFault && b.Labeled > 0
            && b.Mode == ServingMode.Champion && b.ServedVersion == State.Versions.Champion)];

        // Its newest rows as well as all of them: weighed only together, a good start hid a fall (0.8 on two batches,
        // then 0.4 against the fallback's 0.6 read 0.6 after two batches of the fall, and was sent away after six).
        foreach (var rows in new[] { served.TakeLast(Math.Max(1, policy.Verification.WindowBatches)), served })
        {
            var champion = ServedScore.Of(rows);
            if (champion.Rows < policy.Detection.MinLabels)
            {
                continue;
            }

            var (z, line) = Compare(tolerance.Fallback, "the fallback", champion, State.Versions.Champion, policy);
            if (z < ServeThroughZ)
            {
                continue;
            }

            tolerance.Active = false;
            s.ServeThroughEnded = $"the champion no longer serves through the fault: {line}";
            if (State.Incident is { } incident)
            {
                Timeline(incident, t.Batch, s.ServeThroughEnded);
            }

            return;
        }
    }

    /// <summary>The newest run of batches that were faulty or served by a fallback: the fault now going on.</summary>
    private List<BatchSummary> FaultEpisode()
    {
        var batches = State.Window.Batches;
        var first = batches.Count;
        while (first > 0 && (batches[first - 1].QualityFault || batches[first - 1].Mode == ServingMode.Fallback))
        {
            first--;
        }

        return [.. batches.Skip(first).Where(b => b.QualityFault && b.Labeled > 0)];
    }

    /// <summary>
    /// One-sided z that <paramref name="better"/> beats <paramref name="worse"/> (at most 0 unless by more than the
    /// revert margin), and the comparison in words. Accuracy: two proportions, pooled. MAE: means of absolute
    /// errors, unpooled, the margin relative to the worse one.
    /// </summary>
    private (double Z, string Line) Compare(ServedScore better, string betterName, ServedScore worse, string worseName, AgentPolicy policy)
    {
        var margin = policy.Verification.RevertMargin;
        double z;
        bool clear;
        string line;
        if (IsRegression)
        {
            var (mb, mw) = (better.AbsErrorSum / better.Rows, worse.AbsErrorSum / worse.Rows);
            var vb = Math.Max(0, (better.SquaredErrorSum / better.Rows) - (mb * mb)) / better.Rows;
            var vw = Math.Max(0, (worse.SquaredErrorSum / worse.Rows) - (mw * mw)) / worse.Rows;
            var gain = mw - mb;
            var se = Math.Sqrt(vb + vw);
            z = se > 0 ? gain / se : 0;
            clear = gain > margin * mw;
            line = $"MAE {Num(mb, "0.####")} of {betterName} on {better.Rows} faulty rows against {Num(mw, "0.####")} of {worseName} on {worse.Rows}";
        }
        else
        {
            var (pb, pw) = ((double)better.Correct / better.Rows, (double)worse.Correct / worse.Rows);
            var pooled = (double)(better.Correct + worse.Correct) / (better.Rows + worse.Rows);
            var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / better.Rows) + (1.0 / worse.Rows)));
            z = se > 0 ? (pb - pw) / se : 0;
            clear = pb - pw > margin;
            line = $"accuracy {Num(pb, "0.####")} of {betterName} on {better.Rows} faulty rows against {Num(pw, "0.####")} of {worseName} on {worse.Rows}";
        }

        return (clear ? z : Math.Min(z, 0), $"{line} (z = {Num(z, "0.0")})");
    }
}
