using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Quality;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// A classifier's label feed stuck on one class (see <see cref="ClassLabelQuality"/>): each batch's labels are judged by
/// the record of the version that served it; batches of fewer labels than the check needs, all one class, are held and
/// judged pooled with the next such batches of the same version and class.
/// </summary>
public sealed partial class ModelAgent
{
    /// <summary>The most batches one held run of one-class labels spans before it is released unjudged.</summary>
    public const int MaxHeldBatches = 8;

    /// <summary>Versions whose held-out calls per class the state keeps (a batch's labels come D batches late).</summary>
    public const int MaxClassCallVersions = 4;

    /// <summary>Keeps how the version serving a batch called each class on its held-out rows (the monitor the host passes is that version's).</summary>
    private void RememberClassCalls(string version, ClassLabelBaseline? calls)
    {
        var kept = State.Window.ClassCalls;
        var known = kept.FindIndex(c => c.Version == version);
        if (IsRegression || calls is null || (known >= 0 && known == kept.Count - 1))
        {
            return;
        }

        var entry = known >= 0 ? kept[known] : VersionClassCalls.Of(version, calls);
        if (known >= 0)
        {
            kept.RemoveAt(known);
        }

        kept.Add(entry);
        if (kept.Count > MaxClassCallVersions)
        {
            kept.RemoveAt(0);
        }
    }

    /// <summary>
    /// Whether a batch's new class labels can be checked for a feed stuck on one class: the held-out calls of the
    /// version that served it, and whether its inputs moved (null: not checked). Only labels for at least half of the
    /// batch's tracked rows are checked: a feed that labels a few rows (an analyst's verdicts on the model's alerts) is a
    /// sample the model chose, not the batch. Inputs that moved (features drifted by the policy's share, a new region, a
    /// quality fault) leave only the majority class judged: there a batch all of a smaller class may be a new variant
    /// of it, while a join that fails writes the default. (The answers judged are the version's own: during a canary
    /// the agent keeps the champion's.)
    /// </summary>
    private (ClassLabelBaseline Calls, bool Moved)? StuckClassCheckable(PendingPredictions pending, int labels, HashSet<long> respelled, Policy.DetectionOptions d)
    {
        if (!d.StuckClassCheck || respelled.Contains(pending.Batch) || labels * 2 < pending.Ids.Count
            || State.Window.Batches.Find(s => s.Batch == pending.Batch) is not { } b
            || State.Window.ClassCalls.Find(c => c.Version == b.ServedVersion) is not { } calls)
        {
            return null;
        }

        return (calls.ToBaseline(), b.NewRegion || b.QualityFault || (double.IsFinite(b.ShareDrifted) && b.ShareDrifted >= d.DriftShare));
    }

    /// <summary>
    /// This message's labels as the loop takes them: those of small batches all one class, which the check cannot judge
    /// alone (under <see cref="ClassLabelQuality.MinLabels"/>; on a few rows a world where one class is nineteen in twenty
    /// makes whole batches of it), are held while the next such batches of the same version and class come, and judged
    /// pooled once they reach it: a stuck feed, and every batch of the run is flagged faulty (none of its labels used);
    /// sound, and the held labels are released into this message. A batch of mixed labels, of another version or class, a
    /// run over <see cref="MaxHeldBatches"/> batches, or a batch the check does not take releases the run. Held labels
    /// are counted late (realized performance, detectors), never lost; a run is at most 99 labels plus one batch.
    /// </summary>
    private (List<string> Ids, List<int> Labels) PoolOneClassBatches(
        IReadOnlyList<string> ids,
        IReadOnlyList<int> labels,
        Dictionary<string, (PendingPredictions Batch, int Row)> index,
        HashSet<long> respelled,
        Policy.DetectionOptions d)
    {
        List<string> outIds = [];
        List<int> outLabels = [];
        var held = State.Window.HeldLabels;
        var heldIds = held is null ? [] : new HashSet<string>(held.Ids, StringComparer.Ordinal);
        var groups = new SortedDictionary<long, (PendingPredictions Pending, List<int> Rows)>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (index.TryGetValue(ids[i], out var hit) && hit.Batch.Predicted[hit.Row] != int.MinValue && labels[i] >= 0 && !heldIds.Contains(ids[i]))
            {
                if (!groups.TryGetValue(hit.Batch.Batch, out var g))
                {
                    groups[hit.Batch.Batch] = g = (hit.Batch, []);
                }

                g.Rows.Add(i);
                continue;
            }

            if (!heldIds.Contains(ids[i]))
            {
                outIds.Add(ids[i]);
                outLabels.Add(labels[i]);
            }
        }

        foreach (var (batch, g) in groups)
        {
            var c = labels[g.Rows[0]];
            var oneClass = g.Rows.Count < ClassLabelQuality.MinLabels && g.Rows.TrueForAll(i => labels[i] == c);
            var checkable = oneClass ? StuckClassCheckable(g.Pending, g.Rows.Count, respelled, d) : null;
            var version = State.Window.Batches.Find(s => s.Batch == batch)?.ServedVersion;
            if (checkable is not { } ok)
            {
                // Not held: mixed, enough to judge alone, or unchecked.
                Release(outIds, outLabels, index);
                foreach (var i in g.Rows)
                {
                    outIds.Add(ids[i]);
                    outLabels.Add(labels[i]);
                }

                continue;
            }

            if (State.Window.HeldLabels is { } run && (run.Version != version || run.Class != c || batch <= run.Batches[^1] || batch - run.Batches[0] >= MaxHeldBatches))
            {
                Release(outIds, outLabels, index);
            }

            var open = State.Window.HeldLabels ??= new HeldClassLabels { Version = version!, Class = c };
            open.Batches.Add(batch);
            open.Moved |= ok.Moved;
            foreach (var i in g.Rows)
            {
                var (pending, row) = index[ids[i]];
                open.Ids.Add(ids[i]);
                open.Predicted.Add(pending.Predicted[row]);
            }

            if (open.Ids.Count < ClassLabelQuality.MinLabels)
            {
                continue;
            }

            if (!FlagHeld(open, ok.Calls, ClassLabelQuality.MinLabels, index))
            {
                Release(outIds, outLabels, index);
            }
        }

        State.Window.Pending.RemoveAll(pb => pb.Predicted.TrueForAll(v => v == int.MinValue));
        return (outIds, outLabels);
    }

    /// <summary>
    /// Ends the held run: its labels go into this message's, to be counted now, unless it continues a stuck feed just
    /// found (the batch before it failed the label check): then it is judged on what it holds, however few (a feed
    /// fixed after 4 more stuck 20-row batches left 80 labels that were released and trained on).
    /// </summary>
    private void Release(List<string> ids, List<int> labels, Dictionary<string, (PendingPredictions Batch, int Row)> index)
    {
        if (State.Window.HeldLabels is not { } run)
        {
            return;
        }

        var continues = State.Window.Batches.Find(s => s.Batch == run.Batches[0] - 1) is { LabelFault: true };
        if (continues && State.Window.ClassCalls.Find(c => c.Version == run.Version) is { } calls
            && FlagHeld(run, calls.ToBaseline(), ClassLabelQuality.MinCalledOtherwise, index))
        {
            return;
        }

        ids.AddRange(run.Ids);
        labels.AddRange(Enumerable.Repeat(run.Class, run.Ids.Count));
        State.Window.HeldLabels = null;
    }

    /// <summary>Judges the held run pooled; a stuck feed flags every batch of it, none of its labels used, and ends it.</summary>
    private bool FlagHeld(HeldClassLabels run, ClassLabelBaseline calls, int minLabels, Dictionary<string, (PendingPredictions Batch, int Row)> index)
    {
        var findings = ClassLabelQuality.Check(calls, [.. Enumerable.Repeat(run.Class, run.Ids.Count)], run.Predicted, run.Moved, minLabels);
        if (findings.Count == 0)
        {
            return false;
        }

        foreach (var id in run.Ids)
        {
            if (index.TryGetValue(id, out var h))
            {
                h.Batch.Predicted[h.Row] = int.MinValue; // settled unjudged
            }
        }

        RecordLabelFault(run.Batches, findings, run.Ids.Count);
        State.Window.HeldLabels = null;
        return true;
    }
}
