using System.Globalization;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Findings;

namespace DriftCatcher.Core.Agent;

/// <summary>
/// Regression models: labels are numbers, a batch's realized performance is its mean absolute error. The
/// incident's and the verification's baseline/degraded numbers are then MAE (lower is better); everything
/// else (persistence, hysteresis, causes, rules, guards) is shared with classification.
/// </summary>
public sealed partial class ModelAgent
{
    /// <summary>Standardized errors below this many baseline MAEs feed the detector (a wild label cannot fire it alone).</summary>
    private const double MaxStandardizedError = 10;

    private bool IsRegression => State.Task == ModelTask.Regression;

    private string MetricName => IsRegression ? "MAE" : "accuracy";

    /// <summary>The paired test two versions are compared with on the same rows: McNemar's z, or the paired t of absolute errors.</summary>
    private string PairedStatName => IsRegression ? "paired t" : "McNemar z";

    /// <summary>The served model's expected level in its own metric: accuracy, or MAE for regression.</summary>
    private double BaselineLevel() => IsRegression ? State.Baseline.Mae : State.Baseline.Accuracy;

    /// <summary>The pooled level of <paramref name="batches"/>: accuracy, or MAE for regression.</summary>
    private double LevelOf(IReadOnlyCollection<BatchSummary> batches)
    {
        var labeled = batches.Sum(b => b.Labeled);
        if (labeled == 0)
        {
            return double.NaN;
        }

        return IsRegression ? batches.Sum(b => b.AbsErrorSum) / labeled : (double)batches.Sum(b => b.Correct) / labeled;
    }

    /// <summary>
    /// A higher-is-better score on the accuracy scale, so the verification's rules (tolerance, recovered
    /// share, revert margin) read the same for both tasks: accuracy itself, or −MAE / baseline MAE (the
    /// tolerances are then relative to the baseline MAE: 0.05 = 5 % above it).
    /// </summary>
    private double Score(double level, double baseline) =>
        !IsRegression ? level : baseline > 0 && double.IsFinite(baseline) ? -level / baseline : -level;

    /// <summary>The better of two levels.</summary>
    private double Better(double a, double b) => IsRegression ? Math.Min(a, b) : Math.Max(a, b);

    private AgentTickResult OnTargets(LabelBatch l, AgentContext context)
    {
        var values = l.Values ?? throw new ArgumentException("a regression model's labels are numbers: LabelBatch.Values is required", nameof(l));
        if (l.Respelled.Count > 0)
        {
            throw new ArgumentException("a regression model's labels are numbers: none is spelt, so LabelBatch.Respelled must be empty", nameof(l));
        }

        if (l.PredictionIds.Count != values.Count)
        {
            throw new ArgumentException($"{l.PredictionIds.Count} prediction ids for {values.Count} labels", nameof(l));
        }

        var index = PendingIndex();
        State.Window.LabelsSinceTick += values.Count;

        var d = context.Policy.Detection;
        var touched = new Dictionary<long, (int Labeled, double Abs, double Squared)>();
        var detectorName = d.RegressionErrorDetector;
        var detector = detectorName.Length == 0 ? null
            : State.Drift.ErrorDetector is { } saved ? Detectors.ChangeDetectors.Restore(saved) : CreateRegressionDetector(detectorName);
        var judged = ChampionBatches();
        var scale = State.Baseline.Mae;
        var faulty = FaultyLabelBatches(l.PredictionIds, values, double.IsFinite, index, (pending, targets, _, rows) =>
            Quality.TargetQuality.UnlessTheyFollowTheAnswers(context.Monitor.CheckTargets(targets), targets, [.. rows.Select(r => r < pending.Values.Count ? pending.Values[r] : double.NaN)]));
        for (var i = 0; i < values.Count; i++)
        {
            if (!index.TryGetValue(l.PredictionIds[i], out var hit))
            {
                NoteUnknownLabel();
                continue;
            }

            var answered = hit.Batch.Predicted[hit.Row];
            if (answered == int.MinValue)
            {
                continue; // already labeled: a duplicate label never counts twice
            }

            hit.Batch.Predicted[hit.Row] = int.MinValue;
            if (faulty.Contains(hit.Batch.Batch))
            {
                continue; // its labels failed the label check: judged by nothing, trained on never
            }

            var predicted = hit.Row < hit.Batch.Values.Count ? hit.Batch.Values[hit.Row] : double.NaN;
            var target = values[i];
            if (answered < 0 || !double.IsFinite(predicted) || !double.IsFinite(target))
            {
                continue; // abstained, or no usable label: nothing to judge
            }

            CountCounterfactualValue(hit.Batch, hit.Row, predicted, target);
            var error = predicted - target;
            var abs = Math.Abs(error);
            if (detector is not null && judged.Contains(hit.Batch.Batch) && scale > 0 && double.IsFinite(scale)
                && detector.Update(Math.Min(abs / scale, MaxStandardizedError)).Drift && !State.Drift.ErrorChange)
            {
                ErrorChangeFound($"{detector.Name} signalled a rise of the absolute errors", hit.Batch.Batch);
            }

            touched.TryGetValue(hit.Batch.Batch, out var t);
            touched[hit.Batch.Batch] = (t.Labeled + 1, t.Abs + abs, t.Squared + (error * error));
        }

        if (detector is not null)
        {
            State.Drift.ErrorDetector = detector.Snapshot();
        }

        State.Window.Pending.RemoveAll(pb => pb.Predicted.TrueForAll(v => v == int.MinValue));
        foreach (var (batch, sums) in touched.OrderBy(kv => kv.Key))
        {
            AddLabeled(
                batch,
                sums.Labeled,
                d,
                s =>
                {
                    s.AbsErrorSum += sums.Abs;
                    s.SquaredErrorSum += sums.Squared;
                },
                b =>
                {
                    b.AbsErrorSum += sums.Abs;
                    b.SquaredErrorSum += sums.Squared;
                });
        }

        return AgentTickResult.Observed;
    }

    /// <summary>
    /// The batches whose newly arrived labels fail the label check, flagged faulty: none of their labels is used, for
    /// realized performance or training, and the fault is counted for the alert (see SideAlerts) and carried as a
    /// finding of this tick. <paramref name="check"/> judges one batch's new labels (its predictions still waiting for
    /// labels, the labels, the served model's answers for the same rows, and those rows' places in the batch) (a
    /// regression model's against its training labels, <see cref="IBatchMonitor.CheckTargets"/>, less a sign flip the
    /// labels' following of the model's answers rules out; a classifier's against its held-out calls, <see cref="ModelAgent.ClassLabels"/>). Labels of a batch that
    /// arrive in several messages are checked per message: those counted before a later message failed stay counted,
    /// those after it are not used.
    /// </summary>
    private HashSet<long> FaultyLabelBatches<T>(
        IReadOnlyList<string> ids,
        IReadOnlyList<T> labels,
        Func<T, bool> usable,
        Dictionary<string, (PendingPredictions Batch, int Row)> index,
        Func<PendingPredictions, List<T>, List<int>, List<int>, IReadOnlyList<Finding>> check)
    {
        var byBatch = new SortedDictionary<long, (PendingPredictions Pending, List<T> Labels, List<int> Predicted, List<int> Rows)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (index.TryGetValue(ids[i], out var hit) && hit.Batch.Predicted[hit.Row] != int.MinValue && usable(labels[i]) && seen.Add(ids[i]))
            {
                if (!byBatch.TryGetValue(hit.Batch.Batch, out var group))
                {
                    byBatch[hit.Batch.Batch] = group = (hit.Batch, [], [], []);
                }

                group.Labels.Add(labels[i]);
                group.Predicted.Add(hit.Batch.Predicted[hit.Row]);
                group.Rows.Add(hit.Row);
            }
        }

        var faulty = State.Window.Batches.Where(s => s.LabelFault).Select(s => s.Batch).ToHashSet();
        foreach (var (batch, group) in byBatch)
        {
            if (faulty.Contains(batch))
            {
                continue;
            }

            var findings = check(group.Pending, group.Labels, group.Predicted, group.Rows);
            if (findings.Count == 0)
            {
                continue;
            }

            faulty.Add(batch);
            RecordLabelFault([batch], findings, group.Labels.Count);
        }

        return faulty;
    }

    /// <summary>
    /// Flags <paramref name="batches"/> faulty for labels that failed the label check (<paramref name="labels"/> of
    /// them, which none is used), counts the fault for the alert and carries each finding in this tick.
    /// </summary>
    private void RecordLabelFault(IReadOnlyList<long> batches, IReadOnlyList<Finding> findings, int labels)
    {
        foreach (var batch in batches)
        {
            if (State.Window.Batches.Find(s => s.Batch == batch) is { } summary)
            {
                summary.LabelFault = true;
            }

            FlagFaulty(batch);
        }

        var first = batches.Min();
        var last = batches.Max();
        var which = BatchList([.. batches.Order()]);
        foreach (var finding in findings)
        {
            var count = State.Window.LabelFaultsSinceTick.Find(f => f.Code == finding.Code);
            if (count is null && State.Window.LabelFaultsSinceTick.Count < MaxRespellings)
            {
                count = new LabelFaultCount { Code = finding.Code, Message = finding.Message, FirstBatch = first };
                State.Window.LabelFaultsSinceTick.Add(count);
            }

            if (count is not null)
            {
                count.Count += labels;
                count.FirstBatch = Math.Min(count.FirstBatch, first);
                count.LastBatch = Math.Max(count.LastBatch, last);
            }

            State.Drift.Current.Add(new FindingRecord
            {
                Batch = State.LastBatch,
                Finding = finding with
                {
                    Message = $"labels of {which}: {finding.Message}; {labels.ToString(CultureInfo.InvariantCulture)} labels not used",
                    Evidence = new Dictionary<string, double>(finding.Evidence) { [LabelBatchEvidence] = first },
                },
            });
        }
    }

    /// <summary>The evidence key of a label finding naming the (first) batch whose labels failed the check.</summary>
    public const string LabelBatchEvidence = "labels_of_batch";

    private static Detectors.IChangeDetector CreateRegressionDetector(string name) =>
        name == Detectors.ChangeDetectors.PageHinkley
            ? Detectors.ChangeDetectors.Create(name, new Dictionary<string, string>(StringComparer.Ordinal) { ["mode"] = "up", ["delta"] = "0.05", ["threshold"] = "50" })
            : Detectors.ChangeDetectors.Create(name);

    /// <summary>
    /// A batch is worse when its MAE exceeds the baseline MAE by at least <c>min_mae_increase</c> (relative)
    /// and by z standard errors: z = (MAE_b − MAE_0) / (s·√(1/n_b + 1/n_0)), s the larger of the batch's and the
    /// baseline's spread of absolute errors (n_0 term dropped when the baseline's rows are unknown). The
    /// relative floor keeps huge batches from flagging irrelevant differences; the standard error keeps
    /// small batches from flagging noise.
    /// </summary>
    private Func<BatchSummary, double, bool> WorseMae(double baseline, DetectionOptions d)
    {
        var baselineSd = State.Baseline.AbsErrorSd;
        var baselineRows = State.Incident is null ? State.Baseline.MaeRows : 0;
        return (b, z) =>
        {
            var increase = b.Mae - baseline;
            if (increase < d.MinMaeIncrease * baseline)
            {
                return false;
            }

            var sd = double.IsFinite(baselineSd) ? Math.Max(baselineSd, b.AbsErrorSd) : b.AbsErrorSd;
            var se = sd * Math.Sqrt((1.0 / b.Labeled) + (baselineRows > 0 ? 1.0 / baselineRows : 0));
            return se <= 0 || increase / se >= z;
        };
    }
}
