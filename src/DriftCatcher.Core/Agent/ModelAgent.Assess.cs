using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent;

public sealed partial class ModelAgent
{
    /// <summary>The level (accuracy, or MAE for regression) performance is judged against: the incident's pre-failure baseline while one is open.</summary>
    private double JudgeBaseline() =>
        State.Incident is { } inc && double.IsFinite(inc.BaselineAccuracy) ? inc.BaselineAccuracy : BaselineLevel();

    /// <summary>Reference batches needed before a slow-down is judged: a median of three is not moved by one odd batch.</summary>
    private const int MinLatencyReference = 3;

    /// <summary>Batches the usual latency is the median of (besides the persistence window being judged).</summary>
    private const int LatencyReferenceBatches = 10;

    private TickSignals Assess(long batch, DateTimeOffset now, AgentPolicy policy)
    {
        var d = policy.Detection;
        var batches = State.Window.Batches;
        var current = batches.Find(b => b.Batch == batch);
        var recent = batches.Where(b => b.Batch <= batch).TakeLast(d.PersistenceM).ToList();
        var s = new TickSignals { Current = current };

        // Data quality: a critical fault is answered at once (persistence 1); warnings need K of M.
        s.QualityFault = current?.QualityFault == true;
        s.QualityWarning = recent.Count(b => b.QualityWarning) >= d.PersistenceK;

        // Serving health with persistence and hysteresis.
        var servingBad = recent.Count(b => ServingBad(b, d)) >= d.PersistenceK;
        var servingNow = current is not null && ServingBad(current, d);
        (State.Drift.ServingFaultActive, State.Drift.ServingQuiet) = Hysteresis(State.Drift.ServingFaultActive, servingBad, servingNow, d.ClearAfter, State.Drift.ServingQuiet);
        s.ServingFault = State.Drift.ServingFaultActive;
        NoteLatencyReference(current, d);
        var usual = UsualLatency(d);
        s.UsualLatencyMs = usual;
        var slow = recent.Count(b => SlowerThanUsual(b, usual, d)) >= d.PersistenceK && current is not null && SlowerThanUsual(current, usual, d);
        s.LatencyHigh = slow; // the creep's anchor follows a step the rolling check saw, told or not
        if (current is not null)
        {
            var daily = SameAsADayEarlier(current, usual, d);
            s.LatencyCreep = LatencyCrept(current, recent, usual, d, s, daily) && !daily;
            s.LatencyHigh = (slow && !daily) || s.LatencyCreep;
        }

        // Covariate drift and new regions: K of M batches whose drift holds with their rows pooled (see
        // NoteHistograms), cleared after ClearAfter quiet batches.
        var driftNow = current is not null && current.ShareDrifted >= d.DriftShare;
        // A batch whose drift test did not run (a column missing) judges nothing: the newest batch that was judged counts.
        var driftBatches = recent.Count(b => b.ShareDrifted >= d.DriftShare);
        var driftInKOfM = driftBatches >= d.PersistenceK;
        var pooledShare = recent.LastOrDefault(b => !double.IsNaN(b.SustainedShareDrifted))?.SustainedShareDrifted ?? double.NaN;
        var driftSustained = driftInKOfM && (double.IsNaN(pooledShare) || pooledShare >= d.DriftShare);
        s.DriftShortOfPooled = driftInKOfM && !driftSustained ? driftBatches : 0;
        s.DriftWindow = recent.Count;
        (State.Drift.DriftActive, State.Drift.DriftQuiet) = Hysteresis(State.Drift.DriftActive, driftSustained, driftNow, d.ClearAfter, State.Drift.DriftQuiet);
        s.Drift = State.Drift.DriftActive;
        s.DriftNow = driftNow;
        s.NewRegion = recent.Count(b => b.NewRegion && !b.QualityFault) >= d.PersistenceK;

        // Arrival: late data or a silent stretch since the last batch.
        var delay = current?.ArrivalDelayMinutes ?? 0;
        if (State.LastDataTime is { } last)
        {
            // A tick with no new data: the silence so far beyond the usual interval between batches.
            var usualInterval = UsualArrivalInterval();
            delay = Math.Max(delay, (now - last).TotalMinutes - (double.IsFinite(usualInterval) ? usualInterval : 0));
        }

        s.ArrivalGap = delay > d.MaxArrivalDelayMinutes;
        var w = State.Window;
        if (w.LabelsSinceTick > 0)
        {
            w.UnjoinedTicks = w.UnmatchedSinceTick >= w.LabelsSinceTick ? w.UnjoinedTicks + 1 : 0;
        }

        s.LabelsUnjoined = w.UnjoinedTicks >= 2 || w.ForgottenRows > 0;
        s.LabelsRespelled = w.RespelledSinceTick.Count > 0;
        s.LabelsFaulty = w.LabelFaultsSinceTick.Count > 0;
        s.ArrivalDelayMinutes = delay;

        AssessPerformance(s, d);

        // Label-free: the champion's estimate fell well below what it was at deployment, in K of the last M
        // batches it served: with labels days late, the only sign of trouble before they come. Each batch must be
        // clearly significant (z halfway between warning and critical): no label will confirm or clear it soon, and
        // at z ≥ 2 two chance batches in three come about once in 650 batches, at z ≥ 3 once in 180 000.
        var zEstimate = (d.ZWarning + d.ZCritical) / 2;
        bool EstimateLow(BatchSummary b) => EstimateBelowLevel(b, d, zEstimate);
        s.EstimatedDrop = current is not null && EstimateLow(current) && recent.Count(EstimateLow) >= d.PersistenceK;

        s.Assessment = Classify(s, batch, d);
        return s;
    }

    /// <summary>Variance of one row's estimate assumed at least (a level near 1.000 would otherwise make any dip significant).</summary>
    private const double MinEstimateVariance = 0.0025;

    /// <summary>Whether the label-free estimate of <paramref name="b"/> counts: the champion's own clean batch of at least <c>min_labels</c> answered rows.</summary>
    private bool EstimateJudgeable(BatchSummary b, DetectionOptions d) =>
        b.Mode == ServingMode.Champion && b.ServedVersion == State.Baseline.Version && !b.QualityFault && b.Answered > 0 && b.Answered >= d.MinLabels
        && double.IsFinite(b.EstimatedAccuracy);

    /// <summary>
    /// The label-free estimate of <paramref name="b"/> is below the level at deployment by <c>estimated_accuracy_drop</c>
    /// and by <paramref name="z"/> standard errors of the difference of two means, the sampling error of both sides:
    /// one row's estimate lies in [0, 1] with mean p, so its variance is at most p(1 − p) (p pooled over both sides),
    /// times 1/n_batch + 1/n_level — the two-proportion test labeled batches get. The bound, not the rows' own
    /// spread: on 20 rows the spread comes out low by luck as often as the mean comes out high, and a mean of a few
    /// mostly sure rows has a long low tail (measured, stable SEA streams of 200 batches: one alert in 28 with the
    /// rows' own spread, none with the bound).
    /// </summary>
    private bool EstimateBelowLevel(BatchSummary b, DetectionOptions d, double z)
    {
        var baseline = State.Baseline;
        var level = baseline.EstimatedAtDeployment;
        if (!EstimateJudgeable(b, d) || !double.IsFinite(level))
        {
            return false;
        }

        var drop = level - b.EstimatedAccuracy;
        if (drop < d.EstimatedAccuracyDrop)
        {
            return false;
        }

        return TwoProportionZ(level, baseline.EstimatedRows, b.EstimatedAccuracy * b.Answered, b.Answered, MinEstimateVariance) >= z;
    }

    /// <summary>
    /// The two-proportion z of a level (over <paramref name="levelRows"/> rows) against <paramref name="hits"/> in
    /// <paramref name="rows"/>: the variance from the proportion pooled over both sides (at least
    /// <paramref name="minVariance"/>), times 1/n + 1/n_level.
    /// </summary>
    private static double TwoProportionZ(double level, double levelRows, double hits, double rows, double minVariance)
    {
        var pooled = ((level * levelRows) + hits) / (levelRows + rows);
        var variance = Math.Max(pooled * (1 - pooled), minVariance);
        return (level - (hits / rows)) / Math.Sqrt(variance * ((1.0 / rows) + (1.0 / levelRows)));
    }

    /// <summary>
    /// Pools the label-free estimate of the champion's batch into its level at deployment: every judgeable batch until
    /// the level holds <c>baseline_batches</c> batches and <c>baseline_max_batches × min_labels</c> rows (a few rows'
    /// confidence is no level), then, like the labeled baseline, more of its healthy batches — no incident open,
    /// performance not degraded, the batch not below the level at z_warning — up to <c>baseline_max_batches</c>.
    /// </summary>
    private void PoolEstimate(BatchSummary b, DetectionOptions d)
    {
        var baseline = State.Baseline;
        var maxBatches = Math.Max(d.BaselineBatches, d.BaselineMaxBatches);
        if (!EstimateJudgeable(b, d)
            || (baseline.EstimatedSettled && (baseline.EstimatedBatches >= maxBatches || State.Incident is not null || State.Drift.PerformanceDegraded
                || EstimateBelowLevel(b, d, d.ZWarning))))
        {
            return;
        }

        baseline.EstimatedBatches++;
        baseline.EstimatedRows += b.Answered;
        baseline.EstimatedSum += b.EstimatedAccuracy * b.Answered;
        baseline.EstimatedSettled = baseline.EstimatedBatches >= d.BaselineBatches && baseline.EstimatedRows >= maxBatches * d.MinLabels;
    }

    private void AssessPerformance(TickSignals s, DetectionOptions d)
    {
        var baseline = JudgeBaseline();
        s.Baseline = baseline;
        var champion = State.Versions.Champion;
        var since = ServesSince();
        var judged = State.Window.Batches
            .Where(b => b.Batch > since && b.ServedVersion == champion && b.Mode == ServingMode.Champion && !b.QualityFault && b.Labeled >= d.MinLabels)
            .TakeLast(d.PersistenceM)
            .ToList();
        if (!double.IsFinite(baseline) || (IsRegression && baseline <= 0) || judged.Count == 0)
        {
            s.PerformanceKnown = false;
            return;
        }

        s.PerformanceKnown = true;
        var newest = judged[^1];
        var newLabels = State.Window.NewlyLabeledBatch is { } nb && nb == newest.Batch;
        var bad = IsRegression ? WorseMae(baseline, d) : WorseAccuracy(baseline, d);

        // One batch alone is its own pooled evidence: z_critical by the normal test, z_pooled by the exact tail too (a
        // 500-row batch 0.047 below a 94 % model is z = 4.2 and 4.0; 6 errors in 20 rows of a 93 % model, z = 4.0 and 2.9, is chance).
        var normalCritical = IsRegression ? bad(newest, d.ZCritical) : WorseAccuracy(baseline, d, exact: false)(newest, d.ZCritical);
        var newestCritical = normalCritical && (IsRegression || bad(newest, d.ZPooled));
        var newestBad = bad(newest, d.ZWarning);
        var degraded = judged.Where(b => bad(b, d.ZWarning)).ToList();
        // K of the last M batches at z ≥ z_warning, and their rows pooled at z ≥ z_pooled: on small batches two
        // batches at z ≥ 2 come by chance (about once in a hundred batches), their pooled evidence rarely does.
        // A sequential detector's alarm on the error stream confirms a clearly significant batch (z halfway
        // between warning and critical) on its own; a lone z ≥ z_warning batch stays a one-off spike.
        var persistent = degraded.Count >= d.PersistenceK;
        var pooledWorse = persistent && (d.ZPooled <= 0 || bad(Pooled(degraded), d.ZPooled));
        var sustained = newestCritical || pooledWorse
            || (State.Drift.ErrorChange && bad(newest, (d.ZWarning + d.ZCritical) / 2));
        s.PerformanceSpike = newestBad && !sustained;
        s.SpikeShortOfPooled = !s.PerformanceSpike ? 0 : persistent ? degraded.Count : normalCritical ? 1 : 0;

        if (newLabels || !State.Drift.PerformanceDegraded)
        {
            (State.Drift.PerformanceDegraded, State.Drift.PerformanceQuiet) = Hysteresis(State.Drift.PerformanceDegraded, sustained, newestBad, d.ClearAfter, State.Drift.PerformanceQuiet);
        }

        s.PerformanceDrop = State.Drift.PerformanceDegraded;
        if (degraded.Count == 0)
        {
            degraded = [newest];
        }

        s.DegradedAccuracy = LevelOf(degraded);
        s.ChangeBatch = degraded[0].Batch;
        s.DegradedBatches = [.. degraded.Select(b => b.Batch)];
        NoteStartedHealthy(s, since, d);
        s.PerformanceCritical = IsRegression
            ? s.DegradedAccuracy - baseline >= d.CriticalMaeIncrease * baseline
            : baseline - s.DegradedAccuracy >= d.CriticalAccuracyDrop;
    }

    /// <summary>
    /// A classifier's batch is worse when its accuracy is below the baseline by the floor (<c>min_accuracy_drop</c>,
    /// lowered by <c>min_error_ratio</c> for accurate models) and by z standard errors. When the baseline's rows are
    /// known (no incident open) this is the two-proportion test: variance from the pooled proportion, 1/n_b + 1/n_0 —
    /// a baseline that happened to come out high (5 errors in 1 000 rows for a 99 % model) no longer makes an ordinary
    /// batch look like a drop. Otherwise the one-sample binomial test against the baseline. With <paramref name="exact"/>
    /// the z is also capped by the exact binomial tail (<see cref="ExactErrorZ"/>).
    /// </summary>
    private Func<BatchSummary, double, bool> WorseAccuracy(double baseline, DetectionOptions d, bool exact = true)
    {
        var rows = State.Incident is null ? State.Baseline.AccuracyRows : 0;
        var floor = AccuracyFloor(baseline, d);
        return (b, z) =>
        {
            var drop = baseline - b.Accuracy;
            if (drop < floor)
            {
                return false;
            }

            if (exact && ExactErrorZ(b.Labeled - b.Correct, b.Labeled, baseline) < z)
            {
                return false;
            }

            if (rows <= 0)
            {
                return drop / Math.Sqrt(Math.Max(baseline * (1 - baseline), 0.0025) / b.Labeled) >= z;
            }

            return TwoProportionZ(baseline, rows, b.Correct, b.Labeled, 1e-6) >= z;
        };
    }

    /// <summary>The batches' labeled rows summed into one: the evidence of several batches judged as one.</summary>
    private static BatchSummary Pooled(List<BatchSummary> batches) => new()
    {
        Batch = batches[^1].Batch,
        Labeled = batches.Sum(b => b.Labeled),
        Correct = batches.Sum(b => b.Correct),
        AbsErrorSum = batches.Sum(b => b.AbsErrorSum),
        SquaredErrorSum = batches.Sum(b => b.SquaredErrorSum),
    };

    /// <summary>
    /// The z of <paramref name="errors"/> or more errors in <paramref name="labeled"/> rows, from the exact binomial tail at
    /// the baseline's error rate: the normal approximation overstates a handful of errors (6 in 20 rows of a 93 % model
    /// is z = 4.0 by the normal curve, but a chance of 1 in 520, i.e. z = 2.9), and on small batches or near-perfect models
    /// that made chance look like a drop. The baseline's rate is taken as at least 0.25 %, as the one-sample test does.
    /// </summary>
    internal static double ExactErrorZ(int errors, int labeled, double baseline)
    {
        if (errors <= 0 || labeled <= 0)
        {
            return double.NegativeInfinity;
        }

        var rate = Math.Clamp(1 - baseline, 0.0025, 1);
        var tail = MathNet.Numerics.SpecialFunctions.BetaRegularized(errors, labeled - errors + 1, rate);
        return tail <= 0 ? double.PositiveInfinity : -MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, tail);
    }

    /// <summary>
    /// Whether the champion served as well as it was deployed on before the drop: its labeled batches from its promotion
    /// up to the first degraded one, pooled, within the floor of the level it was deployed on (its validation level), and
    /// the degraded batches clearly worse than those (z ≥ <c>z_warning</c>, two-proportion; a regression model's MAE by the
    /// two-sample z of absolute errors). A version that served as well as it was deployed on did not bring the drop: on a
    /// concept that keeps moving a challenger promoted on the newest rows serves well and then falls with the data, and
    /// rolling back would serve an older model still (an RBF stream with a challenger promoted at batch 31: 0.872 and 0.874
    /// in its first batches, 0.786 from batch 34, then 0.534 on the version rolled back to). One good batch by chance is
    /// not enough: a version that is truly worse by the floor passes a 20-row batch one time in five.
    /// </summary>
    private void NoteStartedHealthy(TickSignals s, long since, DetectionOptions d)
    {
        var champion = State.Versions.Champion;
        var deployed = IsRegression ? State.Baseline.ValidationMae : State.Baseline.ValidationAccuracy;
        if (since < 0 || State.Baseline.Version != champion || !double.IsFinite(deployed) || (IsRegression && deployed <= 0) || s.DegradedBatches.Count == 0)
        {
            return;
        }

        var served = State.Window.Batches
            .Where(b => b.Batch > since && b.ServedVersion == champion && b.Mode == ServingMode.Champion && !b.QualityFault && b.Labeled >= d.MinLabels)
            .ToList();
        var before = served.Where(b => b.Batch < s.ChangeBatch).ToList();
        var degraded = served.Where(b => s.DegradedBatches.Contains(b.Batch)).ToList();
        if (before.Count == 0 || degraded.Count == 0)
        {
            return;
        }

        var early = Pooled(before);
        var late = Pooled(degraded);
        if ((IsRegression ? WorseMae(deployed, d) : WorseAccuracy(deployed, d))(early, 0))
        {
            return;
        }

        double z;
        if (IsRegression)
        {
            var sd = Math.Max(early.AbsErrorSd, late.AbsErrorSd);
            z = sd > 0 ? (late.Mae - early.Mae) / (sd * Math.Sqrt((1.0 / early.Labeled) + (1.0 / late.Labeled))) : late.Mae > early.Mae ? double.PositiveInfinity : 0;
        }
        else
        {
            z = TwoProportionZ(early.Accuracy, early.Labeled, late.Correct, late.Labeled, 1e-6);
        }

        if (!(z >= d.ZWarning))
        {
            return;
        }

        s.StartedHealthyBatch = before[0].Batch;
        s.StartedHealthyBatches = [.. before.Select(b => b.Batch)];
        s.StartedHealthyLevel = LevelOf(before);
        s.DeployedLevel = deployed;
        s.StartedHealthyZ = z;
    }

    /// <summary>The smallest accuracy drop below <paramref name="level"/> that counts: <c>min_accuracy_drop</c>, lowered by <c>min_error_ratio</c> for accurate models.</summary>
    private static double AccuracyFloor(double level, DetectionOptions d) =>
        d.MinErrorRatio > 1 ? Math.Clamp((d.MinErrorRatio - 1) * (1 - level), d.MinAccuracyDropLow, d.MinAccuracyDrop) : d.MinAccuracyDrop;

    private Assessment Classify(TickSignals s, long batch, DetectionOptions d)
    {
        if (s.QualityFault)
        {
            return new Assessment(Cause.DataQuality, Severity.Critical, true) { PerformanceDrop = s.PerformanceDrop };
        }

        if (s.ServingFault)
        {
            return new Assessment(Cause.ServingFault, Severity.Critical, true) { PerformanceDrop = s.PerformanceDrop };
        }

        if (s.PerformanceDrop)
        {
            var severity = s.PerformanceCritical ? Severity.Critical : Severity.Warning;
            var last = State.Versions.Deployments.Count > 0 ? State.Versions.Deployments[^1] : null;
            // A drop right after a promotion is the deployment's fault — unless the promotion was the current
            // incident's own recovery: its verification judges it, and rolling back would serve the version that
            // failed first.
            var recentDeploy = last is not null && last.Batch >= 0 && last.Action is AgentAction.Promote
                && batch - last.Batch <= d.RegressionWindowBatches + d.PersistenceM && State.Verification is null
                && (State.Incident is not { } open || last.Batch < open.OpenedBatch || last.FollowUp)
                && State.Versions.LastKnownGood is { } lkg && lkg != State.Versions.Champion
                && s.StartedHealthyBatch < 0;
            var cause = recentDeploy ? Cause.DeploymentRegression
                : s.NewRegion ? Cause.NewRegion
                : s.Drift ? Cause.CovariateDrift
                : Cause.ConceptDrift;
            return new Assessment(cause, severity, true) { PerformanceDrop = true };
        }

        if (s.Drift || s.NewRegion)
        {
            return new Assessment(s.NewRegion ? Cause.NewRegion : Cause.CovariateDrift, Severity.Warning, true);
        }

        if (s.EstimatedDrop)
        {
            // No single feature drifted enough, but the model is far less sure of the inputs it gets: they
            // moved where it is weak (a shift of the joint distribution). Labels will say whether it hurts.
            return new Assessment(Cause.CovariateDrift, Severity.Warning, true);
        }

        if (s.LatencyHigh)
        {
            // Below the model's own troubles: a slow-down is told to a person either way (see SideAlerts).
            return new Assessment(Cause.ServingFault, Severity.Warning, true);
        }

        if (s.QualityWarning)
        {
            return new Assessment(Cause.DataQuality, Severity.Warning, true);
        }

        if (s.ArrivalGap)
        {
            return new Assessment(Cause.ArrivalGap, Severity.Warning, true);
        }

        if (s.PerformanceSpike)
        {
            return new Assessment(Cause.ConceptDrift, Severity.Info, false);
        }

        if (s.DriftNow)
        {
            return new Assessment(Cause.CovariateDrift, Severity.Info, false);
        }

        return Assessment.Healthy;
    }

    /// <summary>
    /// Every batch with a measured latency (requests, a p95 above 0, under the absolute limit) joins the latency
    /// ring: the newest <see cref="LatencyReferenceBatches"/> + <c>persistence_m</c> batches.
    /// </summary>
    private void NoteLatencyReference(BatchSummary? current, DetectionOptions d)
    {
        var drift = State.Drift;
        if (current is null || current.Requests <= 0 || !double.IsFinite(current.LatencyP95Ms) || current.LatencyP95Ms <= 0
            || current.Batch <= drift.LatencyReferenceBatch || ServingBad(current, d))
        {
            return;
        }

        drift.LatencyReference.Add(current.LatencyP95Ms);
        drift.LatencyReferenceBatch = current.Batch;
        drift.LatencyAnchorFollows = Math.Max(0, drift.LatencyAnchorFollows - 1);
        TrimFront(drift.LatencyReference, LatencyReferenceBatches + d.PersistenceM);
    }

    /// <summary>
    /// The usual latency: the median p95 of the ring without its newest <c>persistence_m</c> batches (the ones being
    /// judged); NaN until <see cref="MinLatencyReference"/> older batches are in. Rolling, so a level that lasts
    /// becomes the usual one within about half the ring: a stream that starts on light traffic, or a slow-down a
    /// person has been told of, does not alert for ever.
    /// </summary>
    private double UsualLatency(DetectionOptions d)
    {
        var ring = State.Drift.LatencyReference;
        var older = ring.Take(Math.Max(0, ring.Count - d.PersistenceM)).ToList();
        return older.Count < MinLatencyReference ? double.NaN : Median(older);
    }

    /// <summary>
    /// A slow creep: the usual latency (a median of 10 batches, so steady, not noisy) at
    /// <c>latency_increase_factor</c> times the anchor, the level before the creep. Each step of a creep
    /// is too small for <see cref="SlowerThanUsual"/>, which compares with the last 10 batches only. The newest
    /// batches must be that slow too (K of M and the current one): a spike that has passed lifts the usual
    /// level for a few batches but is no creep. The anchor follows the usual level until 10 batches set it,
    /// then stays, except: after a slow-down the rolling check saw it follows the usual level again until the
    /// ring holds only later batches (the step was that check's to tell, and a spike that has passed must not
    /// leave the anchor high); once a creep has been told (<see cref="PolicyMemory.SlowDownTold"/>) it moves up to
    /// the usual level of the day, so a creep is told once per tripling; and when all 10 reference batches lie
    /// below it (latency settled lower: a faster model or machine) it comes down to the highest of them.
    /// On a daily cycle (a morning the rolling check saw as slow, as slow as the one a day earlier:
    /// <paramref name="daily"/>, seen in the last two days) the anchor is at least the highest latency of the last
    /// day: the cycle's morning is no step to follow and its night no speed-up, so a creep riding on the cycle is told
    /// once the usual level of the day has tripled. A creep told at a tick moves the anchor at the next one even when
    /// that tick no longer sees it (told at the end of a day, the night is below it).
    /// </summary>
    private bool LatencyCrept(BatchSummary current, List<BatchSummary> recent, double usual, DetectionOptions d, TickSignals s, bool daily)
    {
        var drift = State.Drift;
        if (d.LatencyIncreaseFactor <= 0 || !double.IsFinite(usual) || usual <= 0)
        {
            return false;
        }

        // Only a slow-down the daily rule let through shows a cycle: after a speed-up the batch a day earlier is slow
        // too, and "the same as a day earlier" holds for a day without anything to let through.
        var cycle = daily && s.LatencyHigh;
        var cycleNew = cycle && !CycleKnown(drift, current.Time);
        if (cycle)
        {
            drift.LatencyCycleSeen = current.Time;
        }

        // The highest latency of the last day while a cycle is known: the level the anchor may not go below.
        var dayHigh = CycleKnown(drift, current.Time) ? DayHighLatency(current, d) : double.NaN;
        if (s.LatencyHigh && !daily)
        {
            drift.LatencyAnchorFollows = LatencyReferenceBatches + d.PersistenceM;
        }

        var settled = drift.LatencyReference.Count - d.PersistenceM >= LatencyReferenceBatches;
        var follow = drift.LatencyAnchorMs is null || !settled || drift.LatencyAnchorFollows > 0;
        var crept = !follow && usual >= d.LatencyIncreaseFactor * drift.LatencyAnchorMs!.Value
            && SlowerThanUsual(current, drift.LatencyAnchorMs.Value, d) && recent.Count(b => SlowerThanUsual(b, drift.LatencyAnchorMs.Value, d)) >= d.PersistenceK;
        var toldAt = drift.LatencyCreptMs is { } was && State.Memory.SlowDownTold && !follow ? was : (double?)null;
        drift.LatencyCreptMs = crept && !State.Memory.SlowDownTold ? usual : null;
        if (follow || (crept && State.Memory.SlowDownTold))
        {
            drift.LatencyAnchorMs = double.IsFinite(dayHigh) ? Math.Max(usual, dayHigh) : usual;
            drift.LatencyAnchorBatch = drift.LatencyReferenceBatch;
            crept = false;
        }
        else if (toldAt > drift.LatencyAnchorMs)
        {
            // The creep seen at the last tick was told there, and this tick no longer sees it (on a daily cycle, told at
            // the end of the day: the night is below it): the anchor moves up all the same, or the next day tells it again.
            drift.LatencyAnchorMs = double.IsFinite(dayHigh) ? Math.Max(toldAt.Value, dayHigh) : toldAt.Value;
            drift.LatencyAnchorBatch = drift.LatencyReferenceBatch;
        }
        else if (cycleNew && dayHigh > drift.LatencyAnchorMs)
        {
            // The cycle is recognised on its second morning: the night before had brought the anchor down to its trough.
            drift.LatencyAnchorMs = dayHigh;
            drift.LatencyAnchorBatch = drift.LatencyReferenceBatch;
            crept = false;
        }
        else if (!crept && Math.Max(drift.LatencyReference.Take(drift.LatencyReference.Count - d.PersistenceM).Max(), double.IsFinite(dayHigh) ? dayHigh : 0) is var ceiling
            && ceiling < drift.LatencyAnchorMs)
        {
            // The highest of the 10 reference batches, not their median: noise and a daily low cannot pull it down.
            drift.LatencyAnchorMs = ceiling;
            drift.LatencyAnchorBatch = drift.LatencyReferenceBatch;
        }

        s.LatencyAnchorMs = drift.LatencyAnchorMs!.Value;
        s.LatencyAnchorBatch = drift.LatencyAnchorBatch;
        return crept;
    }

    /// <summary>A daily cycle was seen in the last two days (a cycle shows every morning; one missed morning is allowed).</summary>
    private static bool CycleKnown(DriftState drift, DateTimeOffset now) =>
        drift.LatencyCycleSeen is { } seen && now - seen <= TimeSpan.FromDays(2);

    /// <summary>The highest latency p95 (measured, under the limit) of the window's batches in the day up to <paramref name="current"/>.</summary>
    private double DayHighLatency(BatchSummary current, DetectionOptions d)
    {
        var from = current.Time - TimeSpan.FromDays(1);
        var day = State.Window.Batches
            .Where(b => b.Batch <= current.Batch && b.Time > from && b.Requests > 0 && double.IsFinite(b.LatencyP95Ms) && b.LatencyP95Ms > 0 && !ServingBad(b, d))
            .Select(b => b.LatencyP95Ms)
            .ToList();
        return day.Count == 0 ? double.NaN : day.Max();
    }

    /// <summary>
    /// A daily cycle, not a slow-down: the batch closest to 24 hours before <paramref name="current"/> (within half the
    /// usual interval between batches, or 30 minutes) was itself well above the usual level (by the square root of
    /// <c>latency_increase_factor</c>) and at least a <c>latency_increase_factor</c>-th as slow as the current one. A
    /// service slower every day at 9 is slower than the night before it, and was as slow yesterday at 9; a step on a
    /// steady stream finds yesterday at the usual level and is judged as before. A cycle also comes down in between:
    /// some batch since the one a day earlier was below it by the square root of the factor (the night), so a
    /// slow-down that lasts a day, or one on batches a day or more apart, is no cycle. Needs the window ring (64 batches)
    /// to reach a day back: with batches more often than every 22 minutes it never does, and every morning is judged
    /// against the night as before.
    /// </summary>
    private bool SameAsADayEarlier(BatchSummary current, double usual, DetectionOptions d)
    {
        if (!double.IsFinite(current.LatencyP95Ms) || d.LatencyIncreaseFactor <= 0)
        {
            return false;
        }

        var dayBefore = current.Time - TimeSpan.FromDays(1);
        var interval = UsualArrivalInterval();
        var tolerance = TimeSpan.FromMinutes(double.IsFinite(interval) ? Math.Max(1, interval / 2) : 30);
        var same = State.Window.Batches
            .Where(b => b.Batch < current.Batch && double.IsFinite(b.LatencyP95Ms) && (b.Time - dayBefore).Duration() <= tolerance)
            .MinBy(b => (b.Time - dayBefore).Duration());
        if (same is null || !double.IsFinite(usual) || same.LatencyP95Ms < Math.Sqrt(d.LatencyIncreaseFactor) * usual
            || current.LatencyP95Ms >= d.LatencyIncreaseFactor * same.LatencyP95Ms)
        {
            return false;
        }

        // A cycle came down in between (the night): a slow-down that has lasted since then, or batches a day or more
        // apart (the batch a day earlier is the previous one), have no trough and are judged as before.
        var trough = same.LatencyP95Ms / Math.Sqrt(d.LatencyIncreaseFactor);
        return State.Window.Batches.Any(b => b.Batch > same.Batch && b.Batch < current.Batch && double.IsFinite(b.LatencyP95Ms) && b.LatencyP95Ms <= trough);
    }

    /// <summary>Latency p95 at least <c>latency_increase_factor</c> times the usual level (and the batch not already a serving fault).</summary>
    private static bool SlowerThanUsual(BatchSummary b, double usual, DetectionOptions d) =>
        d.LatencyIncreaseFactor > 0 && double.IsFinite(usual) && usual > 0 && double.IsFinite(b.LatencyP95Ms)
        && b.LatencyP95Ms >= d.LatencyIncreaseFactor * usual && !ServingBad(b, d);

    private static bool ServingBad(BatchSummary b, DetectionOptions d) =>
        (double.IsFinite(b.LatencyP95Ms) && b.LatencyP95Ms > d.LatencyP95Ms)
        || (b.Requests > 0 && (double)b.Failures / b.Requests > d.FailureRate);

    /// <summary>Sets on a sustained signal; clears only after <paramref name="clearAfter"/> quiet observations in a row.</summary>
    private static (bool Active, int Quiet) Hysteresis(bool active, bool sustained, bool firingNow, int clearAfter, int quiet)
    {
        if (sustained)
        {
            return (true, 0);
        }

        if (!active)
        {
            return (false, 0);
        }

        quiet = firingNow ? 0 : quiet + 1;
        return quiet >= clearAfter ? (false, 0) : (true, quiet);
    }
}
