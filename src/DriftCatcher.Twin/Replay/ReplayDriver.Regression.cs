using System.Globalization;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Versions;

namespace DriftCatcher.Twin.Replay;

/// <summary>
/// Regression replays: the served model predicts a number per row, its score is the mean absolute error,
/// and the gate compares the candidate's and the champion's MAE on the same held-out recent rows.
/// </summary>
public sealed partial class ReplayDriver
{
    private static double[] Targets(Column column, string file)
    {
        if (column.Kind != ColumnKind.Numeric)
        {
            throw new InputDataException($"{file}: the label '{column.Name}' must be numeric for a regression model");
        }

        return column.Numbers;
    }

    private RetrainCompleted RetrainRegression(ActionRequest r, DateTimeOffset time, long first, long last, int[] fit, int[] gate, long? shortFirst, int[] recent, Func<int, double>? weigh, CancellationToken cancellationToken)
    {
        var before = _champion;
        var scoredGate = gate.Where(i => double.IsFinite(_streamTargets[i])).ToArray();
        var (candidate, targets) = FitWindow(fit, r.IncludeInitialTraining, scoredGate, cancellationToken, weigh);
        var windowNote = "";
        if (shortFirst is { } s1 && scoredGate.Length > 1)
        {
            var gateSet = gate.ToHashSet();
            var shortFit = recent.Where(i => !gateSet.Contains(i)).ToArray();
            var (alternative, shortTargets) = shortFit.Length == 0 ? (null, []) : FitWindow(shortFit, r.IncludeInitialTraining, scoredGate, cancellationToken, weigh);
            if (alternative is not null)
            {
                var (keepShort, shortMae, longMae) = ClearPairedMaeWin(alternative, candidate, scoredGate);
                windowNote = string.Create(CultureInfo.InvariantCulture,
                    $"window {(keepShort ? s1 : first)}..{last} kept (MAE {MaeText(keepShort ? shortMae : longMae, scoredGate.Length)} on the held-out rows) over {(keepShort ? first : s1)}..{last} ({MaeText(keepShort ? longMae : shortMae, candidate is null && keepShort ? 0 : scoredGate.Length)}); ");
                if (keepShort)
                {
                    candidate = alternative;
                    targets = shortTargets;
                    first = s1;
                    fit = shortFit;
                }
            }
        }

        // After a concept change a window short of min_rows made up with the initial training set is outvoted by the old
        // concept wherever the two disagree (Friedman streams of 100-300-row batches: recoveries gated level with the
        // failing champion); as for a classifier, the window alone is kept only on the same clear paired win.
        if (r.OfferWithoutInitialTraining && r.IncludeInitialTraining && candidate is not null && scoredGate.Length > 1
            && fit.Any(i => double.IsFinite(_streamTargets[i])))
        {
            var (bare, bareTargets) = FitWindow(fit, false, scoredGate, cancellationToken, weigh);
            if (bare is not null)
            {
                var (keepBare, bareMae, withMae) = ClearPairedMaeWin(bare, candidate, scoredGate);
                windowNote += string.Create(CultureInfo.InvariantCulture,
                    $"{(keepBare ? "without" : "with")} the initial training set kept (MAE {MaeText(keepBare ? bareMae : withMae, scoredGate.Length)} on the held-out rows) over {(keepBare ? "with" : "without")} it ({MaeText(keepBare ? withMae : bareMae, scoredGate.Length)}); ");
                if (keepBare)
                {
                    candidate = bare;
                    targets = bareTargets;
                }
            }
        }

        if (candidate is null)
        {
            _actions.Add(new ActionRecord(_batch, "retrain", r.Reason + " (failed: no labeled rows)", before, before) { TrainingBatches = [first, last] });
            return new RetrainCompleted(time, r.RequestId, before, false, double.NaN, double.NaN, "the training window holds no labeled rows") { FirstBatch = first, LastBatch = last };
        }

        var candidateScore = scoredGate.Length == 0 ? candidate.ValidationAccuracy : Mae(candidate, scoredGate);
        var championScore = scoredGate.Length == 0 ? double.NaN : Mae(_models[_champion], scoredGate);

        // Floor: better than predicting the training window's median for every row (the best constant under MAE).
        var median = Median(targets);
        var floor = scoredGate.Length == 0 ? double.MaxValue : scoredGate.Average(i => Math.Abs(_streamTargets[i] - median));
        var evidence = new GateEvidence
        {
            CandidateHoldout = MaeMetric(candidateScore),
            CandidateRecent = MaeMetric(candidateScore),
            ChampionRecent = double.IsNaN(championScore) ? null : MaeMetric(championScore),
        };

        // The tolerance is relative to the champion's MAE (GateTolerance 0.005 = half a percent worse at most).
        var tolerance = double.IsFinite(championScore) ? _options.GateTolerance * championScore : 0;
        var verdict = ValidationGate.Evaluate(evidence, new GateOptions { Metric = MetricNames.Mae, Floor = floor, RecentTolerance = tolerance });
        var reason = windowNote + $"held-out MAE {MaeText(candidateScore, scoredGate.Length)} vs champion {MaeText(championScore, scoredGate.Length)} on {scoredGate.Length} rows: "
            + string.Join("; ", verdict.Reasons);
        _actions.Add(new ActionRecord(_batch, "retrain", r.Reason, before, candidate.Version) { TrainingBatches = [first, last] });
        NoteCandidateFit(candidate.Version, fit);
        return new RetrainCompleted(time, r.RequestId, candidate.Version, verdict.Accepted, candidateScore, championScore, reason)
        {
            FirstBatch = first,
            LastBatch = last,
            TrainingRows = targets.Length,
            UnlabeledBatches = [.. BatchesIn(first, last).Where(k => !_visible.Contains(k))],
            Recalled = Recall(r, candidate, gate),
        };
    }

    /// <summary>Trains on the stream rows <paramref name="fit"/> with a finite label (plus TRAIN when asked or when none); the gate rows calibrate nothing, they score.</summary>
    private (ServedModel? Model, double[] Targets) FitWindow(int[] fit, bool includeInitial, int[] scoredGate, CancellationToken cancellationToken, Func<int, double>? weigh = null)
    {
        var keep = fit.Where(i => double.IsFinite(_streamTargets[i])).ToArray();
        var features = FrameOps.Select(_stream, _features, keep);
        double[] targets = [.. keep.Select(i => _streamTargets[i])];
        var trainCount = 0;
        if (includeInitial || keep.Length == 0)
        {
            var trainRows = Enumerable.Range(0, _train.RowCount).Where(i => double.IsFinite(_trainTargets[i])).ToArray();
            features = FrameOps.Stack(FrameOps.Select(_train, _features, trainRows), features);
            targets = [.. trainRows.Select(i => _trainTargets[i]), .. targets];
            trainCount = trainRows.Length;
        }

        var model = FitRegression(features, targets, FrameOps.Select(_stream, _features, scoredGate), [.. scoredGate.Select(i => _streamTargets[i])], _features, cancellationToken, weights: Weights(weigh, trainCount, keep));
        return (model, targets);
    }

    private double[] AbsErrors(ServedModel model, int[] rows)
    {
        var outputs = new double[rows.Length];
        model.Predictor.Predict(FrameOps.Select(_stream, _features, rows), outputs);
        return [.. rows.Select((r, i) => Math.Abs(outputs[i] - _streamTargets[r]))];
    }

    /// <summary>
    /// Whether <paramref name="challenger"/> beats <paramref name="incumbent"/> (none: it wins) clearly on the same held-out
    /// rows, with both MAEs on them: paired, one-sided t &gt;= <see cref="ClearWinZ"/> on the differences of absolute errors,
    /// the strength of the classifier's McNemar test on its discordant rows. A model that overflowed (labels near ±1e308:
    /// errors not finite) never wins over one that did not, and loses to one that did not.
    /// </summary>
    private (bool Wins, double ChallengerMae, double IncumbentMae) ClearPairedMaeWin(ServedModel challenger, ServedModel? incumbent, int[] rows)
    {
        var challengerErrors = AbsErrors(challenger, rows);
        var incumbentErrors = incumbent is null ? null : AbsErrors(incumbent, rows);
        var challengerMae = challengerErrors.Average();
        var incumbentMae = incumbentErrors?.Average() ?? double.NaN;
        var wins = incumbentErrors is null || (double.IsFinite(challengerMae) && !double.IsFinite(incumbentMae)) || PairedGain(incumbentErrors, challengerErrors) >= ClearWinZ;
        return (wins, challengerMae, incumbentMae);
    }

    /// <summary>Paired t of how much smaller <paramref name="challenger"/>'s absolute errors are than <paramref name="incumbent"/>'s.</summary>
    private static double PairedGain(double[] incumbent, double[] challenger)
    {
        var n = incumbent.Length;
        var d = incumbent.Select((e, i) => e - challenger[i]).ToArray();
        var mean = d.Average();
        var sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, n - 1));
        return sd == 0 ? (mean > 0 ? double.PositiveInfinity : 0) : mean / (sd / Math.Sqrt(n));
    }

    private static Dictionary<string, double> MaeMetric(double mae) => new(StringComparer.Ordinal) { [MetricNames.Mae] = mae };

    private ServedModel? FitRegression(DataFrame features, double[] targets, DataFrame heldOut, double[] heldOutTargets, string[] featureNames, CancellationToken cancellationToken, string prefix = "v", DataFrame? referenceFeatures = null, double[]? weights = null)
    {
        if (targets.Length == 0)
        {
            return null;
        }

        var data = new TrainingData(features, targets, TaskKind.Regression, []) { Weights = weights };
        var predictor = _learner.Fit(data, null, new Dictionary<string, string>(), _options.Seed + _versionCounter, cancellationToken);
        var outputs = new double[heldOut.RowCount];
        if (heldOut.RowCount > 0)
        {
            predictor.Predict(heldOut, outputs);
        }

        double abs = 0, squared = 0;
        for (var i = 0; i < outputs.Length; i++)
        {
            var e = Math.Abs(outputs[i] - heldOutTargets[i]);
            abs += e;
            squared += e * e;
        }

        var n = outputs.Length;
        var mae = n == 0 ? double.NaN : abs / n;
        var sd = n == 0 ? double.NaN : Math.Sqrt(Math.Max(0, (squared / n) - (mae * mae)));
        var reference = ModelReference.BuildRegression(referenceFeatures ?? FrameOps.Select(features, featureNames, Enumerable.Range(0, features.RowCount).ToArray()), outputs, targets.Concat(heldOutTargets), _firstTargets);
        _firstTargets ??= reference.Targets.FirstOrDefault();
        _versionCounter++;
        var version = prefix == "v" ? $"v{_versionCounter.ToString(CultureInfo.InvariantCulture)}" : $"{prefix}-{_versionCounter.ToString(CultureInfo.InvariantCulture)}";
        var model = new ServedModel(version, predictor, [], new EngineBatchMonitor(reference), mae) { ValidationAbsErrorSd = sd, ValidationRows = n, NonFiniteValidation = outputs.Count(o => !double.IsFinite(o)) };
        _models[version] = model;
        return model;
    }

    /// <summary>An MAE for a reason: "n/a" without held-out rows, "not finite" where predictions or labels overflowed (labels near ±1e308), not "NaN".</summary>
    private static string MaeText(double mae, int rows) =>
        double.IsFinite(mae) ? mae.ToString("0.000", CultureInfo.InvariantCulture)
        : rows == 0 ? "n/a" : "not finite (predictions or labels beyond the range of a double)";

    private double Mae(ServedModel model, int[] rows)
    {
        if (rows.Length == 0)
        {
            return double.NaN;
        }

        var outputs = new double[rows.Length];
        model.Predictor.Predict(FrameOps.Select(_stream, _features, rows), outputs);
        double abs = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            abs += Math.Abs(outputs[i] - _streamTargets[rows[i]]);
        }

        return abs / rows.Length;
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
