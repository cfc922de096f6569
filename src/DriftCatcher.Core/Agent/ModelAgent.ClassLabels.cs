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
    /// <summary>The most batches one held run of one-class labels spans (and waits at a tick) before it is released unjudged: batches under 7 labels never pool to 100.</summary>
    public const int MaxHeldBatches = 16;

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
        if (!(d.StuckClassCheck || d.SwappedClassCheck) || respelled.Contains(pending.Batch) || labels * 2 < pending.Ids.Count
            || State.Window.Batches.Find(s => s.Batch == pending.Batch) is not { } b
            || State.Window.ClassCalls.Find(c => c.Version == b.ServedVersion) is not { } calls)
        {
            return null;
        }

        return (calls.ToBaseline(), b.NewRegion || b.QualityFault || (double.IsFinite(b.ShareDrifted) && b.ShareDrifted >= d.DriftShare));
    }

    /// <summary>The fewest earlier batches of a version whose labels agreed with it before a swap can be judged by it.</summary>
    public const int MinAgreedBatches = 3;

    /// <summary>
    /// Whether a batch's labels are checked for swapped classes (<see cref="ClassLabelQuality.CheckSwapped"/>): the check
    /// is on, the batch is no new region and no quality fault (where the model's answers are unproven; a batch that
    /// merely drifted is judged: a drift finding on one of STAGGER's three columns let a swap through, and the model
    /// trained on it), and the labels agreed with the version that served it on at least <see cref="MinAgreedBatches"/>
    /// earlier batches it served (counted, not flagged, no worse than the baseline). A version whose first labels read as
    /// if its classes were renamed is a deployment's regression to answer, not the labels' — and so is one whose labels
    /// turn so within its first batches: a swap that began with a concept change was learned as the change, and when
    /// the feed was fixed, the model trained on it read the sound labels as the swap (a fuzz probe: accuracy 0.37
    /// against 0.60 for doing nothing). Returns whether the nearest earlier batch failed the label check (the same
    /// episode: one row of each traded class suffices, and a rename needs no chance test of its misses); null: not checked.
    /// </summary>
    private bool? SwapCheckable(long batch, Policy.DetectionOptions d)
    {
        if (!d.SwappedClassCheck || State.Window.Batches.Find(s => s.Batch == batch) is not { NewRegion: false, QualityFault: false } summary)
        {
            return null;
        }

        var worse = WorseAccuracy(BaselineLevel(), d);
        if (State.Window.Batches.Count(s => s.Batch < batch && s.ServedVersion == summary.ServedVersion && s.Labeled > 0
            && !s.LabelFault && !worse(s, d.ZWarning)) < MinAgreedBatches)
        {
            return null;
        }

        return State.Window.Batches.Where(s => s.Batch < batch).MaxBy(s => s.Batch) is { LabelFault: true };
    }

    /// <summary>
    /// This message's labels as the loop takes them: those of small batches all one class, which the check cannot judge
    /// alone (under <see cref="ClassLabelQuality.MinLabels"/>; on a few rows a world where one class is nineteen in twenty
    /// makes whole batches of it), are held, a run per serving version, while the next such batches come, and judged
    /// pooled once a run reaches <see cref="ClassLabelQuality.MinLabels"/>: a stuck feed, and every batch of the run is
    /// flagged faulty (none of its labels used), and the other runs of that class are judged as its continuation; sound,
    /// and the run's labels are released into this message. Labels of two classes in one batch (the feed is not stuck),
    /// a run of another class, or a run spanning over <see cref="MaxHeldBatches"/> batches release; so does a tick when a
    /// run's newest batch is that old. Held labels are counted late (realized performance, detectors), never lost; a run
    /// holds under 100 labels plus one batch's. Duplicate ids in a message count once.
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
        var runs = State.Window.HeldLabels;
        var heldIds = new HashSet<string>(runs.SelectMany(r => r.Ids), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new SortedDictionary<long, (PendingPredictions Pending, List<int> Rows)>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (heldIds.Contains(ids[i]))
            {
                continue; // held already: the first label of a prediction holds
            }

            if (index.TryGetValue(ids[i], out var hit) && hit.Batch.Predicted[hit.Row] != int.MinValue && labels[i] >= 0)
            {
                if (!seen.Add(ids[i]))
                {
                    continue; // a duplicate in this message: the first label of a prediction holds
                }

                if (!groups.TryGetValue(hit.Batch.Batch, out var g))
                {
                    groups[hit.Batch.Batch] = g = (hit.Batch, []);
                }

                g.Rows.Add(i);
                continue;
            }

            outIds.Add(ids[i]);
            outLabels.Add(labels[i]);
        }

        foreach (var (batch, g) in groups)
        {
            var c = labels[g.Rows[0]];
            var alreadyHeld = runs.Sum(r => r.Ids.Count(id => index.TryGetValue(id, out var h) && h.Batch.Batch == batch));
            var oneClass = g.Rows.TrueForAll(i => labels[i] == c);
            if (!oneClass)
            {
                // Two classes in one batch: the feed is not stuck on one.
                ReleaseAll(outIds, outLabels, index);
            }

            var version = State.Window.Batches.Find(s => s.Batch == batch)?.ServedVersion;
            var checkable = d.StuckClassCheck && oneClass && g.Rows.Count + alreadyHeld < ClassLabelQuality.MinLabels
                ? StuckClassCheckable(g.Pending, g.Rows.Count + alreadyHeld, respelled, d) : null;
            if (checkable is not { } ok || version is null)
            {
                // Not held: mixed, enough to judge alone, or not checked (too few of the batch, the check off, …).
                foreach (var i in g.Rows)
                {
                    outIds.Add(ids[i]);
                    outLabels.Add(labels[i]);
                }

                continue;
            }

            foreach (var other in runs.Where(r => r.Class != c).ToList())
            {
                Release(other, outIds, outLabels, index);
            }

            var run = runs.Find(r => r.Version == version);
            if (run is not null && Math.Max(run.Batches.Max(), batch) - Math.Min(run.Batches.Min(), batch) >= MaxHeldBatches)
            {
                Release(run, outIds, outLabels, index);
                run = null;
            }

            if (run is null)
            {
                run = new HeldClassLabels { Version = version, Class = c };
                runs.Add(run);
            }

            if (!run.Batches.Contains(batch))
            {
                run.Batches.Add(batch);
            }

            run.Moved |= ok.Moved;
            foreach (var i in g.Rows)
            {
                var (pending, row) = index[ids[i]];
                run.Ids.Add(ids[i]);
                run.Predicted.Add(pending.Predicted[row]);
            }

            if (run.Ids.Count < ClassLabelQuality.MinLabels)
            {
                continue;
            }

            if (!FlagHeld(run, ok.Calls, ClassLabelQuality.MinLabels, index))
            {
                Release(run, outIds, outLabels, index);
                continue;
            }

            // The other runs of the class are the same feed, seen through another version: judged as its continuation.
            foreach (var other in runs.Where(r => r.Class == c).ToList())
            {
                Release(other, outIds, outLabels, index);
            }
        }

        return (outIds, outLabels); // settled predictions leave the pending list as the labels are counted
    }

    /// <summary>At a tick, runs whose newest batch is <see cref="MaxHeldBatches"/> old are released and counted (a feed that stopped).</summary>
    private void ReleaseStaleHeld(long batch, Policy.DetectionOptions d)
    {
        if (!State.Window.HeldLabels.Exists(r => batch - r.Batches.Max() >= MaxHeldBatches))
        {
            return;
        }

        var index = PendingIndex();
        List<string> ids = [];
        List<int> labels = [];
        foreach (var run in State.Window.HeldLabels.Where(r => batch - r.Batches.Max() >= MaxHeldBatches).ToList())
        {
            Release(run, ids, labels, index);
        }

        if (ids.Count > 0)
        {
            CountClassLabels(ids, labels, index, [], d);
        }
    }

    private void ReleaseAll(List<string> ids, List<int> labels, Dictionary<string, (PendingPredictions Batch, int Row)> index)
    {
        foreach (var run in State.Window.HeldLabels.ToList())
        {
            Release(run, ids, labels, index);
        }
    }

    /// <summary>
    /// Ends a held run: its labels go into <paramref name="ids"/> and <paramref name="labels"/>, to be counted now, unless
    /// it continues a stuck feed just found (the nearest batch before or after it that the agent saw failed the label
    /// check): then it is judged on what it holds, however few (a feed fixed after 4 more stuck 20-row batches left 80
    /// labels that were released and trained on).
    /// </summary>
    private void Release(HeldClassLabels run, List<string> ids, List<int> labels, Dictionary<string, (PendingPredictions Batch, int Row)> index)
    {
        if (!State.Window.HeldLabels.Remove(run))
        {
            return;
        }

        var first = run.Batches.Min();
        var last = run.Batches.Max();
        var before = State.Window.Batches.Where(s => s.Batch < first).MaxBy(s => s.Batch);
        var after = State.Window.Batches.Where(s => s.Batch > last).MinBy(s => s.Batch);
        var continues = before is { LabelFault: true } || after is { LabelFault: true };
        if (continues && State.Window.ClassCalls.Find(c => c.Version == run.Version) is { } calls
            && FlagHeld(run, calls.ToBaseline(), ClassLabelQuality.MinCalledOtherwise, index))
        {
            return;
        }

        ids.AddRange(run.Ids);
        labels.AddRange(Enumerable.Repeat(run.Class, run.Ids.Count));
    }

    /// <summary>Judges a held run pooled; a stuck feed flags every batch of it, none of its labels used, and ends it.</summary>
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
        State.Window.HeldLabels.Remove(run);
        return true;
    }
}
