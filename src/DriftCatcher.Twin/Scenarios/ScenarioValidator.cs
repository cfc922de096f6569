using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Generators;
using DriftCatcher.Twin.Replay;

namespace DriftCatcher.Twin.Scenarios;

/// <summary>Checks a scenario before anything is generated; the first problem is thrown as an <see cref="InputDataException"/> naming the field.</summary>
public static class ScenarioValidator
{
    public const int MaxStreamRows = 20_000_000;

    /// <summary>
    /// Cells (rows × columns, train and stream together) a scenario may generate: everything is built in memory, 8 bytes a
    /// cell and several copies (columns, table, the replay's frames), so the check comes before any allocation.
    /// </summary>
    public const long MaxCells = 40_000_000;

    /// <summary>Bounds of a unit change's factor and a shift's scale and offset, in size: within them no value overflows.</summary>
    private const double MaxFactor = 1e12;

    private const double MinFactor = 1e-12;

    /// <summary>The stream's columns besides the features and the label: batch, latency_ms, failed, arrival_delay_s.</summary>
    private const int StreamExtraColumns = 4;

    /// <summary>
    /// The largest |z| <see cref="Sampling.Gaussian"/> can return (Box–Muller with u1 ≥ 2⁻⁵³: √(2·53·ln 2) ≈ 8.57), so
    /// the largest latency a scenario can draw is latency_ms·e^(8.58·latency_sigma) times its latency spike.
    /// </summary>
    private const double MaxGaussian = 8.58;

    /// <summary>Largest seed: generators seed a few streams of their own at seed + k (k below 64).</summary>
    private const int MaxSeed = int.MaxValue - 64;

    private const int MaxTrainRows = 10_000_000;

    private const int MaxBatches = Replay.ReplayDriver.MaxBatches;

    private const int MaxBatchSize = 10_000_000;

    /// <summary>
    /// The allowed values of a top-level integer field ("an integer from 0 to 2147483583"), for a value the JSON reader
    /// refused before the checks below could name the range (3000000000 or 1.5 as the seed); null for other fields.
    /// </summary>
    public static string? IntegerRange(string field) => field switch
    {
        "seed" => $"an integer from 0 to {MaxSeed}",
        "train_rows" => $"an integer from 1 to {MaxTrainRows}",
        "batches" => $"an integer from 1 to {MaxBatches}",
        "batch_size" => $"an integer from 1 to {MaxBatchSize}",
        "label_delay" => "an integer from 0 to batches − 1",
        _ => null,
    };

    public static void Validate(TwinScenario scenario) => Validate(scenario, out _, out _);

    /// <summary>Validates and returns the generator built from the spec, with its defaults filled in.</summary>
    public static void Validate(TwinScenario scenario, out TwinGenerator generator, out GeneratorSpec resolved)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Seed is not { } seed)
        {
            throw new InputDataException("seed: required (an integer ≥ 0)");
        }

        Check("name", scenario.Name is null || (!scenario.Name.Any(char.IsControl) && scenario.Name.Length <= 200),
            "must be one line of at most 200 characters without control characters (it heads the summary line and the report)");
        Check("seed", seed is >= 0 and <= MaxSeed, $"must be between 0 and {MaxSeed}, not {seed}");
        generator = TwinGeneratorFactory.Create(scenario.Generator, seed, out resolved);
        Check("train_rows", scenario.TrainRows is >= 1 and <= MaxTrainRows, $"must be between 1 and {MaxTrainRows}, not {scenario.TrainRows}");
        Check("batches", scenario.Batches is >= 1 and <= MaxBatches, $"must be between 1 and {MaxBatches}, not {scenario.Batches}");
        Check("batch_size", scenario.BatchSize is >= 1 and <= MaxBatchSize, $"must be between 1 and {MaxBatchSize}, not {scenario.BatchSize}");
        Check("batch_size", (long)scenario.Batches * scenario.BatchSize <= MaxStreamRows, $"batches × batch_size must be at most {MaxStreamRows}");
        CheckCells(scenario, generator);
        Check("train_concept", scenario.TrainConcept >= 0 && scenario.TrainConcept < generator.ConceptCount, ConceptRange(generator, scenario.TrainConcept));
        Check("label_delay", scenario.LabelDelay >= 0, $"must be ≥ 0, not {scenario.LabelDelay}");
        Check("label_delay", scenario.LabelDelay < scenario.Batches, $"{scenario.LabelDelay} batches is not less than the {scenario.Batches} batches of the stream: no label would ever reach the agent");

        var serving = scenario.Serving ?? throw new InputDataException("serving: must be an object, not null");
        Check("serving.latency_ms", double.IsFinite(serving.LatencyMs) && serving.LatencyMs > 0, $"must be > 0, not {serving.LatencyMs}");
        Check("serving.latency_sigma", double.IsFinite(serving.LatencySigma) && serving.LatencySigma >= 0, $"must be ≥ 0, not {serving.LatencySigma}");
        Check("serving.failure_rate", serving.FailureRate is >= 0 and <= 1, $"must be between 0 and 1, not {serving.FailureRate}");
        Check("serving.batch_interval_s", double.IsFinite(serving.BatchIntervalS) && serving.BatchIntervalS > 0 && serving.BatchIntervalS <= 86_400 * 366, $"must be > 0 and at most a year (31622400 s), not {serving.BatchIntervalS}");

        var drifts = scenario.Drifts ?? [];
        for (var i = 0; i < drifts.Count; i++)
        {
            ValidateDrift($"drifts[{i}]", drifts[i], scenario, generator);
        }

        CheckOverlaps(drifts);

        var faults = scenario.Faults ?? [];
        for (var i = 0; i < faults.Count; i++)
        {
            ValidateFault($"faults[{i}]", faults[i], scenario, generator);
        }

        CheckFaultOverlaps(faults, scenario.Batches);
        CheckLatency(scenario, faults);
        CheckArrivals(faults, scenario.Batches, serving.BatchIntervalS);
    }

    private static void CheckCells(TwinScenario s, TwinGenerator g)
    {
        // The label is one more column in both tables.
        var columns = g.Features.Count + 1;
        var train = (long)s.TrainRows * columns;
        var stream = (long)s.Batches * s.BatchSize * (columns + StreamExtraColumns);
        Check(
            "batch_size",
            train + stream <= MaxCells,
            $"the scenario would generate {train + stream} cells ({s.TrainRows} train rows × {columns} columns + {s.Batches} batches × {s.BatchSize} rows × {columns + StreamExtraColumns} columns), more than the {MaxCells} the twin holds in memory; lower train_rows, batches or batch_size");
    }

    private static void CheckFaultOverlaps(IReadOnlyList<FaultSpec> faults, int batches)
    {
        // Two faults of one kind on the same target at once leave it unclear which one holds (two stuck values, two
        // label delays) or multiply silently (two unit changes, two latency spikes): refused, as overlapping drifts are.
        var groups = faults.Select((f, i) => (Fault: f, Index: i))
            .GroupBy(x => $"{x.Fault.Kind}\n{x.Fault.Column?.Trim()}\n{x.Fault.Class}", StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var ordered = group.OrderBy(x => x.Fault.Start).ToList();
            for (var k = 1; k < ordered.Count; k++)
            {
                var prev = ordered[k - 1];
                var next = ordered[k];
                var prevEnd = prev.Fault.End ?? (batches - 1);
                if (next.Fault.Start <= prevEnd)
                {
                    var what = prev.Fault.Column is { } column ? $"{prev.Fault.Kind} of '{column.Trim()}'"
                        : prev.Fault.Class is { } label ? $"{prev.Fault.Kind} of '{label}'" : prev.Fault.Kind;
                    throw new InputDataException(
                        $"faults[{next.Index}].start: batch {next.Fault.Start} falls inside faults[{prev.Index}] (another {what} lasting to batch {prevEnd}); give it an end or start later");
                }
            }
        }
    }

    private static void CheckLatency(TwinScenario s, IReadOnlyList<FaultSpec> faults)
    {
        // The replay refuses a latency above ReplayDriver.MaxSignal; say so here, naming the scenario's fields, rather
        // than at the replay naming a row of a stream the user never wrote.
        // A spike and a creep (faults of two kinds) may overlap: their factors multiply.
        var spike = faults.Where(f => f.Kind == FaultKinds.LatencySpike).Select(f => f.Factor ?? 10).DefaultIfEmpty(1).Max();
        var creep = faults.Where(f => f.Kind == FaultKinds.LatencyCreep).Select(f => f.Factor ?? 10).DefaultIfEmpty(1).Max();
        var worst = s.Serving.LatencyMs * Math.Exp(MaxGaussian * s.Serving.LatencySigma) * spike * creep;
        var why = (spike > 1 ? $" and a latency_spike factor of {spike}" : string.Empty) + (creep > 1 ? $" and a latency_creep factor of {creep}" : string.Empty);
        Check(
            "serving.latency_ms",
            worst <= ReplayDriver.MaxSignal,
            $"with latency_sigma {s.Serving.LatencySigma}{why}, latencies could reach {worst:G3} ms, above the replay's limit of {ReplayDriver.MaxSignal:G3} ms; lower latency_ms, latency_sigma or the factors");
    }

    private static void CheckArrivals(IReadOnlyList<FaultSpec> faults, int batches, double intervalS)
    {
        var lost = new bool[batches];
        foreach (var f in faults.Where(f => f.Kind == FaultKinds.ArrivalGap))
        {
            Array.Fill(lost, true, f.Start, (f.End ?? (batches - 1)) - f.Start + 1);
        }

        if (lost.All(x => x))
        {
            throw new InputDataException($"faults: arrival_gap covers every batch (0..{batches - 1}): nothing would arrive to replay");
        }

        // The batch after a gap arrives (missing batches) × batch_interval_s late; the replay refuses delays above MaxSignal.
        var run = 0;
        for (var b = 0; b < batches; b++)
        {
            if (lost[b])
            {
                run++;
                continue;
            }

            if (run * intervalS > ReplayDriver.MaxSignal)
            {
                throw new InputDataException(
                    $"faults: arrival_gap loses {run} batches before batch {b}: at batch_interval_s {intervalS} it would arrive {run * intervalS:G3} s late, above the replay's limit of {ReplayDriver.MaxSignal:G3} s");
            }

            run = 0;
        }
    }

    /// <summary>The last batch an event changes (inclusive); a permanent change ends at its switch.</summary>
    internal static int LastBatch(DriftEventSpec e) => e.End ?? (e.Shape switch
    {
        DriftShapes.Gradual or DriftShapes.Incremental => (int)Math.Min(int.MaxValue, (long)e.Start + (e.Width ?? 1) - 1),
        DriftShapes.Recurring => int.MaxValue,
        _ => e.Start,
    });

    private static void ValidateDrift(string at, DriftEventSpec? e, TwinScenario s, TwinGenerator g)
    {
        if (e is null)
        {
            throw new InputDataException($"{at}: must be an object, not null");
        }

        if (e.Shape is null || !DriftShapes.All.Contains(e.Shape))
        {
            throw new InputDataException($"{at}.shape: {(e.Shape is null ? "required" : $"'{e.Shape}' is not")} one of {string.Join(", ", DriftShapes.All)}{(e.Shape is null ? "" : NameSuggestions.DidYouMean(e.Shape, DriftShapes.All))}");
        }

        Check($"{at}.start", e.Start >= 0 && e.Start < s.Batches, $"must be a batch between 0 and {s.Batches - 1}, not {e.Start}");
        if (e.Shape is DriftShapes.Gradual or DriftShapes.Incremental)
        {
            Check($"{at}.width", e.Width is >= 1, $"{e.Shape} drift needs a width ≥ 1 (batches)");
            Check($"{at}.width", e.Width <= s.Batches, $"must be at most the {s.Batches} batches of the stream, not {e.Width}");
        }
        else
        {
            Check($"{at}.width", e.Width is null, $"only gradual and incremental drifts take a width");
        }

        if (e.End is { } end)
        {
            var min = e.Shape is DriftShapes.Gradual or DriftShapes.Incremental ? e.Start + e.Width!.Value - 1 : e.Start;
            Check($"{at}.end", end >= min && end < s.Batches, min < s.Batches
                ? $"must be between {min} and {s.Batches - 1}, not {end}"
                : $"the {e.Shape} drift from batch {e.Start} lasts to batch {min} (start + width − 1), past the last batch {s.Batches - 1}: shorten the width or drop end");
        }

        if (e.Shape == DriftShapes.Recurring)
        {
            Check($"{at}.period", e.Period is >= 1, "recurring drift needs a period ≥ 1 (batches per turn)");
            Check($"{at}.start", e.Start < s.Batches - 1, $"a recurring drift from batch {e.Start} has no second batch to alternate in (the last batch is {s.Batches - 1})");
            Check($"{at}.period", e.Period < s.Batches - e.Start, $"with {e.Period} batches a turn from batch {e.Start}, the second concept's turn would start after the last batch ({s.Batches - 1}); use at most {s.Batches - e.Start - 1}");
        }
        else
        {
            Check($"{at}.period", e.Period is null, "only recurring drifts take a period");
        }

        if (e.Column is not null)
        {
            ValidateShift(at, e, g);
            return;
        }

        Check($"{at}.offset", e.Offset is null && e.Scale is null, "offset and scale shift a feature: set column too");
        switch (e.Shape)
        {
            case DriftShapes.Sudden:
            case DriftShapes.Gradual:
                Check($"{at}.to", e.To is not null, $"{e.Shape} drift needs the concept it goes to");
                Check($"{at}.magnitude", e.Magnitude is null, "only incremental drifts take a magnitude");
                break;
            case DriftShapes.Incremental:
                Check($"{at}.to", e.To is not null || e.Magnitude is not null, "incremental drift needs a concept to blend towards (to) or a magnitude to move by");
                Check($"{at}.to", e.To is null || g.CanInterpolate, $"the {g.Type} generator cannot blend concepts; use gradual drift");
                Check($"{at}.magnitude", e.Magnitude is null || g.CanMove, $"the {g.Type} generator has no continuous drift (only hyperplane and rbf do)");
                Check($"{at}.magnitude", e.Magnitude is null || (double.IsFinite(e.Magnitude.Value) && e.Magnitude.Value > 0 && e.Magnitude.Value <= 1), $"must be in (0, 1], not {e.Magnitude}");
                break;
            default:
                Check($"{at}.concepts", e.Concepts is { Count: >= 2 }, "recurring drift needs at least two concepts to alternate");
                Check($"{at}.to", e.To is null, "recurring drift takes concepts, not to");
                Check($"{at}.magnitude", e.Magnitude is null, "only incremental drifts take a magnitude");
                for (var i = 0; i < e.Concepts!.Count; i++)
                {
                    Check($"{at}.concepts[{i}]", e.Concepts[i] >= 0 && e.Concepts[i] < g.ConceptCount, ConceptRange(g, e.Concepts[i]));
                }

                break;
        }

        if (e.To is { } to)
        {
            Check($"{at}.to", to >= 0 && to < g.ConceptCount, ConceptRange(g, to));
        }

        if (e.Shape != DriftShapes.Recurring)
        {
            Check($"{at}.concepts", e.Concepts is null, "only recurring drifts take concepts");
        }
    }

    private static void ValidateShift(string at, DriftEventSpec e, TwinGenerator g)
    {
        var column = FindFeature(g, e.Column!);
        Check($"{at}.column", column is not null, $"'{e.Column}' is not a feature of the {g.Type} generator ({string.Join(", ", g.Features.Select(f => f.TrimmedName))}){NameSuggestions.DidYouMean(e.Column!.Trim(), g.Features.Select(f => f.TrimmedName))}");
        Check($"{at}.column", !column!.IsCategorical, $"'{e.Column}' is categorical; only numeric features can shift");
        Check($"{at}.offset", e.Offset is not null || e.Scale is not null, "a feature shift needs an offset and/or a scale");
        Check($"{at}.offset", e.Offset is null || double.IsFinite(e.Offset.Value), "must be a finite number");
        Check($"{at}.scale", e.Scale is null || double.IsFinite(e.Scale.Value), "must be a finite number");
        Check($"{at}.scale", e.Scale is null || Math.Abs(e.Scale.Value) <= MaxFactor, $"must be at most 1e12 in size, not {e.Scale}: beyond that the values overflow to infinity");
        Check($"{at}.offset", e.Offset is null || Math.Abs(e.Offset.Value) <= MaxFactor, $"must be at most 1e12 in size, not {e.Offset}");
        Check($"{at}.to", e.To is null && e.Concepts is null && e.Magnitude is null, "a feature shift takes offset/scale, not to, concepts or magnitude");
    }

    private static void CheckOverlaps(IReadOnlyList<DriftEventSpec> drifts)
    {
        // Concept changes share one timeline, and so do the shifts of one column: their spans must not overlap.
        var groups = drifts.Select((e, i) => (Event: e, Index: i))
            .GroupBy(x => x.Event.Column is null ? string.Empty : TrimName(x.Event.Column), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var ordered = group.OrderBy(x => x.Event.Start).ToList();
            for (var k = 1; k < ordered.Count; k++)
            {
                var prev = ordered[k - 1];
                var next = ordered[k];
                if (next.Event.Start <= LastBatch(prev.Event))
                {
                    var what = group.Key.Length == 0 ? "concept drift" : $"shift of '{group.Key}'";
                    throw new InputDataException(
                        $"drifts[{next.Index}].start: batch {next.Event.Start} falls inside drifts[{prev.Index}] (another {what} lasting to batch {LastBatch(prev.Event)}); give it an end or start later");
                }
            }
        }
    }

    private static void ValidateFault(string at, FaultSpec? f, TwinScenario s, TwinGenerator g)
    {
        if (f is null)
        {
            throw new InputDataException($"{at}: must be an object, not null");
        }

        if (f.Kind is null || !FaultKinds.All.Contains(f.Kind))
        {
            throw new InputDataException($"{at}.kind: {(f.Kind is null ? "required" : $"'{f.Kind}' is not")} one of {string.Join(", ", FaultKinds.All)}{(f.Kind is null ? "" : NameSuggestions.DidYouMean(f.Kind, FaultKinds.All))}");
        }

        Check($"{at}.start", f.Start >= 0 && f.Start < s.Batches, $"must be a batch between 0 and {s.Batches - 1}, not {f.Start}");
        if (f.End is { } end)
        {
            Check($"{at}.end", end >= f.Start && end < s.Batches, $"must be between {f.Start} and {s.Batches - 1}, not {end}");
        }

        if (FaultKinds.TargetsColumn(f.Kind))
        {
            Check($"{at}.column", !string.IsNullOrWhiteSpace(f.Column), $"{f.Kind} needs the feature column it hits");
            var isLabel = string.Equals(TrimName(f.Column!), g.Label.TrimmedName, StringComparison.Ordinal);
            Check($"{at}.column", !isLabel, $"'{f.Column}' is the label; faults hit features (use label_delay for labels)");
            var column = FindFeature(g, f.Column!);
            Check($"{at}.column", column is not null, $"'{f.Column}' is not a feature of the {g.Type} generator ({string.Join(", ", g.Features.Select(c => c.TrimmedName))}){NameSuggestions.DidYouMean(f.Column!.Trim(), g.Features.Select(c => c.TrimmedName))}");
            if (f.Kind == FaultKinds.UnitChange)
            {
                Check($"{at}.column", !column!.IsCategorical, $"'{f.Column}' is categorical; a unit change needs a numeric feature");
                Check($"{at}.factor", f.Factor is { } factor && double.IsFinite(factor) && factor != 0, "unit_change needs a finite, non-zero factor (e.g. 1000 for ms → µs)");
                Check($"{at}.factor", Math.Abs(f.Factor!.Value) is >= MinFactor and <= MaxFactor, $"must be between 1e-12 and 1e12 in size (ns → s is 1e-9), not {f.Factor}: beyond that the values overflow to infinity or vanish to 0");
            }

            if (f.Kind == FaultKinds.StuckValue && f.Value is not null)
            {
                Check($"{at}.value", !column!.IsCategorical, $"'{f.Column}' is categorical: leave value out to stick at the first value seen");
                Check($"{at}.value", double.IsFinite(f.Value.Value), "must be a finite number");
            }
        }
        else
        {
            Check($"{at}.column", f.Column is null, $"{f.Kind} does not act on a column");
        }

        Check($"{at}.factor", f.Factor is null || f.Kind is FaultKinds.UnitChange or FaultKinds.LabelUnitChange or FaultKinds.LatencySpike or FaultKinds.LatencyCreep, $"{f.Kind} takes no factor");
        Check($"{at}.rate", f.Rate is null || f.Kind is FaultKinds.FailureBurst, $"{f.Kind} takes no rate");
        Check($"{at}.delay", f.Delay is null || f.Kind is FaultKinds.LabelDelay, $"{f.Kind} takes no delay");
        Check($"{at}.value", f.Value is null || f.Kind is FaultKinds.StuckValue, $"{f.Kind} takes no value");
        Check($"{at}.class", f.Class is null || f.Kind is FaultKinds.LabelRespelled or FaultKinds.LabelStuck, $"{f.Kind} takes no class");
        Check($"{at}.spelling", f.Spelling is null || f.Kind is FaultKinds.LabelRespelled, $"{f.Kind} takes no spelling");
        Check($"{at}.classes", f.Classes is null || f.Kind is FaultKinds.LabelSwapped, $"{f.Kind} takes no classes");
        switch (f.Kind)
        {
            case FaultKinds.LatencySpike or FaultKinds.LatencyCreep:
                Check($"{at}.factor", f.Factor is null || (double.IsFinite(f.Factor.Value) && f.Factor.Value > 0 && f.Factor.Value <= 1e6), "must be > 0 and at most 1e6 (the replay refuses latencies above 1e9 ms)");
                break;
            case FaultKinds.FailureBurst:
                Check($"{at}.rate", f.Rate is null || f.Rate.Value is >= 0 and <= 1, $"must be between 0 and 1, not {f.Rate}");
                break;
            case FaultKinds.LabelRespelled:
                ValidateRespelling(at, f, g);
                break;
            case FaultKinds.LabelUnitChange:
                Check($"{at}.kind", g.NumericLabel, $"label_unit_change needs numeric labels (a regression generator: friedman); the {g.Type} generator's labels are classes (use label_respelled)");
                Check($"{at}.factor", f.Factor is { } labelFactor && double.IsFinite(labelFactor) && labelFactor != 0, "label_unit_change needs a finite, non-zero factor (e.g. 1000 for kg → g)");
                Check($"{at}.factor", Math.Abs(f.Factor!.Value) is >= MinFactor and <= MaxFactor, $"must be between 1e-12 and 1e12 in size, not {f.Factor}: beyond that the values overflow to infinity or vanish to 0");
                break;
            case FaultKinds.LabelStuck:
                Check($"{at}.kind", !g.NumericLabel, $"label_stuck needs class labels; the {g.Type} generator's labels are numbers (use label_unit_change)");
                Check($"{at}.class", f.Class is not null, $"label_stuck needs the class every label is written as ({ClassHint(g)})");
                CheckClass($"{at}.class", f.Class!, g);
                break;
            case FaultKinds.LabelSwapped:
                ValidateSwap(at, f, g);
                break;
            case FaultKinds.LabelDelay:
                Check($"{at}.delay", f.Delay is >= 0, "label_delay needs a delay ≥ 0 (batches)");
                Check($"{at}.delay", f.Delay < s.Batches, $"{f.Delay} batches is not less than the {s.Batches} batches of the stream: these labels would never arrive");
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// A respelling names a class of the label and a new way to write it: not empty, not another class (that would
    /// swap classes, not spell one differently), and one CSV cell (the stream is written unquoted).
    /// </summary>
    private static void ValidateRespelling(string at, FaultSpec f, TwinGenerator g)
    {
        var levels = g.Label.Levels;
        Check($"{at}.kind", levels is not null, $"the {g.Type} generator's label '{g.Label.TrimmedName}' is a number, not a class name: label_respelled needs a label with named classes (cicids)");
        Check($"{at}.class", f.Class is not null, $"label_respelled needs the class whose labels are written another way (one of {string.Join(", ", levels!)})");
        Check($"{at}.class", levels!.Contains(f.Class!, StringComparer.Ordinal), $"'{f.Class}' is not a class of the {g.Type} generator's label ({string.Join(", ", levels!)}){NameSuggestions.DidYouMean(f.Class!, levels!)}");
        Check($"{at}.spelling", !string.IsNullOrWhiteSpace(f.Spelling), "label_respelled needs the spelling the label feed writes instead (e.g. \"benign\")");
        Check($"{at}.spelling", !levels!.Contains(f.Spelling!, StringComparer.Ordinal), $"'{f.Spelling}' is a class of the label already: that would swap classes, not spell one differently");
        Check($"{at}.spelling", f.Spelling!.Length <= 200 && !f.Spelling.Any(c => char.IsControl(c) || c is ',' or '"'), "must be at most 200 characters without commas, quotes or control characters (the stream is written as CSV, unquoted)");
    }

    /// <summary>A swap names two or more distinct classes of a class label, each written as the next in these batches.</summary>
    private static void ValidateSwap(string at, FaultSpec f, TwinGenerator g)
    {
        Check($"{at}.kind", !g.NumericLabel, $"label_swapped needs class labels; the {g.Type} generator's labels are numbers (use label_unit_change)");
        Check($"{at}.classes", f.Classes is { Count: >= 2 }, $"label_swapped needs two or more classes whose names the feed exchanges, e.g. [\"{(g.Label.Levels is { Count: >= 2 } l ? l[0] + "\", \"" + l[1] : "0\", \"1")}\"] ({ClassHint(g)})");
        for (var i = 0; i < f.Classes!.Count; i++)
        {
            Check($"{at}.classes[{i}]", f.Classes[i] is not null, $"a class, not null ({ClassHint(g)})");
            CheckClass($"{at}.classes[{i}]", f.Classes[i], g);
        }

        var numbers = f.Classes.Select(c => g.Label.Levels is not null ? c
            : double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)).ToList();
        Check($"{at}.classes", numbers.Distinct(StringComparer.Ordinal).Count() == numbers.Count, $"names a class twice ({string.Join(", ", f.Classes)}): each class is written as the next, so each appears once");
    }

    private static string ClassHint(TwinGenerator g) =>
        g.Label.Levels is { } named ? "one of " + string.Join(", ", named) : "a class number, e.g. 0";

    private static void CheckClass(string field, string name, TwinGenerator g) =>
        Check(field, g.Label.Levels is { } classes ? classes.Contains(name, StringComparer.Ordinal)
            : double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number),
            g.Label.Levels is { } levels ? $"'{name}' is not a class of the {g.Type} generator's label ({string.Join(", ", levels)}){NameSuggestions.DidYouMean(name, levels)}"
                : $"'{name}' is not a class number of the {g.Type} generator's label (e.g. 0)");

    internal static TwinColumn? FindFeature(TwinGenerator g, string name)
    {
        var trimmed = TrimName(name);
        return g.Features.FirstOrDefault(c => string.Equals(c.TrimmedName, trimmed, StringComparison.Ordinal));
    }

    private static string TrimName(string name) => name.Trim();

    private static string ConceptRange(TwinGenerator g, int concept) =>
        $"the {g.Type} generator has concepts 0..{g.ConceptCount - 1}, not {concept}";

    private static void Check(string field, bool ok, string problem)
    {
        if (!ok)
        {
            throw new InputDataException($"{field}: {problem}");
        }
    }
}
