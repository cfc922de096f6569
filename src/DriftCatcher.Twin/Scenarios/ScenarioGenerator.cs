using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Generators;

namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// Turns a scenario into training rows, a batched stream and its ground truth. Pure and
/// deterministic: separate <see cref="Random"/>s seeded from the scenario seed draw the model, the
/// training rows, the stream rows, the gradual-drift choices and the serving signals, so adding a
/// fault or a signal never changes the features of other rows.
/// </summary>
public static class ScenarioGenerator
{
    public static GeneratedScenario Generate(TwinScenario scenario)
    {
        ScenarioValidator.Validate(scenario, out var generator, out var resolvedGenerator);
        var seed = scenario.Seed!.Value;
        var resolved = scenario with
        {
            Generator = resolvedGenerator,
            Drifts = scenario.Drifts ?? [],
            Faults = scenario.Faults ?? [],
        };

        var train = GenerateTrain(resolved, generator, new Random(seed + 1));
        var stream = new StreamBuilder(resolved, generator, seed, train[generator.Label.Name].Distinct().ToHashSet());
        stream.Generate();
        var truth = stream.Truth();
        return new GeneratedScenario(generator, train, stream.Table(), truth);
    }

    private static TwinTable GenerateTrain(TwinScenario s, TwinGenerator g, Random rng)
    {
        var f = g.Features.Count;
        var values = new double[f + 1][];
        for (var c = 0; c <= f; c++)
        {
            values[c] = new double[s.TrainRows];
        }

        var row = new double[f];
        var state = ConceptState.Of(s.TrainConcept);
        for (var r = 0; r < s.TrainRows; r++)
        {
            values[f][r] = g.Next(rng, state, row);
            for (var c = 0; c < f; c++)
            {
                values[c][r] = row[c];
            }
        }

        return new TwinTable([.. g.Features, g.Label], values);
    }

    private sealed class StreamBuilder
    {
        private readonly TwinScenario _s;
        private readonly TwinGenerator _g;
        private readonly Random _rows;
        private readonly Random _schedule;
        private readonly Random _serving;
        private readonly int _n;
        private readonly double[][] _features;
        private readonly double[] _label;
        private readonly double[] _latency;
        private readonly double[] _failureDraw;
        private readonly double[] _failed;
        private readonly bool[] _arrived;
        private readonly double[] _arrivalDelay;
        private readonly int[] _labelDelay;
        private readonly List<string>[] _faults;
        private readonly BatchTruth[] _truth;

        private readonly HashSet<double> _trainLabels;

        /// <summary>Rows (of all batches) whose written label a label_stuck fault overwrote, with the class they are.</summary>
        private readonly Dictionary<int, string> _trueLabels = [];

        /// <summary>The stream's label column: the generator's, with the spellings of label_respelled faults as more levels.</summary>
        private TwinColumn _labelColumn;

        public StreamBuilder(TwinScenario s, TwinGenerator g, int seed, HashSet<double> trainLabels)
        {
            _trainLabels = trainLabels;
            _labelColumn = g.Label;
            _s = s;
            _g = g;
            _rows = new Random(seed + 2);
            _schedule = new Random(seed + 3);
            _serving = new Random(seed + 4);
            _n = s.Batches * s.BatchSize;
            _features = [.. g.Features.Select(_ => new double[_n])];
            _label = new double[_n];
            _latency = new double[_n];
            _failureDraw = new double[_n];
            _failed = new double[_n];
            _arrived = [.. Enumerable.Repeat(true, s.Batches)];
            _arrivalDelay = new double[s.Batches];
            _labelDelay = [.. Enumerable.Repeat(s.LabelDelay, s.Batches)];
            _faults = [.. Enumerable.Range(0, s.Batches).Select(_ => new List<string>())];
            _truth = new BatchTruth[s.Batches];
        }

        public void Generate()
        {
            var conceptLine = new DriftTimeline(_s.Drifts.Where(e => e.Column is null), _s.TrainConcept, isShift: false);
            var shifts = _s.Drifts.Where(e => e.Column is not null)
                .GroupBy(e => e.Column!.Trim(), StringComparer.Ordinal)
                .Select(grp => (Column: grp.Key, Index: IndexOfFeature(grp.Key), Line: new DriftTimeline(grp, 0, isShift: true)))
                .OrderBy(x => x.Index)
                .ToList();

            var moved = new bool[_g.ConceptCount];
            var row = new double[_g.Features.Count];
            var bs = _s.BatchSize;
            for (var b = 0; b < _s.Batches; b++)
            {
                var plan = conceptLine.PlanAt(b);
                var counts = new int[_g.ConceptCount];
                var labelCounts = new SortedDictionary<double, int>();
                double blendSum = 0;
                for (var i = 0; i < bs; i++)
                {
                    var r = (b * bs) + i;
                    ConceptState state;
                    switch (plan.Mode)
                    {
                        case PlanMode.Mix:
                            state = ConceptState.Of(_schedule.NextDouble() < plan.Progress(i, bs) ? plan.To : plan.From);
                            break;
                        case PlanMode.Blend when plan.From != plan.To:
                            state = new ConceptState(plan.From, plan.To, plan.Progress(i, bs));
                            blendSum += state.Progress;
                            break;
                        default:
                            state = ConceptState.Of(plan.From);
                            break;
                    }

                    counts[state.From]++;
                    _label[r] = _g.Next(_rows, state, row);
                    if (!_g.NumericLabel)
                    {
                        labelCounts[_label[r]] = labelCounts.GetValueOrDefault(_label[r]) + 1;
                    }
                    for (var c = 0; c < row.Length; c++)
                    {
                        _features[c][r] = row[c];
                    }

                    if (plan.Magnitude > 0)
                    {
                        _g.Move(_rows, plan.From, plan.Magnitude);
                    }
                }

                if (plan.Magnitude > 0)
                {
                    moved[plan.From] = true;
                }

                var shiftLevels = new Dictionary<string, double>(StringComparer.Ordinal);
                var relevantShift = false;
                foreach (var (column, index, line) in shifts)
                {
                    var level = ApplyShift(line, b, _features[index]);
                    if (level > 0)
                    {
                        shiftLevels[column] = Math.Round(level, 6);
                        relevantShift |= _g.LabelDependsOn(column, _s.TrainConcept);
                    }
                }

                var blending = plan.Mode == PlanMode.Blend && plan.From != plan.To;
                var otherConcept = counts.Where((count, c) => count > 0 && c != _s.TrainConcept).Any();
                var movedInUse = counts.Where((count, c) => count > 0 && moved[c]).Any();
                var unseen = labelCounts.Keys.Where(v => !_trainLabels.Contains(v)).Select(LabelText).ToList();
                var relabel = _g.ConceptsRelabel;
                _truth[b] = new BatchTruth
                {
                    Batch = b,
                    Rows = bs,
                    Arrived = true,
                    ConceptMix = counts.Select((count, c) => (count, c)).Where(x => x.count > 0)
                        .ToDictionary(x => x.c.ToString(System.Globalization.CultureInfo.InvariantCulture), x => (double)x.count / bs),
                    Blend = blending ? new BlendTruth(plan.From, plan.To, Math.Round(blendSum / bs, 6)) : null,
                    Moving = plan.Magnitude > 0,
                    Shifts = shiftLevels,
                    RealDrift = (relabel && (otherConcept || blending)) || movedInUse || relevantShift || unseen.Count > 0,
                    PriorShift = !relabel && (otherConcept || blending),
                    LabelMix = labelCounts.ToDictionary(x => LabelText(x.Key), x => Math.Round((double)x.Value / bs, 6), StringComparer.Ordinal),
                    UnseenLabels = unseen,
                    CovariateShift = shiftLevels.Count > 0,
                    Faults = [],
                    LabelDelay = _s.LabelDelay,
                    ArrivalDelayS = 0,
                };
            }

            DrawSignals();
            foreach (var fault in _s.Faults)
            {
                ApplyFault(fault);
            }

            var gap = 0;
            for (var b = 0; b < _s.Batches; b++)
            {
                if (!_arrived[b])
                {
                    gap++;
                    continue;
                }

                _arrivalDelay[b] = gap * _s.Serving.BatchIntervalS;
                gap = 0;
            }
        }

        public TwinTable Table()
        {
            var keep = new List<int>(_n);
            for (var r = 0; r < _n; r++)
            {
                if (_arrived[r / _s.BatchSize])
                {
                    keep.Add(r);
                }
            }

            double[] Take(Func<int, double> at)
            {
                var v = new double[keep.Count];
                for (var i = 0; i < v.Length; i++)
                {
                    v[i] = at(keep[i]);
                }

                return v;
            }

            var columns = new List<TwinColumn> { new(TwinColumns.Batch) };
            var values = new List<double[]> { Take(r => r / _s.BatchSize) };
            for (var c = 0; c < _features.Length; c++)
            {
                var src = _features[c];
                columns.Add(_g.Features[c]);
                values.Add(Take(r => src[r]));
            }

            columns.Add(_labelColumn);
            values.Add(Take(r => _label[r]));
            columns.Add(new TwinColumn(TwinColumns.LatencyMs));
            values.Add(Take(r => _latency[r]));
            columns.Add(new TwinColumn(TwinColumns.Failed));
            values.Add(Take(r => _failed[r]));
            columns.Add(new TwinColumn(TwinColumns.ArrivalDelayS));
            values.Add(Take(r => _arrivalDelay[r / _s.BatchSize]));
            return new TwinTable(columns, values);
        }

        /// <summary>The rows of <see cref="Table"/> whose written label a label_stuck, label_swapped or label_respelled fault overwrote, with the class they are.</summary>
        public IReadOnlyDictionary<int, string> TrueLabels()
        {
            var byRow = new Dictionary<int, string>();
            var kept = 0;
            for (var r = 0; r < _n; r++)
            {
                if (!_arrived[r / _s.BatchSize])
                {
                    continue;
                }

                if (_trueLabels.TryGetValue(r, out var truth))
                {
                    byRow[kept] = truth;
                }

                kept++;
            }

            return byRow;
        }

        public ScenarioTruth Truth()
        {
            var batches = _truth.Select((t, b) => t with
            {
                Rows = _arrived[b] ? t.Rows : 0,
                Arrived = _arrived[b],
                Faults = _faults[b],
                LabelDelay = _labelDelay[b],
                ArrivalDelayS = _arrivalDelay[b],
            }).ToList();
            return new ScenarioTruth
            {
                Name = _s.Name ?? "unnamed",
                LabelColumn = _g.Label.TrimmedName,
                BatchColumn = TwinColumns.Batch,
                FeatureColumns = [.. _g.Features.Select(c => c.TrimmedName)],
                CategoricalColumns = [.. _g.Features.Where(c => c.IsCategorical).Select(c => c.TrimmedName)],
                SignalColumns = TwinColumns.Signals,
                TrainRows = _s.TrainRows,
                StreamRows = batches.Sum(t => t.Rows),
                FirstRealDriftBatch = batches.FirstOrDefault(t => t.RealDrift)?.Batch,
                FirstFaultBatch = batches.FirstOrDefault(t => t.Faults.Count > 0)?.Batch,
                Scenario = _s,
                Truth = batches,
                TrueLabels = TrueLabels(),
            };
        }

        /// <summary>The label value of a class as a scenario names it: a class name's index, or a class number.</summary>
        private double ClassValue(string name) => _g.Label.Levels is { } levels ? levels.ToList().IndexOf(name)
            : double.Parse(name, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

        private string LabelText(double value) =>
            _g.Label.Levels is { } levels ? levels[(int)value] : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        private int IndexOfFeature(string trimmed)
        {
            for (var i = 0; i < _g.Features.Count; i++)
            {
                if (string.Equals(_g.Features[i].TrimmedName, trimmed, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"validated shift column '{trimmed}' not found");
        }

        /// <summary>Shifts one batch of a column; returns the batch's mean shift level.</summary>
        private double ApplyShift(DriftTimeline line, int batch, double[] column)
        {
            var plan = line.PlanAt(batch);
            if (plan.Mode == PlanMode.Fixed && plan.From == 0)
            {
                return 0;
            }

            var e = line.Events.Last(x => x.Start <= batch);
            var offset = e.Offset ?? 0;
            var scale = e.Scale ?? 1;
            var bs = _s.BatchSize;
            double sum = 0;
            for (var i = 0; i < bs; i++)
            {
                var level = plan.Mode switch
                {
                    PlanMode.Mix => _schedule.NextDouble() < plan.Progress(i, bs) ? 1 : 0,
                    PlanMode.Blend => plan.Progress(i, bs),
                    _ => plan.From,
                };
                var r = (batch * bs) + i;
                column[r] = Math.Round((column[r] * (1 + ((scale - 1) * level))) + (offset * level), 6);
                sum += level;
            }

            return sum / bs;
        }

        private void DrawSignals()
        {
            var serving = _s.Serving;
            for (var r = 0; r < _n; r++)
            {
                _latency[r] = Math.Round(Sampling.LogNormal(_serving, serving.LatencyMs, serving.LatencySigma), 3);
                _failureDraw[r] = _serving.NextDouble();
                _failed[r] = _failureDraw[r] < serving.FailureRate ? 1 : 0;
            }
        }

        private void ApplyFault(FaultSpec f)
        {
            var last = f.End ?? (_s.Batches - 1);
            var bs = _s.BatchSize;
            var from = f.Start * bs;
            var to = (last + 1) * bs;
            var tag = f.Column is null ? f.Kind! : $"{f.Kind}:{f.Column.Trim()}";
            for (var b = f.Start; b <= last; b++)
            {
                _faults[b].Add(tag);
            }

            switch (f.Kind)
            {
                case FaultKinds.UnitChange:
                {
                    var column = _features[IndexOfFeature(f.Column!.Trim())];
                    for (var r = from; r < to; r++)
                    {
                        column[r] *= f.Factor!.Value;
                    }

                    break;
                }

                case FaultKinds.LabelUnitChange:
                    // Only the written label changes: the truth (ScenarioTruth.FaultLabelFactors) undoes it for scoring.
                    for (var r = from; r < to; r++)
                    {
                        _label[r] *= f.Factor!.Value;
                    }

                    break;
                case FaultKinds.LabelStuck:
                {
                    // Only the written label changes: the truth (TrueLabels) keeps the class each row is.
                    var stuck = ClassValue(f.Class!);
                    if (!_trainLabels.Contains(stuck))
                    {
                        throw new InputDataException($"faults: label_stuck class '{f.Class}' is not a class of the training labels ({string.Join(", ", _trainLabels.Order().Select(LabelText))})");
                    }

                    for (var r = from; r < to; r++)
                    {
                        if (_label[r] != stuck && !double.IsNaN(_label[r]))
                        {
                            _trueLabels.TryAdd(r, LabelText(_label[r])); // a label fault before this one wrote it already
                            _label[r] = stuck;
                        }
                    }

                    break;
                }

                case FaultKinds.LabelSwapped:
                {
                    // Only the written label changes: the truth (TrueLabels) keeps the class each row is.
                    var classes = f.Classes!.Select(ClassValue).ToList();
                    foreach (var (c, i) in classes.Select((c, i) => (c, i)).Where(x => !_trainLabels.Contains(x.c)))
                    {
                        throw new InputDataException($"faults: label_swapped class '{f.Classes![i]}' is not a class of the training labels ({string.Join(", ", _trainLabels.Order().Select(LabelText))})");
                    }

                    for (var r = from; r < to; r++)
                    {
                        var at = classes.IndexOf(_label[r]);
                        if (at >= 0)
                        {
                            _trueLabels.TryAdd(r, LabelText(_label[r]));
                            _label[r] = classes[(at + 1) % classes.Count];
                        }
                    }

                    break;
                }

                case FaultKinds.MissingColumn:
                    Array.Fill(_features[IndexOfFeature(f.Column!.Trim())], double.NaN, from, to - from);
                    break;
                case FaultKinds.StuckValue:
                {
                    var column = _features[IndexOfFeature(f.Column!.Trim())];
                    Array.Fill(column, f.Value ?? column[from], from, to - from);
                    break;
                }

                case FaultKinds.LabelDelay:
                    Array.Fill(_labelDelay, f.Delay!.Value, f.Start, last - f.Start + 1);
                    break;
                case FaultKinds.LatencySpike:
                    for (var r = from; r < to; r++)
                    {
                        _latency[r] = Math.Round(_latency[r] * (f.Factor ?? 10), 3);
                    }

                    break;
                case FaultKinds.LatencyCreep:
                    // Geometric steps: batch start is slower by factor^(1/n), the last batch by the whole factor.
                    for (var r = from; r < to; r++)
                    {
                        var step = (r / bs) - f.Start + 1;
                        _latency[r] = Math.Round(_latency[r] * Math.Pow(f.Factor ?? 10, (double)step / (last - f.Start + 1)), 3);
                    }

                    break;
                case FaultKinds.FailureBurst:
                    for (var r = from; r < to; r++)
                    {
                        _failed[r] = _failureDraw[r] < (f.Rate ?? 0.5) ? 1 : 0;
                    }

                    break;
                case FaultKinds.ArrivalGap:
                    Array.Fill(_arrived, false, f.Start, last - f.Start + 1);
                    break;
                case FaultKinds.LabelRespelled:
                {
                    // Only the written label changes: the truth (label_mix, and TrueLabels for the summary and report: a
                    // spelling that is a new name, a renamed class, would otherwise be scored as written) keeps the class.
                    var levels = _labelColumn.Levels!;
                    var known = levels.ToList().IndexOf(f.Class!);
                    var spelt = levels.ToList().IndexOf(f.Spelling!);
                    if (spelt < 0)
                    {
                        spelt = levels.Count;
                        _labelColumn = _labelColumn with { Levels = [.. levels, f.Spelling!] };
                    }

                    for (var r = from; r < to; r++)
                    {
                        if (_label[r] == known)
                        {
                            _trueLabels.TryAdd(r, f.Class!);
                            _label[r] = spelt;
                        }
                    }

                    break;
                }

                default:
                    throw new InvalidOperationException($"validated fault kind '{f.Kind}' has no effect defined");
            }
        }
    }
}
