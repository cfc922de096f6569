using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Quality;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// One agent per deployed model: observes messages, assesses, decides, asks its host to act and verifies
/// the outcome. Pure and deterministic: time comes from the messages, engines and policy from the
/// <see cref="AgentContext"/>, memory from the <see cref="AgentState"/> it wraps (mutated in place; save
/// it with <see cref="AgentJson"/> after any message and resume anywhere). The same code runs in the twin,
/// the server and every cluster node.
/// </summary>
public sealed partial class ModelAgent
{
    /// <summary>Per-batch summaries kept in the window ring.</summary>
    public const int HistoryBatches = 64;

    /// <summary>Predictions remembered while waiting for labels; older ones are forgotten (labels then count as unmatched).</summary>
    public const int MaxPendingRows = 100_000;

    /// <summary>
    /// Rows of one batch whose labels are tracked: above it an even sample of the batch (every k-th row). Accuracy
    /// from 10 000 rows is within ±0.01 at 95 %, and ten such batches fit <see cref="MaxPendingRows"/>, so a
    /// label delay of up to 9 batches is followed at any batch size (without the sample, 30 000-row batches
    /// with labels 3 batches late lost every label).
    /// </summary>
    public const int MaxTrackedRowsPerBatch = 10_000;

    /// <summary>The baseline's refinement stops at this many batches whatever <c>baseline_max_batches</c> and <c>baseline_min_rows</c> say, so the state stays bounded.</summary>
    public const int MaxBaselineBatches = 500;

    private const int MaxRecentFindings = 32;
    private const int ArrivalIntervalBatches = 10;
    private const int MaxDeployments = 32;

    /// <summary>Versions whose recall failed, kept so they are not recalled again (the newest).</summary>
    private const int MaxFailedRecalls = 8;
    private const int MaxFaultyBatches = 256;
    private const int MaxClosedIncidents = 16;
    private const int MaxTimeline = 32;
    private const int MaxPendingApprovals = 16;
    private const int MaxRespellings = 16;

    public ModelAgent(AgentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
    }

    public AgentState State { get; }

    public AgentTickResult Handle(AgentMessage message, AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(context);
        return message switch
        {
            PredictionBatch p => OnPredictions(p, context),
            LabelBatch l => OnLabels(l, context),
            SystemSignals s => OnSignals(s),
            Tick t => OnTick(t, context),
            RetrainCompleted r => OnRetrainCompleted(r, context),
            ActionApplied a => OnActionApplied(a, context),
            ApprovalGiven g => OnApproval(g, context),
            _ => throw new ArgumentException($"unknown agent message {message.GetType().Name}", nameof(message)),
        };
    }

    private AgentTickResult OnPredictions(PredictionBatch p, AgentContext context)
    {
        if (p.PredictionIds.Count != p.Features.RowCount)
        {
            throw new ArgumentException($"batch {p.Batch}: {p.PredictionIds.Count} prediction ids for {p.Features.RowCount} rows", nameof(p));
        }

        var width = Math.Max(1, p.OutputWidth);
        if (p.ChampionOutputs is { } championOutputs && championOutputs.Length != p.Outputs.Length)
        {
            throw new ArgumentException($"batch {p.Batch}: {championOutputs.Length} champion outputs for {p.Outputs.Length} outputs", nameof(p));
        }

        // During a canary the served outputs mix both models: the champion is watched on its own answers.
        var outputs = p.ChampionOutputs ?? p.Outputs;
        var observation = context.Monitor.Observe(p.Features, outputs, width);
        var rows = p.Features.RowCount;
        var pending = new PendingPredictions { Batch = p.Batch };
        var answered = 0;
        for (var i = 0; i < rows && IsRegression; i++)
        {
            var value = p.Outputs[i * width];
            var ok = double.IsFinite(value);
            answered += ok ? 1 : 0;
            pending.Ids.Add(p.PredictionIds[i]);
            pending.Predicted.Add(ok ? 1 : -1);
            pending.Values.Add(value);
        }

        for (var i = 0; i < rows && !IsRegression; i++)
        {
            var predicted = ArgMax(outputs.AsSpan(i * width, width));
            answered += predicted >= 0 ? 1 : 0;
            pending.Ids.Add(p.PredictionIds[i]);
            pending.Predicted.Add(predicted);
        }

        RecordTrialPredictions(p, pending, width);
        RememberClassCalls(p.ServedVersion, context.Monitor.ClassLabels);
        answered = Thin(pending, answered);
        var summary = new BatchSummary
        {
            Batch = p.Batch,
            Time = p.Time,
            Rows = rows,
            Answered = answered,
            ServedVersion = p.ServedVersion,
            Mode = State.Mode,
            EstimatedAccuracy = observation.EstimatedAccuracy,
            MeanConfidence = observation.MeanConfidence,
            ShareDrifted = observation.ShareDrifted,
            MaxPsi = observation.MaxPsi,
        };

        var faultyFeatures = new List<string>();
        var worldMoved = ScaleChangeWithTheWorld(observation.Findings);
        var named = observation.Findings.Where(f => f.Code == Quality.QualityCodes.ScaleChange).Select(f => f.Subject).ToHashSet(StringComparer.Ordinal);
        var driftScores = observation.Findings.Where(f => f.Kind == FindingKind.FeatureDrift && f.Severity >= Severity.Warning)
            .DistinctBy(f => f.Subject, StringComparer.Ordinal)
            .ToDictionary(f => f.Subject, f => f.Evidence.GetValueOrDefault("score", double.NaN), StringComparer.Ordinal);
        var drifted = driftScores.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in State.Memory.UnitChangedFeatures.Keys.Where(c => !named.Contains(c) && !drifted.Contains(c)).ToList())
        {
            State.Memory.UnitChangedFeatures.Remove(gone); // back to the reference: the unit was fixed
        }

        foreach (var f in observation.Findings)
        {
            var quality = f.Kind is FindingKind.DataQuality or FindingKind.SchemaMismatch;
            if (quality && f.Severity >= Severity.Warning && IsKnownQuirkGrown(f, context.Policy.Detection))
            {
                summary.NewRegion = true; // more of a known quirk: new traffic, not a broken feed (see IsFault)
                continue;
            }

            if (f.Code == Quality.QualityCodes.ScaleChange && worldMoved)
            {
                summary.NewRegion = true; // new traffic moved this column with the others, see ScaleChangeWithTheWorld
                continue;
            }

            if (f.Code == Quality.QualityCodes.ScaleChange && f.Evidence.ContainsKey(Quality.UnitConversions.EvidenceKey) && !SuddenConversion(f.Subject))
            {
                summary.QualityWarning = true; // the column got there by drifting, see SuddenConversion
                continue;
            }

            // A column stuck at one value that varied in the reference (the checker reports it only when the
            // reference makes that all but impossible) is a broken upstream feed, not drift: a fault, so the agent
            // never trains on it and serves a fallback that does not read it.
            var fault = quality && ((f.Severity == Severity.Critical && (IsFault(f, context.Policy.Detection) || StillBroken(f))) || f.Code == Quality.QualityCodes.ConstantColumn);
            if (fault && f.Code == Quality.QualityCodes.ScaleChange)
            {
                State.Memory.UnitChangedFeatures[f.Subject] = 0;
            }

            // Else, a column that changed units and still drifts without the conversion named: the fault goes on.
            if (fault || StillConverted(f, named))
            {
                summary.QualityFault = true;
                if (!faultyFeatures.Contains(f.Subject, StringComparer.Ordinal))
                {
                    faultyFeatures.Add(f.Subject);
                }
            }
            else if (quality && f.Severity == Severity.Warning)
            {
                summary.QualityWarning = true;
            }

            if (f.Severity >= Severity.Warning && IsNewRegionCode(f.Code))
            {
                summary.NewRegion = true;
            }
        }

        State.Memory.DriftStreaks = drifted.ToDictionary(c => c, c => State.Memory.DriftStreaks.GetValueOrDefault(c) + 1, StringComparer.Ordinal);
        summary.SustainedShareDrifted = NoteHistograms(p.Batch, p.ServedVersion, observation, driftScores, context);
        AddBatch(summary);
        State.Window.Pending.Add(pending);
        TrimPending();
        State.Drift.Current = [.. observation.Findings.Select(f => new FindingRecord { Batch = p.Batch, Finding = f })];
        foreach (var f in observation.Findings.Where(f => f.Severity >= Severity.Warning))
        {
            State.Drift.Recent.Add(new FindingRecord { Batch = p.Batch, Finding = f });
        }

        TrimFront(State.Drift.Recent, MaxRecentFindings);
        State.LastBatch = Math.Max(State.LastBatch, p.Batch);
        // The time since the previous batch beyond the usual interval between batches counts as this batch's
        // arrival delay: a tick that follows its own batch would otherwise never see the hours in which nothing
        // came, and a stream that arrives once a day is not a day late every day.
        if (State.LastDataTime is { } previous && p.Time > previous)
        {
            var interval = (p.Time - previous).TotalMinutes;
            var usual = UsualArrivalInterval();
            if (double.IsFinite(usual))
            {
                summary.ArrivalDelayMinutes = Math.Max(summary.ArrivalDelayMinutes, interval - usual);
            }

            State.Window.ArrivalIntervals.Add(interval);
            TrimFront(State.Window.ArrivalIntervals, ArrivalIntervalBatches);
        }

        State.LastDataTime = State.LastDataTime is { } latest && latest > p.Time ? latest : p.Time;

        var memory = State.Memory;
        if (summary.QualityFault)
        {
            memory.FaultyBatches.Add(p.Batch);
            TrimFront(memory.FaultyBatches, MaxFaultyBatches);
            memory.FaultyFeatures = faultyFeatures;
            memory.CleanStreak = 0;
            memory.FaultRunStart = memory.FaultRunStart < 0 ? p.Batch : memory.FaultRunStart;
            var narrower = State.Mode == ServingMode.Fallback && faultyFeatures.Count > 0 && faultyFeatures.Count < memory.FallbackExcludes.Count
                && faultyFeatures.TrueForAll(f => memory.FallbackExcludes.Contains(f, StringComparer.Ordinal));
            memory.NarrowStreak = narrower ? memory.NarrowStreak + 1 : 0;
            NoteNarrowRelapse(p.Batch, faultyFeatures);
        }
        else
        {
            memory.CleanStreak++;
            memory.FaultRunStart = -1;
            memory.LastingFaultTold = false;
            memory.NarrowStreak = 0;
            NoteNarrowRelapse(p.Batch, []);
        }

        PoolEstimate(summary, context.Policy.Detection);

        return AgentTickResult.Observed;
    }

    /// <summary>Where each prediction awaiting its label sits: its batch and row (the first of duplicate ids wins).</summary>
    private Dictionary<string, (PendingPredictions Batch, int Row)> PendingIndex()
    {
        var index = new Dictionary<string, (PendingPredictions Batch, int Row)>(StringComparer.Ordinal);
        foreach (var pb in State.Window.Pending)
        {
            for (var i = 0; i < pb.Ids.Count; i++)
            {
                index.TryAdd(pb.Ids[i], (pb, i));
            }
        }

        return index;
    }

    /// <summary>Batches the champion served alone on clean data since it became champion: only their labels feed the error-stream detector.</summary>
    private HashSet<long> ChampionBatches()
    {
        var since = ServesSince();
        return State.Window.Batches.Where(b => b.Batch > since && b.ServedVersion == State.Versions.Champion && b.Mode == ServingMode.Champion && !b.QualityFault)
            .Select(b => b.Batch).ToHashSet();
    }

    /// <summary>
    /// The batch of the promotion or rollback that made the champion serve (its answers count from the next batch), −1 when
    /// unknown. A version rolled back to served batches before, under an older concept or before what failed since: their
    /// late labels are not its present (recurring, D = 5: v1 retrained at once on its batches 13–14 from before it was
    /// replaced, while its first batch back scored 1.000).
    /// </summary>
    private long ServesSince() =>
        State.Versions.Deployments.LastOrDefault(x => x.Version == State.Versions.Champion && x.Action is AgentAction.Promote or AgentAction.Rollback)?.Batch ?? -1;

    private void ErrorChangeFound(string message, long labeledBatch)
    {
        State.Drift.ErrorChange = true;
        State.Drift.Current.Add(new FindingRecord
        {
            Batch = State.LastBatch,
            Finding = new Finding(FindingKind.ErrorRateChange, Severity.Warning, "error_rate_change", "model", $"{message} (labels of batch {labeledBatch})")
            {
                Evidence = new Dictionary<string, double> { ["labeled_batch"] = labeledBatch },
            },
        });
    }

    /// <summary>
    /// Adds <paramref name="labeled"/> newly labeled rows of <paramref name="batch"/> to its summary and, while the
    /// champion's baseline is still settling, to the baseline; <paramref name="addToSummary"/> and
    /// <paramref name="addToBaseline"/> add the task's own sums (correct answers, or absolute and squared errors).
    /// </summary>
    private void AddLabeled(long batch, int labeled, Policy.DetectionOptions d, Action<BatchSummary> addToSummary, Action<BaselineState> addToBaseline)
    {
        var summary = State.Window.Batches.Find(b => b.Batch == batch);
        if (summary is null)
        {
            return;
        }

        summary.Labeled += labeled;
        addToSummary(summary);
        State.Window.NewlyLabeledBatch = State.Window.NewlyLabeledBatch is { } n ? Math.Max(n, batch) : batch;
        var baseline = State.Baseline;
        if (summary.ServedVersion != baseline.Version || summary.Mode != ServingMode.Champion || summary.QualityFault || summary.Batch <= ServesSince())
        {
            return;
        }

        if (!baseline.Settled)
        {
            // Settling: every delivery of the champion's first batches counts.
            baseline.Labeled += labeled;
            addToBaseline(baseline);
            if (!baseline.PooledBatches.Contains(batch))
            {
                baseline.PooledBatches.Add(batch);
            }

            baseline.Settled = baseline.Batches >= d.BaselineBatches && baseline.Labeled >= d.MinLabels;
            return;
        }

        // Refining (classifiers): a batch joins once, when all its answered rows are labeled, judged on all of them —
        // never a first delivery of a few rows whose late remainder would then join unchecked.
        if (summary.Labeled < summary.Answered || baseline.PooledBatches.Contains(batch) || !RefinesBaseline(summary, d))
        {
            return;
        }

        baseline.Labeled += summary.Labeled;
        baseline.Correct += summary.Correct;
        baseline.PooledBatches.Add(batch);
    }

    /// <summary>
    /// Whether a classifier's settled baseline pools one more of the champion's batches: fewer than <c>baseline_max_batches</c> so
    /// far or fewer than <c>baseline_min_rows</c> labeled rows (small batches), no incident open, performance not degraded, and the batch itself not worse than the baseline (a slow
    /// drift must not drag the level it is judged against down with it).
    /// </summary>
    private bool RefinesBaseline(BatchSummary summary, Policy.DetectionOptions d)
    {
        var full = State.Baseline.Batches >= MaxBaselineBatches || (State.Baseline.Batches >= d.BaselineMaxBatches && State.Baseline.Labeled >= d.BaselineMinRows);
        if (IsRegression || full || State.Incident is not null || State.Drift.PerformanceDegraded || summary.Labeled < d.MinLabels)
        {
            return false;
        }

        return !WorseAccuracy(BaselineLevel(), d)(summary, d.ZWarning);
    }

    private AgentTickResult OnLabels(LabelBatch l, AgentContext context)
    {
        if (IsRegression)
        {
            return OnTargets(l, context);
        }

        if (l.PredictionIds.Count != l.Labels.Count)
        {
            throw new ArgumentException($"{l.PredictionIds.Count} prediction ids for {l.Labels.Count} labels", nameof(l));
        }

        var index = PendingIndex();
        State.Window.LabelsSinceTick += l.Labels.Count;
        var respelled = SettleRespelled(l, index);
        var d = context.Policy.Detection;
        var (ids, classes) = PoolOneClassBatches(l.PredictionIds, l.Labels, index, respelled, d);
        return CountClassLabels(ids, classes, index, respelled, d);
    }

    /// <summary>
    /// Counts class labels (after the respelled ones were settled and small one-class batches held): the label check,
    /// then realized performance, the error-stream detector, trial and counterfactual counts.
    /// </summary>
    private AgentTickResult CountClassLabels(List<string> ids, List<int> classes, Dictionary<string, (PendingPredictions Batch, int Row)> index, HashSet<long> respelled, Policy.DetectionOptions d)
    {
        var faulty = FaultyLabelBatches(ids, classes, c => c >= 0, index, (pending, labels, predicted, _) =>
            StuckClassCheckable(pending, labels.Count, respelled, d) is not var (calls, moved) ? []
                : d.StuckClassCheck && ClassLabelQuality.Check(calls, labels, predicted, moved) is { Count: > 0 } stuck ? stuck
                : SwapCheckable(pending.Batch, d) is { } continuing
                ? ClassLabelQuality.CheckSwapped(calls, labels, predicted, minTraded: continuing ? 1 : ClassLabelQuality.MinTradedRows, continuing: continuing) : []);

        var touched = new Dictionary<long, (int Labeled, int Correct)>();
        var trialTouched = new Dictionary<long, (int Labeled, int Champion, int Candidate, int Disagreed)>();
        var detectorName = d.ErrorDetector;
        var detector = detectorName.Length == 0 ? null
            : State.Drift.ErrorDetector is { } saved ? Detectors.ChangeDetectors.Restore(saved) : Detectors.ChangeDetectors.Create(detectorName);
        var judged = ChampionBatches();
        for (var i = 0; i < classes.Count; i++)
        {
            if (!index.TryGetValue(ids[i], out var hit))
            {
                NoteUnknownLabel();
                continue;
            }

            var predicted = hit.Batch.Predicted[hit.Row];
            if (predicted == int.MinValue)
            {
                continue; // already labeled: a duplicate label never counts twice
            }

            hit.Batch.Predicted[hit.Row] = int.MinValue;
            if (respelled.Contains(hit.Batch.Batch))
            {
                continue; // its other labels lack the respelled class: a one-sided sample, judged by nothing
            }

            if (faulty.Contains(hit.Batch.Batch))
            {
                continue; // its labels failed the label check (a feed stuck on one class): judged by nothing, trained on never
            }

            CountTrialLabel(trialTouched, State.Trial, hit.Batch, hit.Row, predicted, classes[i]);
            CountCounterfactualLabel(hit.Batch, hit.Row, predicted, classes[i]);
            if (predicted < 0)
            {
                continue; // abstained: nothing to judge
            }

            if (detector is not null && judged.Contains(hit.Batch.Batch) && detector.Update(predicted == classes[i] ? 0 : 1).Drift && !State.Drift.ErrorChange)
            {
                ErrorChangeFound($"{detector.Name} signalled a change in the error stream", hit.Batch.Batch);
            }

            touched.TryGetValue(hit.Batch.Batch, out var t);
            touched[hit.Batch.Batch] = (t.Labeled + 1, t.Correct + (predicted == classes[i] ? 1 : 0));
        }

        if (detector is not null)
        {
            State.Drift.ErrorDetector = detector.Snapshot();
        }

        AddTrialCounts(trialTouched);
        State.Window.Pending.RemoveAll(pb => pb.Predicted.TrueForAll(v => v == int.MinValue));
        foreach (var (batch, counts) in touched.OrderBy(kv => kv.Key))
        {
            AddLabeled(batch, counts.Labeled, d, s => s.Correct += counts.Correct, b => b.Correct += counts.Correct);
        }

        return AgentTickResult.Observed;
    }

    /// <summary>
    /// Settles the predictions of respelled labels unjudged and returns their batches, flagged faulty: none of their
    /// labels is used, for realized performance or training, since what is left of them lacks the respelled class
    /// (a feed that writes BENIGN as "benign" leaves only the attacks labeled). Counted for the alert (see SideAlerts).
    /// </summary>
    private HashSet<long> SettleRespelled(LabelBatch l, Dictionary<string, (PendingPredictions Batch, int Row)> index)
    {
        var batches = new HashSet<long>();
        foreach (var group in l.Respelled)
        {
            State.Window.LabelsSinceTick += group.PredictionIds.Count;
            var count = State.Window.RespelledSinceTick.Find(r => r.Spelling == group.Spelling && r.KnownClass == group.KnownClass);
            if (count is null && State.Window.RespelledSinceTick.Count < MaxRespellings)
            {
                count = new RespelledLabelCount { Spelling = group.Spelling, KnownClass = group.KnownClass };
                State.Window.RespelledSinceTick.Add(count);
            }

            foreach (var id in group.PredictionIds)
            {
                if (!index.TryGetValue(id, out var hit))
                {
                    NoteUnknownLabel();
                    continue;
                }

                if (hit.Batch.Predicted[hit.Row] == int.MinValue)
                {
                    continue; // already labeled: the first label of a prediction holds
                }

                hit.Batch.Predicted[hit.Row] = int.MinValue;
                batches.Add(hit.Batch.Batch);
                if (count is not null)
                {
                    count.FirstBatch = count.FirstBatch < 0 ? hit.Batch.Batch : Math.Min(count.FirstBatch, hit.Batch.Batch);
                    count.LastBatch = Math.Max(count.LastBatch, hit.Batch.Batch);
                }
            }

            if (count is not null)
            {
                count.Count += group.PredictionIds.Count;
            }

            // The decision of this tick carries it as a finding about the label (evidence for the audit trail).
            State.Drift.Current.Add(new FindingRecord
            {
                Batch = State.LastBatch,
                Finding = new Finding(FindingKind.DataQuality, Severity.Warning, "label_respelled", "label",
                    $"'{DisplayText.Shorten(group.Spelling)}' is the class '{DisplayText.Shorten(group.KnownClass)}' spelt differently: {group.PredictionIds.Count} labels not used")
                {
                    Evidence = new Dictionary<string, double> { ["labels"] = group.PredictionIds.Count },
                },
            });
        }

        foreach (var batch in batches.Order())
        {
            FlagFaulty(batch);
        }

        return batches;
    }

    /// <summary>Flags a batch whose labels are unusable faulty, once: no training window includes it or reaches back across it.</summary>
    private void FlagFaulty(long batch)
    {
        if (!State.Memory.FaultyBatches.Contains(batch))
        {
            State.Memory.FaultyBatches.Add(batch);
            TrimFront(State.Memory.FaultyBatches, MaxFaultyBatches);
        }
    }

    private AgentTickResult OnSignals(SystemSignals s)
    {
        var summary = State.Window.Batches.Count > 0 ? State.Window.Batches[^1] : null;
        if (summary is not null)
        {
            summary.Requests += s.Requests;
            summary.Failures += s.Failures;
            summary.LatencyP95Ms = double.IsNaN(summary.LatencyP95Ms) ? s.LatencyP95Ms : Math.Max(summary.LatencyP95Ms, s.LatencyP95Ms);
            summary.ArrivalDelayMinutes = Math.Max(summary.ArrivalDelayMinutes, s.ArrivalDelay.TotalMinutes);
        }

        return AgentTickResult.Observed;
    }

    /// <summary>
    /// Keeps the newest <c>persistence_m</c> batches' bin counts and drifted features, and returns the share of the
    /// features that drifted in K of them and are not shown to be chance by pooling. On small batches each batch's
    /// test fires at its own false-alarm rate, and two excursions in three batches come by chance every few hundred
    /// batches; chance excursions go different ways and cancel when pooled, a real move adds up. So a feature that
    /// drifted in K of M batches must still drift with the M batches' rows pooled — where pooling can judge: its
    /// flagged batches were all served by the current version (each version's reference has its own bins), each
    /// one's own bin counts show at least half the gap its rows showed (a move within one bin, such as a common value
    /// shifting a little, is invisible to them), and at the size of at least one of them chance could cross the
    /// threshold (above about 300 rows the effect floor decides, and chance cannot). Elsewhere, and for a feature
    /// without bin counts (a categorical one), K of M stands alone. NaN when no drift test ran on this batch.
    /// </summary>
    private double NoteHistograms(long batch, string version, BatchObservation observation, Dictionary<string, double> driftScores, AgentContext context)
    {
        var d = context.Policy.Detection;
        var ring = State.Window.RecentHistograms;
        ring.Add(new BatchHistograms
        {
            Batch = batch,
            Version = version,
            Counts = observation.FeatureHistograms.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Drifted = driftScores,
        });
        TrimFront(ring, Math.Max(1, d.PersistenceM));
        if (observation.FeaturesCompared <= 0)
        {
            return double.NaN;
        }

        var persistent = ring.SelectMany(h => h.Drifted.Keys).CountBy(f => f, StringComparer.Ordinal)
            .Where(kv => kv.Value >= d.PersistenceK).Select(kv => kv.Key).ToList();
        var chance = persistent.Where(f => IsChanceWhenPooled(f, version, ring, context.Monitor)).ToList();
        return (persistent.Count - chance.Count) / (double)observation.FeaturesCompared;
    }

    /// <summary>Whether pooling can judge feature <paramref name="f"/>'s K of M, and finds it chance (see <see cref="NoteHistograms"/>).</summary>
    private static bool IsChanceWhenPooled(string f, string version, List<BatchHistograms> ring, IBatchMonitor monitor)
    {
        var flagged = ring.Where(h => h.Drifted.ContainsKey(f)).ToList();
        if (flagged.Any(h => !string.Equals(h.Version, version, StringComparison.Ordinal) || !h.Counts.ContainsKey(f)))
        {
            return false;
        }

        // The bins see a batch's move when its bin counts show at least half the gap its rows showed.
        var alone = flagged.Select(h => (Rows: h.Drifted[f], Bins: monitor.ComparePooled(new Dictionary<string, long[]> { [f] = Widen(h.Counts[f]) }).SingleOrDefault())).ToList();
        if (alone.Any(a => a.Bins is null || !(a.Bins.Statistic >= a.Rows / 2)) || !alone.Any(a => a.Bins!.ChanceCanCross))
        {
            return false;
        }

        var served = ring.Where(h => string.Equals(h.Version, version, StringComparison.Ordinal) && h.Counts.ContainsKey(f)).Select(h => h.Counts[f]).ToList();
        var sum = new long[served[0].Length];
        foreach (var counts in served)
        {
            for (var k = 0; k < counts.Length && k < sum.Length; k++)
            {
                sum[k] += counts[k];
            }
        }

        return monitor.ComparePooled(new Dictionary<string, long[]> { [f] = sum }).SingleOrDefault() is { Drifted: false };
    }

    private static long[] Widen(int[] counts) => [.. counts.Select(c => (long)c)];

    private void AddBatch(BatchSummary summary)
    {
        var batches = State.Window.Batches;
        var at = batches.FindIndex(b => b.Batch == summary.Batch);
        if (at >= 0)
        {
            batches[at] = summary;
        }
        else
        {
            batches.Add(summary);
            batches.Sort((a, b) => a.Batch.CompareTo(b.Batch));
        }

        TrimFront(batches, HistoryBatches);
    }

    /// <summary>
    /// Keeps an even sample of <see cref="MaxTrackedRowsPerBatch"/> rows of a larger batch (rows ⌊k·n/max⌋), every
    /// per-row list alike; returns the answered rows among those kept (all of them when nothing is dropped).
    /// </summary>
    private static int Thin(PendingPredictions pending, int answered)
    {
        var n = pending.Ids.Count;
        if (n <= MaxTrackedRowsPerBatch)
        {
            return answered;
        }

        var keep = new int[MaxTrackedRowsPerBatch];
        for (var k = 0; k < keep.Length; k++)
        {
            keep[k] = (int)((long)k * n / MaxTrackedRowsPerBatch);
        }

        static List<T> Pick<T>(List<T> list, int[] rows) => list.Count == 0 ? list : [.. rows.Select(i => list[i])];
        pending.Ids = Pick(pending.Ids, keep);
        pending.Predicted = Pick(pending.Predicted, keep);
        pending.Values = Pick(pending.Values, keep);
        pending.CandidatePredicted = Pick(pending.CandidatePredicted, keep);
        pending.CandidateValues = Pick(pending.CandidateValues, keep);
        pending.Sampled = true;
        return pending.Predicted.Count(v => v >= 0);
    }

    /// <summary>A label whose prediction is not pending: untracked when a sampled batch may have left it out, otherwise unmatched.</summary>
    private void NoteUnknownLabel()
    {
        // Either way it matched nothing: a tick at which no label matched is a broken join even when a sampled
        // batch could explain each one alone (a feed whose ids changed on large batches was never told).
        State.Window.UnmatchedSinceTick++;
        if (State.Window.Pending.Exists(pb => pb.Sampled))
        {
            State.Window.UntrackedLabels++;
        }
        else
        {
            State.Window.UnmatchedLabels++;
        }
    }

    /// <summary>The median of the recent intervals between batches (minutes); NaN until one is known.</summary>
    private double UsualArrivalInterval() => State.Window.ArrivalIntervals.Count == 0 ? double.NaN : Median(State.Window.ArrivalIntervals);

    /// <summary>The median of a non-empty list (the statistics' linear quantile at one half).</summary>
    private static double Median(IEnumerable<double> values) => Statistics.DriftStatistics.Quantile([.. values.Order()], 0.5);

    private void TrimPending()
    {
        var pending = State.Window.Pending;
        var total = pending.Sum(p => p.Ids.Count);
        while (total > MaxPendingRows && pending.Count > 1)
        {
            total -= pending[0].Ids.Count;
            // Only a batch none of whose labels came yet: where some did, the rest are rows that never get one (labels
            // for a sample of the predictions), not labels too late to join.
            var waiting = pending[0].Predicted.Contains(int.MinValue) ? 0 : pending[0].Predicted.Count;
            if (waiting > 0)
            {
                // Their labels, when they come, cannot be joined: a person is told (see SideAlerts).
                var w = State.Window;
                w.ForgottenRows += waiting;
                w.ForgottenFirstBatch = w.ForgottenFirstBatch < 0 ? pending[0].Batch : Math.Min(w.ForgottenFirstBatch, pending[0].Batch);
                w.ForgottenLastBatch = Math.Max(w.ForgottenLastBatch, pending[0].Batch);
            }

            pending.RemoveAt(0);
        }
    }

    private static void TrimFront<T>(List<T> list, int max)
    {
        if (list.Count > max)
        {
            list.RemoveRange(0, list.Count - max);
        }
    }

    private static int ArgMax(ReadOnlySpan<double> outputs)
    {
        var best = -1;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < outputs.Length; i++)
        {
            var v = outputs[i];
            if (double.IsNaN(v))
            {
                return -1;
            }

            if (v > bestValue)
            {
                bestValue = v;
                best = i;
            }
        }

        // A single output is a binary probability of class 1.
        return outputs.Length == 1 ? (outputs[0] >= 0.5 ? 1 : 0) : best;
    }

    /// <summary>
    /// A critical quality finding is a fault, except values out of range or unseen categories in a share of
    /// rows too small (or too close to the reference range) for a broken pipeline: that is a new region (so is a
    /// grown known quirk, see <see cref="IsKnownQuirkGrown"/>, decided before this).
    /// </summary>
    private static bool IsFault(Finding f, Policy.DetectionOptions d)
    {
        if (!IsNewRegionCode(f.Code))
        {
            return true;
        }

        var rate = f.Evidence.TryGetValue("rate", out var r) ? r : 1;
        if (rate >= d.FaultShare)
        {
            return true;
        }

        if (rate < d.FaultShareWithExcursion)
        {
            return false;
        }

        var e = f.Evidence;
        if (e.TryGetValue("reference_min", out var min) && e.TryGetValue("reference_max", out var max) && max > min)
        {
            var range = max - min;
            var above = e.TryGetValue("current_max", out var cmax) ? (cmax - max) / range : 0;
            var below = e.TryGetValue("current_min", out var cmin) ? (min - cmin) / range : 0;
            return Math.Max(above, below) >= d.FaultExcursionRanges;
        }

        return false;
    }

    /// <summary>
    /// A unit change breaks one column (and the columns computed from it, which change scale with it); the rest
    /// of the batch stays put. When at least two other features drifted in the same batch, the scaled quartiles
    /// are a new kind of input moving several columns at once (a slow-DoS attack stretches every inter-arrival
    /// time by about ten): a new region, not a fault.
    /// </summary>
    private static bool ScaleChangeWithTheWorld(IReadOnlyList<Finding> findings)
    {
        var scaled = findings.Where(f => f.Code == Quality.QualityCodes.ScaleChange).Select(f => f.Subject).ToHashSet(StringComparer.Ordinal);
        if (scaled.Count == 0)
        {
            return false;
        }

        var others = findings
            .Where(f => f.Kind == FindingKind.FeatureDrift && f.Severity >= Severity.Warning && !scaled.Contains(f.Subject))
            .Select(f => f.Subject)
            .Distinct(StringComparer.Ordinal)
            .Count();
        return others >= 2;
    }

    /// <summary>
    /// While the serving fallback leaves a column out because it broke, values of that column still far outside the
    /// reference range are the fault going on, not a new region: a column that changed units by a factor whose
    /// conversion the checker cannot pin in every batch (×1.8 read as nautical miles one batch, not the next) keeps
    /// 40 % of its values out of range, and a restore on the batch the conversion was not named swapped the model
    /// back and forth.
    /// </summary>
    private bool StillBroken(Finding f) => IsNewRegionCode(f.Code) && KnownBroken(f.Subject);

    /// <summary>
    /// While a column that changed units is a fault (<see cref="PolicyMemory.UnitChangedFeatures"/>: whether or not a
    /// fallback serves without it; in approval mode it may wait for a person), the column's drift is that fault going on:
    /// the checker cannot pin the factor in every batch (the ventiles of a 300-row batch miss ×0.4536 by more than
    /// 6 % about one batch in ten), and a restore on such a batch served the champion on the new unit; from then on
    /// the column had drifted for batches, so each later naming read as a world that got there by drifting, and the
    /// agent retrained on the new unit. At most <see cref="UnnamedConversionBatches"/> batches in a row of drift
    /// alone: a column the world moved after the unit was fixed is not left out for ever. Other faults (stuck,
    /// missing) restore as before when the feed is back.
    /// </summary>
    private bool StillConverted(Finding f, HashSet<string> named)
    {
        if (f.Kind != FindingKind.FeatureDrift || f.Severity < Severity.Warning
            || !State.Memory.UnitChangedFeatures.TryGetValue(f.Subject, out var unnamed))
        {
            return false;
        }

        if (named.Contains(f.Subject))
        {
            return true;
        }

        if (unnamed >= UnnamedConversionBatches)
        {
            State.Memory.UnitChangedFeatures.Remove(f.Subject);
            return false;
        }

        State.Memory.UnitChangedFeatures[f.Subject] = unnamed + 1;
        return true;
    }

    /// <summary>Batches in a row a left-out column that changed units may drift without the conversion being named (a miss in four in a row is under 0.1 % at 300 rows).</summary>
    private const int UnnamedConversionBatches = 3;

    /// <summary>
    /// A unit change by a named conversion (not a power of ten) is a fault when it is sudden: the column had not been
    /// drifting in both of the two batches before (one batch may be the onset the check did not name). A pipeline
    /// that changes units does so from one batch to the next; a world that rescales a column gets there by drifting,
    /// and on its way a 500-row window of a uniform column rescaled by 1.5 is taken for miles to kilometres (×1.609)
    /// in about one batch in eight (quality-and-performance.md). While the fallback leaves the column out, or the column's unit change is a fault
    /// still going on (also while the fallback waits for approval), the fault goes on.
    /// </summary>
    private bool SuddenConversion(string column) =>
        KnownBroken(column)
        || State.Memory.UnitChangedFeatures.ContainsKey(column)
        || State.Memory.DriftStreaks.GetValueOrDefault(column) < 2;

    /// <summary>The reference share of missing or infinite values from which they are a known quirk of the column.</summary>
    private const double KnownQuirkRate = 0.001;

    /// <summary>
    /// More missing or infinite values in a column that already had them in at least 0.1 % of the reference rows
    /// (CICIDS2017's <c>Flow Packets/s</c> is infinite for every zero-duration flow, 3.5 % of the training flows, and
    /// a port scan is mostly such flows), in less than half the rows (<c>fault_share_with_excursion</c>): a new kind
    /// of traffic makes more of a known quirk — a new region, not a fault. A broken feed makes such values appear
    /// where there were (almost) none, or takes much of the column.
    /// </summary>
    private static bool IsKnownQuirkGrown(Finding f, Policy.DetectionOptions d) =>
        f.Code is Quality.QualityCodes.NonFiniteValues or Quality.QualityCodes.MissingValues
        && f.Evidence.TryGetValue("reference_rate", out var known) && known >= KnownQuirkRate
        && f.Evidence.TryGetValue("rate", out var rate) && rate < d.FaultShareWithExcursion;

    private static bool IsNewRegionCode(string code) =>
        code is "out_of_range" or "new_region" or "unseen_category" or "unseen_categories";
}
