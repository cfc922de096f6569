using System.Globalization;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Audit;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Trials;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Versions;

namespace DriftCatcher.Twin.Replay;

/// <summary>
/// The twin's host for one <see cref="ModelAgent"/>: trains the first champion on TRAIN, then for each
/// stream batch b in order (1) the serving model predicts every row of b, (2) the agent observes b's
/// features and predictions, (3) the labels of batch b−D become visible, (4) the agent ticks and may act;
/// actions take effect from batch b+1 and training uses only labels already visible, never a batch the
/// agent flagged faulty. The driver executes the agent's requests (training with the learners, gating,
/// switching versions) and answers with result messages, exactly as the server does.
/// </summary>
public sealed partial class ReplayDriver
{
    private readonly ReplayOptions _options;
    private readonly DataFrame _train;
    private readonly DataFrame _stream;
    private readonly string[] _features;
    private readonly List<string> _classes = [];
    private readonly Dictionary<string, int> _classIndex = new(StringComparer.Ordinal);
    /// <summary>The largest batch number a stream may carry (one simulated hour per batch: about 1 141 years).</summary>
    public const long MaxBatch = 10_000_000;

    /// <summary>
    /// The most batches one replay holds: every batch's decision and report data stay in memory, about 28 KB a batch
    /// (20 000 one-row batches took 0.56 GB). A scenario of a million batches was accepted and would have needed 28 GB.
    /// </summary>
    public const int MaxBatches = 50_000;

    private readonly int[] _streamLabels;

    /// <summary>
    /// Stream rows whose label spells a known class differently, each with its spelling (an index into
    /// <see cref="_spellings"/>: the text and the class it spells). Such a label is no class of its own: the agent gets
    /// it as a respelling, never as a label (see <see cref="LabelBatch.Respelled"/>). Sparse: a fault touches few rows.
    /// </summary>
    private readonly Dictionary<int, int> _respelledRows = [];
    private readonly List<(string Text, int Class)> _spellings = [];
    private readonly int[] _trainLabels;
    private readonly bool _regression;
    private readonly double[] _streamTargets = [];
    private readonly double[] _trainTargets = [];
    private readonly Dictionary<string, ServedModel> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServedModel> _fallbacks = new(StringComparer.Ordinal);

    /// <summary>
    /// The stream rows each version that served was fitted on: the gate never judges a version on them. A candidate's rows
    /// wait in <see cref="_candidateFit"/> (the newest few) and move here when it serves, so discarded candidates hold none.
    /// </summary>
    private readonly Dictionary<string, HashSet<int>> _fitRows = new(StringComparer.Ordinal);

    private readonly List<(string Version, HashSet<int> Rows)> _candidateFit = [];

    /// <summary>Candidates whose fitted rows are kept until one serves (a trial, an approval or a second retrain may come first).</summary>
    private const int CandidateFitsKept = 4;

    private void NoteCandidateFit(string version, int[] fit)
    {
        _candidateFit.Add((version, [.. fit]));
        if (_candidateFit.Count > CandidateFitsKept)
        {
            _candidateFit.RemoveAt(0);
        }
    }
    private readonly SortedDictionary<long, int[]> _batchRows = [];
    private readonly SortedSet<long> _visible = [];

    /// <summary>Batches whose labels have not become visible yet: the label loop looks at these, not at every batch so far (which made a 20 000-batch replay quadratic).</summary>
    private readonly SortedSet<long> _notVisible = [];

    /// <summary>The stream's batch numbers in order, for range lookups.</summary>
    private readonly long[] _batchKeys = [];
    private readonly ILearner _learner;
    private readonly List<ActionRecord> _actions = [];
    private readonly List<string> _warnings = [];
    private string _champion = "";
    private ServingMode _mode = ServingMode.Champion;
    private string? _fallbackVersion;
    private AgentAction _trialKind;
    private string? _trialCandidate;
    private double _trialShare;
    private int _versionCounter;

    /// <summary>The first regression version's training labels: every later version's label check needs a batch to fail against them too.</summary>
    private Core.Quality.QualityBaseline? _firstTargets;

    private ModelAgent _agent = null!;
    private int _largestState;
    private long _batch;

    private ReplayDriver(DataFrame train, DataFrame stream, ReplayOptions options)
    {
        _options = options;
        _train = train;
        _stream = stream;
        if (!train.Contains(options.LabelColumn))
        {
            throw new InputDataException($"train has no label column '{options.LabelColumn}' (columns: {DataFrame.PreviewNames(train.ColumnNames)})");
        }

        if (!stream.Contains(options.LabelColumn))
        {
            throw new InputDataException($"stream has no label column '{options.LabelColumn}' (columns: {DataFrame.PreviewNames(stream.ColumnNames)})");
        }

        train.CheckNamedOnce(options.LabelColumn, "label");
        stream.CheckNamedOnce(options.LabelColumn, "label");
        stream.CheckNamedOnce(options.BatchColumn, "batch");
        if (string.Equals(options.BatchColumn, options.LabelColumn, StringComparison.Ordinal))
        {
            // A stream sorted by its label replayed with the labels as batch numbers, every batch one class.
            throw new InputDataException($"the batch column '{options.BatchColumn}' is the label column; name the column that numbers the batches");
        }

        if (train.RowCount == 0)
        {
            throw new InputDataException("train has no data rows (only a header): nothing to learn");
        }

        if (stream.RowCount == 0)
        {
            throw new InputDataException("stream has no data rows (only a header): nothing to replay");
        }

        if (!stream.TryGetColumn(options.BatchColumn, out var batchColumn))
        {
            throw new InputDataException($"stream has no batch column '{options.BatchColumn}' (columns: {DataFrame.PreviewNames(stream.ColumnNames)})");
        }

        if (batchColumn.Kind != ColumnKind.Numeric)
        {
            var row = FeatureSchema.FirstText(batchColumn) ?? 0;
            throw new InputDataException($"{StreamRow(options, stream, row)}: batch column '{options.BatchColumn}' holds '{batchColumn.GetString(row)}'; batches must be whole numbers");
        }

        var skip = new HashSet<string>(options.SignalColumns, StringComparer.Ordinal) { options.LabelColumn, options.BatchColumn };
        _features = [.. train.ColumnNames.Where(n => !skip.Contains(n))];

        // A text column of dates or times is when a row was seen, not what it is: as a category every stream value
        // would be unseen (a critical fault from batch 0, hand-made streams in bench/foreign), so it is left out.
        var timestamps = _features.Where(f => FeatureSchema.HoldsTimestamps(train[f])).ToList();
        if (timestamps.Count > 0)
        {
            var one = timestamps.Count == 1;
            var named = $"{(one ? "column" : "columns")} {string.Join(", ", timestamps.Select(t => $"'{t}'"))}";
            if (timestamps.Count == _features.Length)
            {
                throw new InputDataException($"train's only feature {named} {(one ? "holds" : "hold")} only dates or timestamps: nothing to learn that carries forward to the stream");
            }

            _features = [.. _features.Except(timestamps)];
            _warnings.Add($"{named} of train {(one ? "holds" : "hold")} only dates or timestamps: not used as {(one ? "a feature" : "features")} (a stream's times are all unseen in training)");
        }

        if (_features.Length == 0)
        {
            throw new InputDataException("train has no feature columns besides the label");
        }

        foreach (var f in _features)
        {
            if (!stream.Contains(f))
            {
                var unnamed = string.Empty;
                if (f.StartsWith("Unnamed: ", StringComparison.Ordinal))
                {
                    var others = stream.ColumnNames.Where(n => n.StartsWith("Unnamed: ", StringComparison.Ordinal)).Select(n => $"'{n}'").ToList();
                    var inStream = others.Count == 0 ? "the stream has no unnamed column" : $"the stream's is {string.Join(", ", others)}";
                    unnamed = $"; train's header leaves that name empty, so the column is named by its position, and {inStream}: name the column in both headers";
                }

                throw new InputDataException($"stream has no column '{f}' (a feature of train){unnamed}");
            }

            // A feature with no value in train gives the model nothing to learn and the drift check no reference to
            // judge the stream's values against: its drift would never be told (`drift` refuses such a column too).
            var column = train[f];
            if (train.RowCount > 0 && Enumerable.Range(0, train.RowCount).All(i => column.IsMissing(i) || (column.Kind == ColumnKind.Numeric && !double.IsFinite(column.Numbers[i]))))
            {
                throw new InputDataException($"train column '{f}' has no values (all missing or non-finite): the model cannot learn it and its drift could never be judged; give it values or drop it from train");
            }

            // A stream that holds text where train holds numbers would fail in the first batch's prediction,
            // without saying where; say it here, before anything runs.
            if (train[f].Kind == ColumnKind.Numeric && FeatureSchema.FirstText(stream[f]) is { } row)
            {
                throw new InputDataException(
                    $"{StreamRow(options, stream, row)}: column '{f}' holds '{Shorten(stream[f].GetString(row)!)}', but it holds numbers in train; make the cell a number, or empty for a missing value");
            }
        }

        CheckSignals(options, stream);

        // The task is the one asked for, or inferred as `train` would: a numeric label with fractions or very many values
        // is regressed on.
        _regression = (options.Task ?? DatasetBuilder.InferTask(train[options.LabelColumn])) == LearningTask.Regression;
        var numericHint = options.Task is null && train[options.LabelColumn].Kind == ColumnKind.Numeric
            ? $" (the label '{options.LabelColumn}' was read as classes: whole numbers with at most {DatasetBuilder.MaxClasses} distinct values; if it is a quantity to predict, replay with --task regression)"
            : string.Empty;
        if (_regression)
        {
            _trainTargets = Targets(train[options.LabelColumn], "train");
            _streamTargets = Targets(stream[options.LabelColumn], "stream");
            _trainLabels = [];
            _streamLabels = [];
        }
        else
        {
            _trainLabels = Labels(train[options.LabelColumn], i => TrainRow(options, train, i));
            var trainClasses = _classes.Count;
            _streamLabels = StreamLabels(stream[options.LabelColumn], trainClasses, i => StreamRow(options, stream, i));
            if (trainClasses > 0 && (_streamLabels.Any(k => k >= 0) || _spellings.Count > 0) && !_streamLabels.Any(k => k >= 0 && k < trainClasses))
            {
                // A new class beside known ones is a new attack type, a known one written another way beside it a fault of
                // the feed; no known class written as train writes it at all is two ways of writing the label.
                var alike = string.Join("", _spellings.Take(3).Select(r => $"; '{Shorten(r.Text)}' differs from train's '{Shorten(_classes[r.Class])}' only in case or spaces"));
                throw new InputDataException(
                    $"the stream's labels ({Preview(_classes.Skip(trainClasses).Concat(_spellings.Select(r => r.Text)))}) share no class with train's ({Preview(_classes.Take(trainClasses))}){alike}; both files must spell the label's classes the same way{numericHint}");
            }

            var labeled = _streamLabels.Count(k => k >= 0);
            var unseen = _streamLabels.Count(k => k >= trainClasses);
            if (numericHint.Length > 0 && unseen * 2 > labeled)
            {
                // 1000 whole-number targets, scaled: accuracy 0.0000 and not a word why.
                _warnings.Add($"{unseen} of {labeled} stream labels are classes train does not have{numericHint}");
            }
        }

        var batches = batchColumn.Numbers;
        var current = new List<int>();
        var last = double.NegativeInfinity;
        for (var i = 0; i < batches.Length; i++)
        {
            var b = batches[i];
            if (batchColumn.IsMissing(i))
            {
                throw new InputDataException($"{StreamRow(options, stream, i)}: batch column '{options.BatchColumn}' is empty (or a missing-value marker); every row needs its batch number");
            }

            if (!double.IsFinite(b) || b != Math.Floor(b) || b < 0)
            {
                throw new InputDataException($"{StreamRow(options, stream, i)}: batch '{b.ToString(CultureInfo.InvariantCulture)}' is not a whole number >= 0");
            }

            if (b > MaxBatch)
            {
                // The simulated clock advances one hour per batch and must stay a valid date.
                throw new InputDataException($"{StreamRow(options, stream, i)}: batch {b.ToString(CultureInfo.InvariantCulture)} is beyond the largest batch number {MaxBatch.ToString(CultureInfo.InvariantCulture)}");
            }

            if (b < last)
            {
                throw new InputDataException($"{StreamRow(options, stream, i)}: batch {b.ToString(CultureInfo.InvariantCulture)} comes after batch {last.ToString(CultureInfo.InvariantCulture)}; batches must not decrease");
            }

            if (b != last && current.Count > 0)
            {
                _batchRows[(long)last] = [.. current];
                current.Clear();
            }

            current.Add(i);
            last = b;
        }

        if (current.Count > 0)
        {
            _batchRows[(long)last] = [.. current];
        }

        if (_batchRows.Count > MaxBatches)
        {
            throw new InputDataException(
                $"the stream has {_batchRows.Count} batches; a replay holds at most {MaxBatches} (each batch's decision and report data stay in memory, about 28 KB a batch): split the stream, or use larger batches");
        }

        _batchKeys = [.. _batchRows.Keys];
        _notVisible = [.. _batchKeys];
        var span = _batchRows.Keys.Max() - _batchRows.Keys.Min();
        if (options.LabelDelay > span)
        {
            // Labels of batch b reach the agent at batch b + D: past the last batch none ever would.
            throw new InputDataException(
                $"label delay {options.LabelDelay} is more than the stream's batches {_batchRows.Keys.Min()}..{_batchRows.Keys.Max()} span ({span}): no label would ever reach the agent; use at most {span}");
        }

        if (_regression && options.Algorithm == "logistic")
        {
            throw new InputDataException($"the label '{options.LabelColumn}' is a number to regress on: logistic cannot learn it (use gbt or linear)");
        }

        // The policy knows nothing of the label delay; the replay does. The built-in default waits as long as the
        // delay needs (it must work untuned at any --label-delay); a policy file whose verification wait can never
        // see a labeled batch of a regression model is refused, one that only judges on less than its window is a
        // warning.
        if (options.Policy.Kind == Core.Agent.Policy.PolicyKind.Rules
            && options.Policy.Verification.CheckLabelDelay(options.LabelDelay, _regression) is { } wait)
        {
            var verification = options.Policy.Verification;
            if (string.Equals(options.PolicySpec?.Trim(), "default", StringComparison.OrdinalIgnoreCase))
            {
                var need = options.LabelDelay + verification.JudgedBatches(_regression) - 1;
                _options = options with { Policy = options.Policy with { Verification = verification with { MaxWaitBatches = need } } };
                _warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"policy default: verification.max_wait_batches {verification.MaxWaitBatches} raised to {need} for the label delay {options.LabelDelay} (label delay + {Core.Agent.Policy.VerificationOptions.JudgedBatchesField(_regression)} - 1)"));
            }
            else
            {
                var line = $"{(options.PolicySpec is { } spec ? $"policy {spec}" : "policy")}: {wait.Problem}";
                if (wait.Fatal)
                {
                    throw new InputDataException(line);
                }

                _warnings.Add(line);
            }
        }

        _learner = options.Algorithm == "gbt" && !LearnerCatalog.Default.Contains("gbt")
            ? new Core.Learning.Gbt.GbtLearner()
            : LearnerCatalog.Default.CreateLearner(options.Algorithm);
    }

    /// <summary>Replays <paramref name="stream"/> against a champion trained on <paramref name="train"/>.</summary>
    public static ReplayResult Run(DataFrame train, DataFrame stream, ReplayOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);

        // Column names are trimmed when read (CICIDS2017 writes " Label"), so the names given are too.
        options = options with { LabelColumn = options.LabelColumn.Trim(), BatchColumn = options.BatchColumn.Trim() };
        if (options.LabelDelay < 0)
        {
            throw new InputDataException($"label delay must be >= 0, got {options.LabelDelay}");
        }

        return new ReplayDriver(train, stream, options).Replay(cancellationToken);
    }

    private ReplayResult Replay(CancellationToken cancellationToken)
    {
        var first = TrainInitial(cancellationToken);
        _agent = new ModelAgent(_regression
            ? AgentState.CreateRegression("model", first.Version, _options.Start, first.ValidationAccuracy, first.ValidationAbsErrorSd, first.ValidationRows)
            : AgentState.Create("model", first.Version, _options.Start, first.ValidationAccuracy, first.ValidationRows));
        var predictions = new ReplayPrediction[_stream.RowCount];
        var decisions = new List<AgentDecision>();
        var batchAccuracy = new SortedDictionary<long, double>();
        long answeredTotal = 0, correctTotal = 0, scoredTotal = 0;
        var errorsTotal = default(RegressionErrors);
        var batchMae = new SortedDictionary<long, double>();

        foreach (var (b, rows) in _batchRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _batch = b;
            var time = TimeOf(b);
            var frame = FrameOps.Select(_stream, _features, rows);

            // (1) the serving model predicts every row of b.
            var served = _mode switch
            {
                ServingMode.Fallback => _models[_fallbackVersion!],
                ServingMode.Disabled => null,
                _ => _models[_champion],
            };
            var width = _regression ? 1 : _classes.Count;
            var outputs = new double[rows.Length * width];
            Array.Fill(outputs, double.NaN);
            var failed = Signal(_options.SignalColumns.Count > 1 ? _options.SignalColumns[1] : "", rows);
            if (served is not null)
            {
                Predict(served, frame, outputs, width);
            }

            var ids = rows.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i < rows.Length; i++)
            {
                // A failed request gets no answer from the champion's endpoint; the fallback serves on its own.
                if (_mode == ServingMode.Champion && failed is not null && failed[i] >= 1)
                {
                    outputs.AsSpan(i * width, width).Fill(double.NaN);
                }
            }

            // A trial: the candidate predicts every row beside the champion; a canary serves its share of them.
            var trial = TrialOutputs(frame, ids, outputs, width);
            var servedOutputs = trial.Served ?? outputs;
            long answered = 0, correct = 0, scored = 0;
            var errors = default(RegressionErrors);
            var servedName = served?.Version ?? "";
            for (var i = 0; i < rows.Length; i++)
            {
                var row = servedOutputs.AsSpan(i * width, width);
                string? label = null;
                if (_regression && !double.IsNaN(row[0]))
                {
                    label = row[0].ToString("R", CultureInfo.InvariantCulture);
                    answered++;
                    // An infinite label (or an error that overflows) is not scored; the report skips the same rows.
                    var error = row[0] - _options.TrueLabel(b, _streamTargets[rows[i]]);
                    if (errors.Add(error))
                    {
                        scored++;
                        errorsTotal.Add(error);
                    }
                }
                else if (!double.IsNaN(row[0]))
                {
                    var k = ArgMax(row);
                    label = _classes[k];
                    answered++;
                    var truth = _options.TrueClassByRow is { } stuck && stuck.TryGetValue(rows[i], out var name) ? _classIndex.GetValueOrDefault(name, int.MaxValue)
                        : _streamLabels[rows[i]] >= 0 ? _streamLabels[rows[i]] : _respelledRows.TryGetValue(rows[i], out var spelt) ? _spellings[spelt].Class : -1;
                    if (truth >= 0) // a row without a label is answered but not scored; a respelled one is its class; a stuck one its true class
                    {
                        scored++;
                        correct += k == truth ? 1 : 0;
                    }
                }

                predictions[rows[i]] = new ReplayPrediction(b, rows[i], label, trial.CandidateRows.Contains(i) ? _trialCandidate! : servedName);
            }

            answeredTotal += answered;
            correctTotal += correct;
            scoredTotal += scored;
            if (_regression)
            {
                batchMae[b] = errors.Mae;
            }
            else
            {
                batchAccuracy[b] = scored == 0 ? double.NaN : (double)correct / scored;
            }

            // (2) the agent observes b's features and predictions (and the serving signals of b).
            var context = Context(served);
            var batchMessage = new PredictionBatch(time, b, servedName, ids, frame, servedOutputs, width);
            if (trial.Candidate is not null)
            {
                batchMessage = batchMessage with
                {
                    CandidateVersion = trial.Version,
                    CandidateOutputs = trial.Candidate,
                    ChampionOutputs = trial.Served is null ? null : outputs,
                    CandidateServedRows = [.. trial.CandidateRows.Order()],
                };
            }

            Send(batchMessage, context);
            Send(Signals(time, rows, failed), context);

            // (3) the labels of batch b−D become visible (D of that batch: a label_delay fault makes some later).
            var labelIds = new List<string>();
            var labelValues = new List<int>();
            var labelTargets = new List<double>();
            var respelledIds = new List<int>();
            List<long> nowVisible = [];
            foreach (var lb in _notVisible)
            {
                if (lb > b)
                {
                    break;
                }

                // A label_delay fault only makes labels later: a fault delay below the replay's (a scenario's 1 replayed
                // with --label-delay 3) would bring its batches' labels before every other batch's.
                if (lb + _options.LabelDelayOf(lb) <= b)
                {
                    nowVisible.Add(lb);
                }
            }

            foreach (var lb in nowVisible)
            {
                // Each batch leaves _notVisible once: its labels are sent exactly once.
                _notVisible.Remove(lb);
                _visible.Add(lb);
                var lrows = _batchRows[lb];
                respelledIds.AddRange(_respelledRows.Count == 0 ? [] : lrows.Where(_respelledRows.ContainsKey));
                foreach (var r in lrows.Where(StreamLabeled)) // a row without a label (empty, NaN) never reaches the agent
                {
                    labelIds.Add(r.ToString(CultureInfo.InvariantCulture));
                    if (_regression)
                    {
                        labelTargets.Add(_streamTargets[r]);
                    }
                    else
                    {
                        labelValues.Add(_streamLabels[r]);
                    }
                }
            }

            if (labelIds.Count > 0 || respelledIds.Count > 0)
            {
                Send(_regression ? LabelBatch.Numeric(time, labelIds, labelTargets) : new LabelBatch(time, labelIds, labelValues) { Respelled = Respelled(respelledIds) }, context);
            }

            // (4) the agent ticks and may act; actions take effect from b+1.
            var tick = Send(new Tick(time, b), context);
            var followUps = new List<AgentDecision>();
            Execute(tick.Requests, time, followUps, cancellationToken);
            decisions.Add(tick.Decision! with { FollowUps = followUps });
        }

        var changes = _actions.Count(a => ActionRecord.IsModelChange(a.Action));
        var firstResponse = _actions.FirstOrDefault(a => a.Action != "alert");
        LabelFaultWarning(decisions);
        return new ReplayResult
        {
            Predictions = predictions,
            Actions = _actions,
            Decisions = decisions,
            FinalState = _agent.State,
            LargestStateDocument = _largestState,
            Accuracy = scoredTotal == 0 || _regression ? double.NaN : (double)correctTotal / scoredTotal,
            Task = _regression ? ModelTask.Regression : ModelTask.Classification,
            Mae = _regression ? errorsTotal.Mae : double.NaN,
            Rmse = _regression ? errorsTotal.Rmse : double.NaN,
            BatchMae = batchMae,
            Coverage = _stream.RowCount == 0 ? double.NaN : (double)answeredTotal / _stream.RowCount,
            ModelChanges = changes,
            Alerts = _actions.Count(a => a.Action == "alert"),
            FirstResponseBatch = firstResponse?.Batch,
            BatchAccuracy = batchAccuracy,
            Warnings = _warnings,
        };
    }

    /// <summary>
    /// While a trial runs (and the champion serves): the candidate's outputs for every row, and for a canary
    /// the served outputs with the candidate's answers on the rows <see cref="CanaryRouter"/> gives it.
    /// Without a trial, while a promotion is under verification: the prior version's outputs,
    /// the counterfactual the agent judges the promotion against (it never serves).
    /// </summary>
    private (string? Version, double[]? Candidate, double[]? Served, HashSet<int> CandidateRows) TrialOutputs(DataFrame frame, string[] ids, double[] championOutputs, int width)
    {
        var candidateRows = new HashSet<int>();
        var other = _trialCandidate
            ?? (_agent.State.Verification is { Action: AgentAction.Promote, PriorVersion: { } prior } && prior != _champion ? prior : null);
        if (other is null || _mode != ServingMode.Champion || !_models.TryGetValue(other, out var model))
        {
            return (null, null, null, candidateRows);
        }

        var candidate = new double[championOutputs.Length];
        Predict(model, frame, candidate, width);
        for (var i = 0; i < ids.Length; i++)
        {
            // A row the endpoint failed on is not answered by either model.
            if (double.IsNaN(championOutputs[i * width]))
            {
                candidate.AsSpan(i * width, width).Fill(double.NaN);
            }
        }

        if (_trialCandidate is null || _trialKind != AgentAction.Canary)
        {
            return (other, candidate, null, candidateRows);
        }

        var served = (double[])championOutputs.Clone();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!double.IsNaN(championOutputs[i * width]) && CanaryRouter.ServesCandidate(ids[i], _trialShare))
            {
                candidate.AsSpan(i * width, width).CopyTo(served.AsSpan(i * width, width));
                candidateRows.Add(i);
            }
        }

        return (other, candidate, served, candidateRows);
    }

    private AgentContext Context(ServedModel? served) =>
        new(_options.Policy, (served ?? _models[_champion]).Monitor);

    private DateTimeOffset TimeOf(long batch) => _options.Start + (_options.BatchInterval * (batch + 1));

    private SystemSignals Signals(DateTimeOffset time, int[] rows, double[]? failed)
    {
        var latency = Signal(_options.SignalColumns.Count > 0 ? _options.SignalColumns[0] : "", rows);
        var delay = Signal(_options.SignalColumns.Count > 2 ? _options.SignalColumns[2] : "", rows);
        var p95 = double.NaN;
        if (latency is not null)
        {
            var finite = latency.Where(double.IsFinite).Order().ToArray();
            p95 = finite.Length == 0 ? double.NaN : finite[(int)Math.Min(finite.Length - 1, Math.Ceiling(0.95 * finite.Length) - 1)];
        }

        var failures = failed is null ? 0 : failed.Count(v => v >= 1);
        var arrival = delay is null ? 0 : delay.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return new SystemSignals(time, rows.Length, failures, p95) { ArrivalDelay = TimeSpan.FromSeconds(arrival) };
    }

    /// <summary>The largest value a serving signal may carry (ms of latency, seconds of arrival delay).</summary>
    public const double MaxSignal = 1e9;

    /// <summary>
    /// Serving signals present in the stream must be numbers in [0, <see cref="MaxSignal"/>] (empty = unknown):
    /// a single bad cell would otherwise turn the whole column into text and hide every serving fault.
    /// </summary>
    private static void CheckSignals(ReplayOptions options, DataFrame stream)
    {
        foreach (var name in options.SignalColumns.Where(n => IsSignal(options, n)))
        {
            if (!stream.TryGetColumn(name, out var c))
            {
                continue;
            }

            for (var i = 0; i < c.Length; i++)
            {
                if (c.IsMissing(i))
                {
                    continue;
                }

                // A numeric column is checked on its numbers; text appears only where one cell made the column text.
                var v = c.Kind == ColumnKind.Numeric ? c.Numbers[i] : double.NaN;
                if (c.Kind != ColumnKind.Numeric && !double.TryParse(c.GetString(i), NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                {
                    throw new InputDataException($"{StreamRow(options, stream, i)}: serving signal '{name}' holds '{c.GetString(i)}', not a number");
                }

                if (!double.IsFinite(v) || v < 0 || v > MaxSignal)
                {
                    throw new InputDataException($"{StreamRow(options, stream, i)}: serving signal '{name}' is {v.ToString("R", CultureInfo.InvariantCulture)}; it must be a number from 0 to {MaxSignal.ToString("0e0", CultureInfo.InvariantCulture)}");
                }
            }
        }
    }

    /// <summary>
    /// A serving-signal column by name, unless it is the label or the batch column: a classifier of failing requests
    /// labeled `failed` had every positive row served as a failed request (no answer) and a 28 % failure rate that moved
    /// traffic to the fallback at batch 1; a regression of `latency_ms` had its labels read as latency before they were due.
    /// </summary>
    private static bool IsSignal(ReplayOptions options, string column) =>
        column.Length > 0
        && !string.Equals(column, options.LabelColumn, StringComparison.Ordinal)
        && !string.Equals(column, options.BatchColumn, StringComparison.Ordinal);

    private double[]? Signal(string column, int[] rows)
    {
        if (!IsSignal(_options, column) || !_stream.TryGetColumn(column, out var c) || c.Kind != ColumnKind.Numeric)
        {
            return null;
        }

        return [.. rows.Select(r => c.Numbers[r])];
    }

    /// <summary>
    /// Hands one message to the agent. With <see cref="ReplayOptions.ResumeAfterEveryMessage"/> the agent's
    /// state then goes through its JSON document and a new agent resumes it, as when each message of a
    /// cluster reaches whichever node holds the model's lease.
    /// </summary>
    private AgentTickResult Send(AgentMessage message, AgentContext context)
    {
        var result = _agent.Handle(message, context);
        if (_options.ResumeAfterEveryMessage)
        {
            var document = System.Text.Json.JsonSerializer.Serialize(_agent.State, AgentJson.Options);
            _agent = new ModelAgent(System.Text.Json.JsonSerializer.Deserialize<AgentState>(document, AgentJson.Options)
                ?? throw new InvalidOperationException("the agent's state document read back as null"));
            _largestState = Math.Max(_largestState, document.Length);
        }

        return result;
    }

    private void Execute(IReadOnlyList<ActionRequest> requests, DateTimeOffset time, List<AgentDecision> followUps, CancellationToken cancellationToken)
    {
        // A notice is about the batch the tick judged: it records what served that batch, also when a serving change of
        // the same tick ran before it (a revert's rollback, then the escalation: it read "v1 -> v1" where v5 served).
        var servedAtTick = Served();
        var queue = new Queue<ActionRequest>(requests);
        while (queue.TryDequeue(out var r))
        {
            var result = r.Action switch
            {
                AgentAction.Retrain => Send(Retrain(r, time, cancellationToken), Context(null)),
                AgentAction.Promote or AgentAction.Rollback => Send(Switch(r, time), Context(null)),
                AgentAction.Fallback => Send(Fallback(r, time, cancellationToken), Context(null)),
                AgentAction.Disable => Send(Disable(r, time), Context(null)),
                AgentAction.Restore => Send(Restore(r, time), Context(null)),
                AgentAction.Shadow or AgentAction.Canary => Send(Trial(r, time), Context(null)),
                _ => Note(r, servedAtTick),
            };
            if (result.Decision is { } d)
            {
                followUps.Add(d);
            }

            foreach (var next in result.Requests)
            {
                queue.Enqueue(next);
            }
        }
    }

    private AgentTickResult Note(ActionRequest r, string served)
    {
        _actions.Add(new ActionRecord(_batch, Name(r.Action), r.Reason, served, served));
        return AgentTickResult.Observed;
    }

    private string Served() => _mode switch
    {
        ServingMode.Fallback => _fallbackVersion ?? "",
        ServingMode.Disabled => "disabled",
        _ => _champion,
    };

    /// <summary>
    /// How clearly a challenger window (the short one, or the window without the initial training set) must beat the
    /// incumbent on the same held-out rows to be kept: one-sided z (a classifier's McNemar test) or paired t (a regression
    /// model's absolute errors) at least this.
    /// </summary>
    private const double ClearWinZ = 1.28;

    /// <summary>
    /// Whether a challenger model beats an incumbent clearly on the same held-out rows, paired (McNemar's discordant
    /// pairs, one-sided z &gt;= <see cref="ClearWinZ"/>: a few dozen held-out rows would otherwise pick it by luck half the time), with
    /// both accuracies on those rows.
    /// </summary>
    private static (bool Wins, double ChallengerScore, double IncumbentScore) ClearPairedWin(bool[] challenger, bool[] incumbent)
    {
        var onlyChallenger = challenger.Where((ok, i) => ok && !incumbent[i]).Count();
        var onlyIncumbent = incumbent.Where((ok, i) => ok && !challenger[i]).Count();
        var wins = onlyChallenger > onlyIncumbent && onlyChallenger - onlyIncumbent >= ClearWinZ * Math.Sqrt(onlyChallenger + onlyIncumbent);
        return (wins, (double)challenger.Count(ok => ok) / challenger.Length, (double)incumbent.Count(ok => ok) / incumbent.Length);
    }

    /// <summary>
    /// The gate's held-out rows, every fifth row of <paramref name="recent"/> counted by its row number in the stream (not by
    /// its place in the window) and not one the champion was fitted on, and the rows to fit on (all others). Counted by
    /// place, the held-out rows moved with the window whenever a batch's labeled rows were not a multiple of five; and a
    /// window with a short part fits every row before it, so a later window's gate could judge that champion on rows it
    /// learned. The gate's "unseen by both" held only for batches of 5k fully labeled rows and no short window.
    /// </summary>
    internal static (int[] Fit, int[] Gate) SplitForGate(int[] rows, int[] recent, IReadOnlySet<int>? championFit)
    {
        int[] gate = [.. recent.Where(i => i % 5 == 4 && championFit?.Contains(i) != true)];
        if (gate.Length == 0)
        {
            // Every held-out row is one the champion learned (a window wholly inside its own): judged on those rather than on
            // none, which would let the candidate through on its own validation score alone.
            gate = [.. recent.Where(i => i % 5 == 4)];
        }

        var gateSet = gate.ToHashSet();
        return ([.. rows.Where(i => !gateSet.Contains(i))], gate);
    }

    /// <summary>The stream's batch numbers from <paramref name="first"/> to <paramref name="last"/>, in order (a binary search, not a scan).</summary>
    private ArraySegment<long> BatchesIn(long first, long last)
    {
        var from = Array.BinarySearch(_batchKeys, first);
        from = from < 0 ? ~from : from;
        var to = Array.BinarySearch(_batchKeys, last);
        to = to < 0 ? ~to : to + 1;
        return new ArraySegment<long>(_batchKeys, from, Math.Max(0, to - from));
    }

    private RetrainCompleted Retrain(ActionRequest r, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var first = r.FirstBatch ?? 0;
        var last = r.LastBatch ?? -1;
        var excluded = r.ExcludedBatches.ToHashSet();
        var batches = BatchesIn(first, last).Where(k => _visible.Contains(k) && !excluded.Contains(k)).Select(k => KeyValuePair.Create(k, _batchRows[k])).ToArray();
        var rows = batches.SelectMany(kv => kv.Value).Where(StreamLabeled).ToArray();

        // Hold out every fifth row of the newest part (the short window when one is offered, else the whole
        // window): the gate compares candidate and champion on the same unseen rows.
        var shortFirst = r.ShortFirstBatch is { } sf && sf > first ? sf : (long?)null;
        var recent = shortFirst is { } s0 ? batches.Where(kv => kv.Key >= s0).SelectMany(kv => kv.Value).Where(StreamLabeled).ToArray() : rows;
        var (fit, gate) = SplitForGate(rows, recent, _fitRows.GetValueOrDefault(_champion));
        var gateSet = gate.ToHashSet();
        var weigh = RecencyWeigher(r, batches, first, last);
        if (_regression)
        {
            return RetrainRegression(r, time, first, last, fit, gate, shortFirst, recent, weigh, cancellationToken);
        }

        var candidate = TrainModel(fit, r.IncludeInitialTraining || fit.Length == 0, [], gate, cancellationToken, weigh);
        var windowNote = "";
        if (shortFirst is { } s1 && gate.Length > 0)
        {
            var shortFit = recent.Where(i => !gateSet.Contains(i)).ToArray();
            var alternative = shortFit.Length == 0 ? null : TrainModel(shortFit, r.IncludeInitialTraining, [], gate, cancellationToken, weigh);
            if (alternative is not null)
            {
                var (shortWins, shortScore, longScore) = ClearPairedWin(Correct(alternative, gate), candidate is null ? new bool[gate.Length] : Correct(candidate, gate));
                var keepShort = candidate is null || shortWins;
                windowNote = string.Create(CultureInfo.InvariantCulture,
                    $"window {(keepShort ? s1 : first)}..{last} kept ({(keepShort ? shortScore : longScore):0.000} on the held-out rows) over {(keepShort ? first : s1)}..{last} ({(keepShort ? longScore : shortScore):0.000}); ");
                if (keepShort)
                {
                    candidate = alternative;
                    first = s1;
                    fit = shortFit;
                }
            }
        }

        // After a concept change a short window made up with the initial training set is outvoted by the old concept
        // wherever the two disagree (hand-made streams of 200-row batches, bench/foreign: recoveries gated level with the
        // failing champion); the window alone is kept only on the same clear paired win as the short window.
        var includeTrain = r.IncludeInitialTraining;
        if (r.OfferWithoutInitialTraining && includeTrain && candidate is not null && gate.Length > 0 && fit.Length > 0)
        {
            var bare = TrainModel(fit, false, [], gate, cancellationToken, weigh);
            if (bare is not null)
            {
                var (keepBare, bareScore, withScore) = ClearPairedWin(Correct(bare, gate), Correct(candidate, gate));
                windowNote += string.Create(CultureInfo.InvariantCulture,
                    $"{(keepBare ? "without" : "with")} the initial training set kept ({(keepBare ? bareScore : withScore):0.000} on the held-out rows) over {(keepBare ? "with" : "without")} it ({(keepBare ? withScore : bareScore):0.000}); ");
                if (keepBare)
                {
                    candidate = bare;
                    includeTrain = false;
                }
            }
        }

        var before = _champion;
        if (candidate is null)
        {
            // Nothing was trained: no training_batches (the contract gives them for trained models only).
            _actions.Add(new ActionRecord(_batch, "retrain", r.Reason + $" (failed: the window {first}..{last} holds a single class)", before, before));
            return new RetrainCompleted(time, r.RequestId, before, false, double.NaN, double.NaN, "the training window holds a single class") { FirstBatch = first, LastBatch = last };
        }

        var candidateRight = gate.Length == 0 ? [] : Correct(candidate, gate);
        var championRight = gate.Length == 0 ? [] : Correct(_models[_champion], gate);
        var candidateScore = gate.Length == 0 ? candidate.ValidationAccuracy : (double)candidateRight.Count(ok => ok) / gate.Length;
        var championScore = gate.Length == 0 ? double.NaN : (double)championRight.Count(ok => ok) / gate.Length;
        // The platform's validation gate: better than chance on held-out rows, not worse than the champion on
        // the same recent rows. No "forgetting" check: after a concept change the old data's answers are wrong.
        var evidence = new GateEvidence
        {
            CandidateHoldout = Metric(candidateScore),
            CandidateRecent = Metric(candidateScore),
            ChampionRecent = double.IsNaN(championScore) ? null : Metric(championScore),
        };
        var verdict = ValidationGate.Evaluate(evidence, new GateOptions { Floor = 1.0 / Math.Max(2, _classes.Count), RecentTolerance = _options.GateTolerance });
        var passed = verdict.Accepted;
        var reason = windowNote + $"held-out accuracy {candidateScore.ToString("0.000", CultureInfo.InvariantCulture)} vs champion {championScore.ToString("0.000", CultureInfo.InvariantCulture)} on {gate.Length} rows: "
            + string.Join("; ", verdict.Reasons);
        _actions.Add(new ActionRecord(_batch, "retrain", r.Reason, before, candidate.Version) { TrainingBatches = [first, last] });
        NoteCandidateFit(candidate.Version, fit);
        return new RetrainCompleted(time, r.RequestId, candidate.Version, passed, candidateScore, championScore, reason)
        {
            FirstBatch = first,
            LastBatch = last,
            TrainingRows = fit.Length + (includeTrain ? _train.RowCount : 0),
            UnlabeledBatches = [.. BatchesIn(first, last).Where(k => !_visible.Contains(k))],
            CandidateOnlyRight = gate.Length == 0 ? -1 : candidateRight.Where((ok, i) => ok && !championRight[i]).Count(),
            ChampionOnlyRight = gate.Length == 0 ? -1 : championRight.Where((ok, i) => ok && !candidateRight[i]).Count(),
            Recalled = Recall(r, candidate, gate),
        };
    }

    /// <summary>
    /// The earlier versions the request asks to recall, each scored beside the candidate and the champion on the held-out
    /// rows of the batches since <see cref="ActionRequest.RecallFromBatch"/> (a regression model: those with a finite
    /// label). Versions this host no longer holds, the champion and the fallbacks are left out.
    /// </summary>
    private List<RecalledVersion> Recall(ActionRequest r, ServedModel candidate, int[] gate)
    {
        if (r.RecallVersions.Count == 0 || r.RecallFromBatch is not { } from)
        {
            return [];
        }

        var since = BatchesIn(from, long.MaxValue).SelectMany(k => _batchRows[k]).ToHashSet();
        int[] sinceChange = [.. gate.Where(i => since.Contains(i) && (!_regression || double.IsFinite(_streamTargets[i])))];
        var recalled = new List<RecalledVersion>();
        if (sinceChange.Length == 0)
        {
            return recalled;
        }

        // The candidate and the champion are scored once on the rows since the change; each recalled version on those of
        // them it did not learn from (a version fitted before a short window's gate may have learned some).
        var champion = _models[_champion];
        var (candidateErrors, championErrors) = _regression ? (AbsErrors(candidate, sinceChange), AbsErrors(champion, sinceChange)) : ([], []);
        var (candidateRight, championRight) = _regression ? ([], []) : (Correct(candidate, sinceChange), Correct(champion, sinceChange));
        foreach (var version in r.RecallVersions.Distinct(StringComparer.Ordinal))
        {
            if (version == _champion || !_models.TryGetValue(version, out var model))
            {
                continue;
            }

            var learned = _fitRows.GetValueOrDefault(version);
            int[] keep = [.. Enumerable.Range(0, sinceChange.Length).Where(k => learned?.Contains(sinceChange[k]) != true)];
            if (keep.Length == 0)
            {
                continue;
            }

            int[] rows = [.. keep.Select(k => sinceChange[k])];
            if (_regression)
            {
                var errors = AbsErrors(model, rows);
                double[] candidateOn = [.. keep.Select(k => candidateErrors[k])], championOn = [.. keep.Select(k => championErrors[k])];
                recalled.Add(new RecalledVersion(version, rows.Length, errors.Average(), candidateOn.Average(), championOn.Average(),
                    FiniteOr(PairedGain(candidateOn, errors)), FiniteOr(PairedGain(championOn, errors))));
                continue;
            }

            var right = Correct(model, rows);
            bool[] candidateOk = [.. keep.Select(k => candidateRight[k])], championOk = [.. keep.Select(k => championRight[k])];
            recalled.Add(new RecalledVersion(version, rows.Length, Share(right), Share(candidateOk), Share(championOk),
                Core.Statistics.McNemar.Z(OnlyFirst(right, candidateOk), OnlyFirst(candidateOk, right)), Core.Statistics.McNemar.Z(OnlyFirst(right, championOk), OnlyFirst(championOk, right))));
        }

        return recalled;

        static double Share(bool[] right) => (double)right.Count(ok => ok) / right.Length;
        static int OnlyFirst(bool[] first, bool[] second) => first.Where((ok, i) => ok && !second[i]).Count();
        static double FiniteOr(double z) => double.IsNaN(z) ? double.NegativeInfinity : z;
    }

    private static Dictionary<string, double> Metric(double accuracy) => new(StringComparer.Ordinal) { [MetricNames.Accuracy] = accuracy };

    private ActionApplied Switch(ActionRequest r, DateTimeOffset time)
    {
        var target = r.TargetVersion;
        if (target is null || !_models.ContainsKey(target))
        {
            return new ActionApplied(time, r.RequestId, r.Action, false, _champion, $"unknown version '{target}'");
        }

        var before = Served();
        _champion = target;
        var fitted = _candidateFit.FindIndex(c => c.Version == target);
        if (fitted >= 0)
        {
            _fitRows[target] = _candidateFit[fitted].Rows;
            _candidateFit.RemoveAt(fitted);
        }

        _mode = ServingMode.Champion;
        _trialCandidate = null;
        _actions.Add(new ActionRecord(_batch, Name(r.Action), r.Reason, before, target));
        return new ActionApplied(time, r.RequestId, r.Action, true, target, $"{before} -> {target}");
    }

    private ActionApplied Fallback(ActionRequest r, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var key = string.Join(",", r.ExcludedFeatures.Order(StringComparer.Ordinal));
        if (!_fallbacks.TryGetValue(key, out var fallback))
        {
            var keep = _features.Where(f => !r.ExcludedFeatures.Contains(f)).ToArray();
            if (keep.Length == 0)
            {
                return new ActionApplied(time, r.RequestId, AgentAction.Fallback, false, _champion, "every feature is faulty");
            }

            fallback = TrainFallback(keep, cancellationToken);
            _fallbacks[key] = fallback;
        }

        var before = Served();
        _trialCandidate = null;
        _mode = ServingMode.Fallback;
        _fallbackVersion = fallback.Version;
        _actions.Add(new ActionRecord(_batch, "fallback", r.Reason, before, fallback.Version));
        return new ActionApplied(time, r.RequestId, AgentAction.Fallback, true, fallback.Version, $"serving {fallback.Version} (without {key})");
    }

    private ActionApplied Disable(ActionRequest r, DateTimeOffset time)
    {
        var before = Served();
        _trialCandidate = null;
        _mode = ServingMode.Disabled;
        _actions.Add(new ActionRecord(_batch, "disable", r.Reason, before, "disabled"));
        return new ActionApplied(time, r.RequestId, AgentAction.Disable, true, "", "predictions disabled: abstaining");
    }

    /// <summary>Starts or ends a shadow or canary trial; it takes effect from the next batch.</summary>
    private ActionApplied Trial(ActionRequest r, DateTimeOffset time)
    {
        var kind = Name(r.Action);
        if (r.EndsTrial)
        {
            var wasCanary = _trialCandidate is not null && _trialKind == AgentAction.Canary;
            var before = wasCanary ? _trialCandidate! : Served();
            _trialCandidate = null;
            _actions.Add(new ActionRecord(_batch, kind, r.Reason, before, Served()));
            return new ActionApplied(time, r.RequestId, r.Action, true, Served(), $"{kind} of {r.TargetVersion} ended");
        }

        if (r.TargetVersion is not { } target || !_models.ContainsKey(target))
        {
            return new ActionApplied(time, r.RequestId, r.Action, false, Served(), $"unknown version '{r.TargetVersion}'");
        }

        if (_mode != ServingMode.Champion)
        {
            return new ActionApplied(time, r.RequestId, r.Action, false, Served(), $"serving in {_mode} mode: no trial");
        }

        _trialKind = r.Action;
        _trialCandidate = target;
        _trialShare = r.Action == AgentAction.Canary ? r.Share ?? 0 : 0;
        // A shadow never changes what is served; a canary serves its share of the rows.
        _actions.Add(new ActionRecord(_batch, kind, r.Reason, _champion, r.Action == AgentAction.Canary ? target : _champion));
        var share = r.Action == AgentAction.Canary ? $" on {_trialShare.ToString("0.##", CultureInfo.InvariantCulture)} of the rows" : " beside the champion";
        return new ActionApplied(time, r.RequestId, r.Action, true, _champion, $"{target} runs{share}");
    }

    private ActionApplied Restore(ActionRequest r, DateTimeOffset time)
    {
        var before = Served();
        _mode = ServingMode.Champion;
        _actions.Add(new ActionRecord(_batch, "restore", r.Reason, before, _champion));
        return new ActionApplied(time, r.RequestId, AgentAction.Restore, true, _champion, $"{before} -> {_champion}");
    }

    private ServedModel TrainInitial(CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, _train.RowCount).ToArray();
        var holdout = all.Where(i => i % 5 == 4 && TrainLabeled(i)).ToArray();
        var fit = all.Where(i => i % 5 != 4 && TrainLabeled(i)).ToArray();

        if (!all.Any(TrainLabeled))
        {
            throw new InputDataException($"train's label column '{_options.LabelColumn}' is missing in every row: nothing to learn");
        }

        var features = FrameOps.Select(_train, _features, fit);
        var model = (_regression
            ? FitRegression(features, [.. fit.Select(i => _trainTargets[i])], FrameOps.Select(_train, _features, holdout), [.. holdout.Select(i => _trainTargets[i])], _features, cancellationToken)
            : Fit(features, [.. fit.Select(i => _trainLabels[i])], FrameOps.Select(_train, _features, holdout), [.. holdout.Select(i => _trainLabels[i])], _features, cancellationToken))
            ?? throw new InputDataException(_regression ? "train has no rows with a finite label: nothing to learn" : "train holds a single class: nothing to learn");
        if (_regression && model.ValidationRows > 0 && model.NonFiniteValidation == model.ValidationRows)
        {
            // A label like 1e50 overflows the squared loss: the model answers NaN everywhere, and the replay would serve
            // nothing for the whole stream while every batch looked "healthy" (no answer, nothing to judge).
            var largest = fit.Select(i => Math.Abs(_trainTargets[i])).Where(double.IsFinite).DefaultIfEmpty(0).Max();
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture,
                $"train: the model trained on it predicts no finite value on its held-out rows (it overflowed: the largest |{_options.LabelColumn}| is {largest:G4}; are some labels or values absurdly large?)"));
        }

        _champion = model.Version;
        return model;
    }

    private ServedModel TrainFallback(string[] keep, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, _train.RowCount).ToArray();
        var holdout = all.Where(i => i % 5 == 4 && TrainLabeled(i)).ToArray();
        var fit = all.Where(i => i % 5 != 4 && TrainLabeled(i)).ToArray();
        // The fallback is watched against every feature: the agent must see when the broken input is fixed.
        if (_regression)
        {
            return FitRegression(FrameOps.Select(_train, keep, fit), [.. fit.Select(i => _trainTargets[i])], FrameOps.Select(_train, keep, holdout), [.. holdout.Select(i => _trainTargets[i])], keep, cancellationToken, "fallback", FrameOps.Select(_train, _features, fit))
                ?? throw new InputDataException("train has no rows with a finite label: nothing to learn");
        }

        return Fit(FrameOps.Select(_train, keep, fit), [.. fit.Select(i => _trainLabels[i])], FrameOps.Select(_train, keep, holdout), [.. holdout.Select(i => _trainLabels[i])], keep, cancellationToken, "fallback", FrameOps.Select(_train, _features, fit))
            ?? throw new InputDataException("train holds a single class: nothing to learn");
    }

    /// <summary>
    /// Labels the agent left out as a fault of the label feed are still the stream's labels, which the summary scores: a
    /// person reading "MAE 51" must learn why (one label of 1e6). Not for batches a scenario's fault the replay knows of
    /// hit: those are scored on the truth.
    /// </summary>
    private void LabelFaultWarning(List<AgentDecision> decisions)
    {
        var batches = decisions.SelectMany(d => d.FollowUps.Prepend(d)).SelectMany(d => d.Findings)
            .Where(f => f.Subject == Core.Quality.TargetQuality.Subject && f.Evidence.ContainsKey(ModelAgent.LabelBatchEvidence))
            .Select(f => (long)f.Evidence[ModelAgent.LabelBatchEvidence])
            .Where(b => _options.LabelFactorByBatch?.ContainsKey(b) != true && !ScoredOnTruth(b))
            .Distinct().Order().ToList();
        if (batches.Count > 0)
        {
            var first = string.Join(", ", batches.Take(10).Select(b => b.ToString(CultureInfo.InvariantCulture))) + (batches.Count > 10 ? $" and {batches.Count - 10} more" : "");
            _warnings.Add($"the labels of {(batches.Count == 1 ? "batch" : "batches")} {first} failed the label check (see decisions.jsonl): the agent used none of them, "
                + $"but the run's {(_regression ? "MAE" : "accuracy")} scores every prediction against the stream's labels as written");
        }

        bool ScoredOnTruth(long batch) =>
            _options.TrueClassByRow is { Count: > 0 } stuck && _batchRows.TryGetValue(batch, out var rows) && rows.Any(stuck.ContainsKey);
    }

    /// <summary>
    /// The weight of a stream row (−1: a row of the initial training set) under the request's recency half-life:
    /// 2^−(last − batch) / half-life, the initial training set at the oldest batch's weight; null when the request
    /// asks for none (every row counts the same).
    /// </summary>
    internal static Func<int, double>? RecencyWeigher(ActionRequest r, KeyValuePair<long, int[]>[] batches, long first, long last)
    {
        if (r.RecencyHalfLife is not { } h || !(h > 0) || !double.IsFinite(h))
        {
            return null;
        }

        var batchOf = new Dictionary<int, long>();
        foreach (var (batch, rows) in batches)
        {
            foreach (var row in rows)
            {
                batchOf[row] = batch;
            }
        }

        return row => Math.Pow(2, -(last - (row >= 0 && batchOf.TryGetValue(row, out var b) ? b : first)) / h);
    }

    /// <summary>Weights for the training rows, scaled to average 1 (a learner's regularisation sees the same scale); null when unweighted.</summary>
    internal static double[]? Weights(Func<int, double>? weigh, int trainRows, int[] fit)
    {
        if (weigh is null)
        {
            return null;
        }

        double[] w = [.. Enumerable.Repeat(weigh(-1), trainRows), .. fit.Select(weigh)];
        var mean = w.Length == 0 ? 1 : w.Average();
        return mean > 0 ? [.. w.Select(x => x / mean)] : null;
    }

    /// <summary>Trains on stream rows <paramref name="fit"/> (plus TRAIN when asked); <paramref name="heldOut"/> calibrates it.</summary>
    private ServedModel? TrainModel(int[] fit, bool includeTrain, string[] exclude, int[] heldOut, CancellationToken cancellationToken, Func<int, double>? weigh = null)
    {
        var keep = _features.Where(f => !exclude.Contains(f)).ToArray();
        var features = FrameOps.Select(_stream, keep, fit);
        int[] labels = [.. fit.Select(i => _streamLabels[i])];
        var trainCount = 0;
        if (includeTrain)
        {
            var trainRows = Enumerable.Range(0, _train.RowCount).Where(TrainLabeled).ToArray();
            features = FrameOps.Stack(FrameOps.Select(_train, keep, trainRows), features);
            labels = [.. trainRows.Select(i => _trainLabels[i]), .. labels];
            trainCount = trainRows.Length;
        }

        return Fit(features, labels, FrameOps.Select(_stream, keep, heldOut), [.. heldOut.Select(i => _streamLabels[i])], keep, cancellationToken, weights: Weights(weigh, trainCount, fit));
    }

    private ServedModel? Fit(DataFrame features, int[] globalLabels, DataFrame heldOut, int[] heldOutLabels, string[] featureNames, CancellationToken cancellationToken, string prefix = "v", DataFrame? referenceFeatures = null, double[]? weights = null)
    {
        var present = globalLabels.Distinct().Order().ToArray();
        if (present.Length < 2)
        {
            return null;
        }

        var localOf = present.Select((g, l) => (g, l)).ToDictionary(x => x.g, x => x.l);
        var targets = globalLabels.Select(g => (double)localOf[g]).ToArray();
        var task = present.Length == 2 ? TaskKind.BinaryClassification : TaskKind.MulticlassClassification;
        var data = new TrainingData(features, targets, task, [.. present.Select(g => _classes[g])]) { Weights = weights };
        var predictor = _learner.Fit(data, null, new Dictionary<string, string>(), _options.Seed + _versionCounter, cancellationToken);

        // Held-out outputs in the model's own classes calibrate its confidence; its accuracy is the validation score.
        var width = predictor.OutputWidth;
        var outputs = new double[heldOut.RowCount * width];
        if (heldOut.RowCount > 0)
        {
            predictor.Predict(heldOut, outputs);
        }

        var local = heldOutLabels.Select(g => localOf.TryGetValue(g, out var l) ? l : -1).ToArray();
        var correct = 0;
        for (var i = 0; i < local.Length; i++)
        {
            correct += ArgMax(outputs.AsSpan(i * width, width)) == local[i] ? 1 : 0;
        }

        var reference = ModelReference.Build(referenceFeatures ?? FrameOps.Select(features, featureNames, Enumerable.Range(0, features.RowCount).ToArray()), outputs, local, width);
        // The agent sees classes by the stream's index, not the model's own: its held-out calls are kept so too.
        var called = Enumerable.Range(0, local.Length).Select(i => present[ArgMax(outputs.AsSpan(i * width, width))]).ToArray();
        reference = reference with { Labels = Core.Quality.ClassLabelBaseline.Build(heldOutLabels, called, _classes.Count) with { Names = _classes } };
        _versionCounter++;
        var version = prefix == "v" ? $"v{_versionCounter.ToString(CultureInfo.InvariantCulture)}" : $"{prefix}-{_versionCounter.ToString(CultureInfo.InvariantCulture)}";
        var model = new ServedModel(version, predictor, present, new EngineBatchMonitor(reference), local.Length == 0 ? double.NaN : (double)correct / local.Length) { ValidationRows = local.Length };
        _models[version] = model;
        return model;
    }

    private double Accuracy(ServedModel model, int[] rows) =>
        rows.Length == 0 ? double.NaN : (double)Correct(model, rows).Count(ok => ok) / rows.Length;

    private bool[] Correct(ServedModel model, int[] rows)
    {
        var width = _classes.Count;
        var outputs = new double[rows.Length * width];
        Predict(model, FrameOps.Select(_stream, _features, rows), outputs, width);
        var correct = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            correct[i] = ArgMax(outputs.AsSpan(i * width, width)) == _streamLabels[rows[i]];
        }

        return correct;
    }

    /// <summary>Predicts into the replay's class space: the model's class k goes to column LocalToGlobal[k].</summary>
    private static void Predict(ServedModel model, DataFrame frame, double[] outputs, int width)
    {
        if (model.LocalToGlobal.Length == 0)
        {
            model.Predictor.Predict(frame, outputs); // a regression model: one number per row
            return;
        }

        var local = model.Predictor.OutputWidth;
        var raw = new double[frame.RowCount * local];
        model.Predictor.Predict(frame, raw);
        Array.Clear(outputs);
        for (var i = 0; i < frame.RowCount; i++)
        {
            for (var k = 0; k < local; k++)
            {
                var g = model.LocalToGlobal[k];
                if (g < width)
                {
                    outputs[(i * width) + g] = raw[(i * local) + k];
                }
            }
        }
    }

    /// <summary>Whether stream row <paramref name="i"/> carries a label (a class, or a finite regression target).</summary>
    private bool StreamLabeled(int i) => _regression ? double.IsFinite(_streamTargets[i]) : _streamLabels[i] >= 0;

    /// <summary>Whether train row <paramref name="i"/> carries a label.</summary>
    private bool TrainLabeled(int i) => _regression ? double.IsFinite(_trainTargets[i]) : _trainLabels[i] >= 0;

    private static string Preview(IEnumerable<string> classes)
    {
        var list = classes.Order(StringComparer.Ordinal).ToList();
        return string.Join(", ", list.Take(5).Select(c => $"'{Shorten(c)}'")) + (list.Count > 5 ? $", … {list.Count} in all" : string.Empty);
    }

    /// <summary>The respelled labels of <paramref name="rows"/>, one group per spelling in order of first appearance.</summary>
    private List<RespelledLabels> Respelled(List<int> rows) =>
        [.. rows.GroupBy(r => _respelledRows[r])
            .Select(g => new RespelledLabels(_spellings[g.Key].Text, _classes[_spellings[g.Key].Class], [.. g.Select(r => r.ToString(CultureInfo.InvariantCulture))]))];

    /// <summary>
    /// The stream's class indices (<see cref="Labels"/>), except a label that is no class yet but one of train's
    /// <paramref name="trainClasses"/> classes after trimming and case-folding (culture-invariant): "benign" or
    /// "BENIGN " where train writes BENIGN. That is the label feed writing a known class another way, not a new class
    /// (a new attack type keeps its own name): its row gets no class (−1) and goes to <see cref="_respelledRows"/>.
    /// </summary>
    private int[] StreamLabels(Column column, int trainClasses, Func<int, string> where)
    {
        var folded = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < trainClasses; k++)
        {
            folded.TryAdd(_classes[k].Trim(), k);
        }

        var spellingIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        return Labels(column, where, (i, text) =>
        {
            if (_classIndex.ContainsKey(text) || !folded.TryGetValue(text.Trim(), out var known))
            {
                return false;
            }

            if (!spellingIndex.TryGetValue(text, out var spelling))
            {
                spelling = _spellings.Count;
                spellingIndex.Add(text, spelling);
                _spellings.Add((text, known));
            }

            _respelledRows[i] = spelling;
            return true;
        });
    }

    /// <summary>Class indices of a label column; −1 where the label is missing (empty or NaN) or <paramref name="respelled"/> takes it.</summary>
    private int[] Labels(Column column, Func<int, string> where, Func<int, string, bool>? respelled = null)
    {
        var labels = new int[column.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var text = column.GetString(i);
            if (text is null)
            {
                labels[i] = -1;
                continue;
            }

            // An infinite label became a class of its own ("∞"), scored as a wrong answer and learned from by every retrain.
            DatasetBuilder.RequireClass(column, i, where(i));

            if (respelled is not null && respelled(i, text))
            {
                labels[i] = -1;
                continue;
            }

            if (!_classIndex.TryGetValue(text, out var k))
            {
                k = _classes.Count;
                _classIndex.Add(text, k);
                _classes.Add(text);
            }

            labels[i] = k;
        }

        return labels;
    }

    private static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// Where stream row <paramref name="row"/> (0-based) is: the file and its line when known, and the row
    /// number predictions.csv gives it.
    /// </summary>
    private static string StreamRow(ReplayOptions options, DataFrame stream, int row)
    {
        var file = options.StreamFile is null ? "stream" : $"stream {options.StreamFile}";
        var where = stream.SourceLines.Count > row ? $"line {stream.SourceLines[row].ToString(CultureInfo.InvariantCulture)}, " : string.Empty;
        return $"{file} {where}row {row.ToString(CultureInfo.InvariantCulture)} in predictions.csv";
    }

    /// <summary>Where a train row is: the file and its line (header = line 1) when read from a file, else its 1-based row.</summary>
    private static string TrainRow(ReplayOptions options, DataFrame train, int row)
    {
        var file = options.TrainFile is null ? "train" : $"train {options.TrainFile}";
        return train.SourceLines.Count > row
            ? $"{file} line {train.SourceLines[row].ToString(CultureInfo.InvariantCulture)}"
            : $"{file} row {(row + 1).ToString(CultureInfo.InvariantCulture)}";
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static string Name(AgentAction a) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString());
}
