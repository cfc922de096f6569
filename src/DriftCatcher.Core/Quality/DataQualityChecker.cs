using System.Globalization;
using System.Text;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace DriftCatcher.Core.Quality;

/// <summary>
/// Compares a window of data with a <see cref="QualityBaseline"/>: schema, missing and non-finite values,
/// out-of-range values, unseen categories, constant columns and duplicate rows. One pass per column,
/// columns in parallel; the rules and thresholds are those of <see cref="QualityOptions"/>.
/// </summary>
public static class DataQualityChecker
{
    /// <summary>Subject of findings about whole rows rather than one column.</summary>
    public const string DatasetSubject = "dataset";

    private const int MaxExamples = 5;

    // Evidence must stay finite (JSON has no Infinity); z beyond 40 says nothing more.
    private const double MaxZ = 40;

    public static QualityReport Check(QualityBaseline baseline, DataFrame current, QualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= QualityOptions.Default;
        options.Validate();

        var known = new HashSet<string>(baseline.Columns.Select(c => c.Name), StringComparer.Ordinal);
        var extras = current.Columns.Where(c => !known.Contains(c.Name) && c.Name != baseline.Label).ToArray();
        var results = new ColumnResult[baseline.Columns.Count + extras.Length];
        Parallel.For(0, results.Length, i =>
            results[i] = i < baseline.Columns.Count
                ? CheckColumn(baseline, baseline.Columns[i], current, options)
                : CheckExtra(extras[i - baseline.Columns.Count]));

        var findings = new List<Finding>();
        foreach (var r in results)
        {
            findings.AddRange(r.Findings);
        }

        var features = baseline.Label is null ? current : current.Without(baseline.Label);
        var duplicates = RowHasher.CountDuplicates(features);
        var duplicate = RateFinding(
            FindingKind.DataQuality, QualityCodes.DuplicateRows, DatasetSubject, "rows identical to an earlier row",
            duplicates, current.RowCount, baseline.DuplicateRate, baseline.Rows,
            options.DuplicateWarningIncrease, options.DuplicateCriticalIncrease, options.SignificanceZ);
        if (duplicate is not null)
        {
            findings.Add(duplicate);
        }

        return new QualityReport
        {
            Rows = current.RowCount,
            Columns = [.. results.Select(r => r.Quality)],
            Findings = [.. findings.OrderByDescending(f => f.Severity)],
            DuplicateRows = duplicates,
            DuplicateRate = Rate(duplicates, current.RowCount),
        };
    }

    private static ColumnResult CheckColumn(QualityBaseline baseline, ColumnBaseline reference, DataFrame current, QualityOptions options)
    {
        if (!current.TryGetColumn(reference.Name, out var column))
        {
            var finding = new Finding(
                FindingKind.SchemaMismatch, Severity.Critical, QualityCodes.MissingColumn, reference.Name,
                $"column '{reference.Name}' is missing from the window")
            {
                Evidence = new Dictionary<string, double> { ["rows"] = current.RowCount },
            };
            return new ColumnResult(new ColumnQuality { Name = reference.Name, ReferenceKind = reference.Kind }, [finding]);
        }

        if (reference.Kind == ColumnKind.Numeric)
        {
            return column.Kind == ColumnKind.Numeric
                ? CheckNumeric(baseline, reference, column.Numbers, options)
                : TypeChanged(reference, column);
        }

        return CheckCategorical(baseline, reference, column, options);
    }

    private static ColumnResult CheckNumeric(QualityBaseline baseline, ColumnBaseline reference, double[] values, QualityOptions options)
    {
        var n = values.Length;
        double lower = double.NegativeInfinity, upper = double.PositiveInfinity;
        var hasRange = reference.Min is not null && reference.Max is not null;
        if (hasRange)
        {
            var min = reference.Min!.Value;
            var max = reference.Max!.Value;
            var width = max > min ? max - min : Math.Abs(max);
            lower = min - (options.RangeMargin * width);
            upper = max + (options.RangeMargin * width);
        }

        int missing = 0, nonFinite = 0, outOfRange = 0;
        var curMin = double.PositiveInfinity;
        var curMax = double.NegativeInfinity;
        var first = double.NaN;
        var varies = false;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                missing++;
                continue;
            }

            if (double.IsNaN(first))
            {
                first = v;
            }
            else if (v != first)
            {
                varies = true;
            }

            if (double.IsInfinity(v))
            {
                nonFinite++;
                continue;
            }

            if (v < curMin)
            {
                curMin = v;
            }

            if (v > curMax)
            {
                curMax = v;
            }

            if (v < lower || v > upper)
            {
                outOfRange++;
            }
        }

        var name = reference.Name;
        var finite = n - missing - nonFinite;
        var findings = new List<Finding>();
        Add(findings, RateFinding(
            FindingKind.DataQuality, QualityCodes.MissingValues, name, "values missing",
            missing, n, reference.MissingRate, baseline.Rows,
            options.MissingWarningIncrease, options.MissingCriticalIncrease, options.SignificanceZ));
        Add(findings, RateFinding(
            FindingKind.DataQuality, QualityCodes.NonFiniteValues, name, "values infinite",
            nonFinite, n, reference.NonFiniteRate, baseline.Rows,
            options.NonFiniteWarningIncrease, options.NonFiniteCriticalIncrease, options.SignificanceZ));

        var hasFinite = curMin <= curMax;
        if (outOfRange > 0)
        {
            var rate = (double)outOfRange / finite;
            var severity = outOfRange < options.OutOfRangeMinCount || rate < options.OutOfRangeWarningRate ? Severity.Info
                : rate < options.OutOfRangeCriticalRate ? Severity.Warning
                : Severity.Critical;
            findings.Add(new Finding(
                FindingKind.DataQuality, severity, QualityCodes.OutOfRange, name,
                $"'{name}': {Percent(rate)} of finite values ({outOfRange} of {finite}) outside the reference range "
                + $"[{Num(reference.Min!.Value)}, {Num(reference.Max!.Value)}]; window range [{Num(curMin)}, {Num(curMax)}]")
            {
                Evidence = new Dictionary<string, double>
                {
                    ["rate"] = rate,
                    ["count"] = outOfRange,
                    ["rows"] = finite,
                    ["threshold"] = options.OutOfRangeWarningRate,
                    ["critical_threshold"] = options.OutOfRangeCriticalRate,
                    ["reference_min"] = reference.Min.Value,
                    ["reference_max"] = reference.Max.Value,
                    ["lower_bound"] = lower,
                    ["upper_bound"] = upper,
                    ["current_min"] = curMin,
                    ["current_max"] = curMax,
                },
            });
        }

        var isConstant = !double.IsNaN(first) && !varies;
        Add(findings, ConstantFinding(reference, isConstant, n - missing, double.IsNaN(first) ? null : Num(first), options));
        Add(findings, ScaleFinding(reference, values, options));
        var quality = new ColumnQuality
        {
            Name = name,
            ReferenceKind = ColumnKind.Numeric,
            CurrentKind = ColumnKind.Numeric,
            Missing = missing,
            MissingRate = Rate(missing, n),
            NonFinite = nonFinite,
            NonFiniteRate = Rate(nonFinite, n),
            OutOfRange = outOfRange,
            OutOfRangeRate = Rate(outOfRange, finite),
            IsConstant = isConstant,
            Min = hasFinite ? curMin : null,
            Max = hasFinite ? curMax : null,
        };
        return new ColumnResult(quality, findings);
    }

    private static ColumnResult CheckCategorical(QualityBaseline baseline, ColumnBaseline reference, Column column, QualityOptions options)
    {
        var knownCategories = new HashSet<string>(reference.Categories ?? [], StringComparer.Ordinal);
        var n = column.Length;
        int missing = 0, unseen = 0;
        var examples = new List<string>();
        var distinctUnseen = 0;
        var isConstant = false;
        string? constantValue = null;

        if (column.Kind == ColumnKind.Categorical)
        {
            var levels = column.Levels;
            var levelKnown = new bool[levels.Length];
            var levelSeen = new bool[levels.Length];
            for (var i = 0; i < levels.Length; i++)
            {
                levelKnown[i] = knownCategories.Contains(levels[i]);
            }

            var firstCode = -1;
            var varies = false;
            foreach (var c in column.Codes)
            {
                if (c < 0)
                {
                    missing++;
                    continue;
                }

                if (firstCode < 0)
                {
                    firstCode = c;
                }
                else if (c != firstCode)
                {
                    varies = true;
                }

                if (!levelKnown[c])
                {
                    unseen++;
                    if (!levelSeen[c])
                    {
                        levelSeen[c] = true;
                        distinctUnseen++;
                        if (examples.Count < MaxExamples)
                        {
                            examples.Add(levels[c]);
                        }
                    }
                }
            }

            isConstant = firstCode >= 0 && !varies;
            constantValue = isConstant ? levels[firstCode] : null;
        }
        else
        {
            // A categorical reference column read as numbers this time (codes such as "1", "2"): compare as text.
            var cache = new Dictionary<double, bool>();
            var first = double.NaN;
            var varies = false;
            foreach (var v in column.Numbers)
            {
                if (double.IsNaN(v))
                {
                    missing++;
                    continue;
                }

                if (double.IsNaN(first))
                {
                    first = v;
                }
                else if (v != first)
                {
                    varies = true;
                }

                if (!cache.TryGetValue(v, out var isKnown))
                {
                    var text = v.ToString("R", CultureInfo.InvariantCulture);
                    isKnown = knownCategories.Contains(text);
                    cache.Add(v, isKnown);
                    if (!isKnown)
                    {
                        distinctUnseen++;
                        if (examples.Count < MaxExamples)
                        {
                            examples.Add(text);
                        }
                    }
                }

                if (!isKnown)
                {
                    unseen++;
                }
            }

            isConstant = !double.IsNaN(first) && !varies;
            constantValue = isConstant ? Num(first) : null;
        }

        var name = reference.Name;
        var nonMissing = n - missing;
        var findings = new List<Finding>();
        Add(findings, RateFinding(
            FindingKind.DataQuality, QualityCodes.MissingValues, name, "values missing",
            missing, n, reference.MissingRate, baseline.Rows,
            options.MissingWarningIncrease, options.MissingCriticalIncrease, options.SignificanceZ));
        var unseenFinding = RateFinding(
            FindingKind.DataQuality, QualityCodes.UnseenCategories, name, "non-missing values in categories the reference never showed",
            unseen, nonMissing, reference.ExpectedUnseenRate, reference.NonMissing,
            options.UnseenWarningIncrease, options.UnseenCriticalIncrease, options.SignificanceZ);
        if (unseenFinding is not null)
        {
            var evidence = new Dictionary<string, double>(unseenFinding.Evidence) { ["distinct_unseen"] = distinctUnseen };
            findings.Add(unseenFinding with
            {
                Message = $"{unseenFinding.Message}; e.g. {string.Join(", ", examples.Select(e => $"'{e}'"))}",
                Evidence = evidence,
            });
        }

        Add(findings, ConstantFinding(reference, isConstant, nonMissing, constantValue, options));
        var quality = new ColumnQuality
        {
            Name = name,
            ReferenceKind = ColumnKind.Categorical,
            CurrentKind = column.Kind,
            Missing = missing,
            MissingRate = Rate(missing, n),
            Unseen = unseen,
            UnseenRate = Rate(unseen, nonMissing),
            IsConstant = isConstant,
        };
        return new ColumnResult(quality, findings);
    }

    private static ColumnResult TypeChanged(ColumnBaseline reference, Column column)
    {
        var levels = column.Levels;
        var levelIsText = new bool[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            // The reference holds numbers, so "-" or "none" here are missing values, as the reader has them among numbers.
            var bytes = Encoding.UTF8.GetBytes(levels[i].Trim());
            levelIsText[i] = !MissingValues.IsMissingInNumbers(levels[i]) && !CsvFrameReader.TryParseNumber(bytes, out _);
        }

        int missing = 0, text = 0;
        var examples = new List<string>();
        foreach (var c in column.Codes)
        {
            if (c < 0)
            {
                missing++;
            }
            else if (levelIsText[c])
            {
                text++;
                if (examples.Count < MaxExamples && !examples.Contains(levels[c]))
                {
                    examples.Add(levels[c]);
                }
            }
        }

        var n = column.Length;
        var finding = new Finding(
            FindingKind.SchemaMismatch, Severity.Critical, QualityCodes.TypeChanged, reference.Name,
            $"numeric column '{reference.Name}' now holds text: {text} of {n} values are not numbers, e.g. {string.Join(", ", examples.Select(e => $"'{e}'"))}")
        {
            Evidence = new Dictionary<string, double>
            {
                ["count"] = text,
                ["rate"] = Rate(text, n),
                ["rows"] = n,
            },
        };
        var quality = new ColumnQuality
        {
            Name = reference.Name,
            ReferenceKind = ColumnKind.Numeric,
            CurrentKind = ColumnKind.Categorical,
            Missing = missing,
            MissingRate = Rate(missing, n),
        };
        return new ColumnResult(quality, [finding]);
    }

    private static ColumnResult CheckExtra(Column column)
    {
        var missing = 0;
        for (var i = 0; i < column.Length; i++)
        {
            if (column.IsMissing(i))
            {
                missing++;
            }
        }

        var finding = new Finding(
            FindingKind.SchemaMismatch, Severity.Info, QualityCodes.ExtraColumn, column.Name,
            $"column '{column.Name}' is not in the reference; it is ignored")
        {
            Evidence = new Dictionary<string, double> { ["rows"] = column.Length },
        };
        var quality = new ColumnQuality
        {
            Name = column.Name,
            CurrentKind = column.Kind,
            Missing = missing,
            MissingRate = Rate(missing, column.Length),
        };
        return new ColumnResult(quality, [finding]);
    }

    /// <summary>
    /// A unit change that may stay inside the reference range (a column in [0, 1] divided by 100): every quartile
    /// of the window is the reference's times one factor ≥ <see cref="QualityOptions.ScaleMinFactor"/> (or ≤ its
    /// inverse), the three ratios within <see cref="QualityOptions.ScaleTolerance"/>. Needs reference quartiles
    /// of one sign, none zero, with a spread (p75 > p25): a shift of the world moves quartiles unevenly, a
    /// pipeline that changed units moves them all alike.
    /// </summary>
    private static Finding? ScaleFinding(ColumnBaseline reference, double[] values, QualityOptions options)
    {
        if (Quartiles.SortedSample(values) is not { } sample)
        {
            return null;
        }

        return PowerOfTenFinding(reference, sample, options) ?? ConversionFinding(reference, sample);
    }

    private static Finding? PowerOfTenFinding(ColumnBaseline reference, double[] sample, QualityOptions options)
    {
        if (reference is not { P25: { } r25, P50: { } r50, P75: { } r75 } || !(r75 > r25) || !(r25 > 0 || r75 < 0))
        {
            return null;
        }

        if (Quartiles.OfSorted(sample) is not [var c25, var c50, var c75])
        {
            return null;
        }

        // A negative factor (a sign flip, with or without a change of units) reverses the order: the window's p25 is the
        // reference's p75 times it. The reference is of one sign, so all three quartiles changing sign alike is never the
        // world moving; a flip by −1 counts, while a positive factor must reach ScaleMinFactor (fuzz probe, session 18:
        // ×−0.001 on SEA's x1 was read as covariate drift and trained on).
        var flipped = c50 / r50 < 0;
        double[] sizes = flipped ? [-c25 / r75, -c50 / r50, -c75 / r25] : [c25 / r25, c50 / r50, c75 / r75];
        var low = sizes.Min();
        var high = sizes.Max();
        if (!(low > 0) || high / low > 1 + options.ScaleTolerance)
        {
            return null;
        }

        var size = Math.Exp(sizes.Average(Math.Log));
        var factor = flipped ? -size : size;
        if (!flipped && factor < options.ScaleMinFactor && factor > 1 / options.ScaleMinFactor)
        {
            return null;
        }

        // A unit change multiplies by a power of ten (mm and m, g and kg, ms and s, cents, thousands; 1 024 is
        // within reach of 1 000). A change of traffic mix moves a skewed column's quartiles alike too, but by
        // whatever factor (a slow-DoS attack: ×24, ×64, ×0.045), so only factors near 10^k count.
        var decade = Math.Round(Math.Log10(size));
        if (Math.Abs(size / Math.Pow(10, decade) - 1) > options.ScaleUnitTolerance)
        {
            return null;
        }

        var name = reference.Name;
        return new Finding(
            FindingKind.DataQuality, Severity.Critical, QualityCodes.ScaleChange, name,
            $"'{name}': every quartile is {Num(factor)}× the reference's (p25/p50/p75 {Num(c25)}, {Num(c50)}, {Num(c75)} against "
            + $"{Num(r25)}, {Num(r50)}, {Num(r75)}): the column looks like it {(!flipped ? "changed units" : decade == 0 ? "flipped its sign" : "flipped its sign and changed units")}")
        {
            Evidence = new Dictionary<string, double>
            {
                ["factor"] = factor,
                ["ratio_spread"] = (high / low) - 1,
                ["threshold"] = options.ScaleMinFactor,
                ["tolerance"] = options.ScaleTolerance,
                ["unit_factor"] = flipped ? -Math.Pow(10, decade) : Math.Pow(10, decade),
                ["reference_p25"] = r25,
                ["reference_p50"] = r50,
                ["reference_p75"] = r75,
                ["current_p25"] = c25,
                ["current_p50"] = c50,
                ["current_p75"] = c75,
            },
        };
    }

    /// <summary>
    /// A unit change by a named conversion (inches to centimetres, °C to °F, minutes to seconds …): the window's
    /// shape, far from the reference as delivered, is the reference's once the conversion is undone (see
    /// <see cref="UnitConversions"/>). Needs the reference percentiles (baselines written before them skip it).
    /// </summary>
    private static Finding? ConversionFinding(ColumnBaseline reference, double[] sample)
    {
        if (reference.Percentiles is not { Count: > 0 } percentiles
            || UnitConversions.Find(percentiles, sample, Math.Min(reference.NonMissing, Quartiles.MaxSample)) is not { } match)
        {
            return null;
        }

        var name = reference.Name;
        var c = match.Conversion;
        return new Finding(
            FindingKind.DataQuality, Severity.Critical, QualityCodes.ScaleChange, name,
            $"'{name}': as delivered it is far from the reference (KS D {Num(match.KsAsIs)}), once {c.Name} is undone it matches it "
            + $"(KS D {Num(match.KsUndone)} ≤ {Num(match.Threshold)}): the column looks like it changed units ({c.Name})")
        {
            Evidence = new Dictionary<string, double>
            {
                ["factor"] = c.Scale,
                ["offset"] = c.Offset,
                ["ks_as_delivered"] = match.KsAsIs,
                [UnitConversions.EvidenceKey] = match.KsUndone,
                ["threshold"] = match.Threshold,
                ["values"] = match.Values,
            },
        };
    }

    private static Finding? ConstantFinding(ColumnBaseline reference, bool isConstant, int nonMissing, string? value, QualityOptions options)
    {
        if (!isConstant || reference.NonMissing == 0 || reference.ModeFrequency >= 1.0)
        {
            return null;
        }

        // The chance that a fresh sample of this size is constant is at most modeFrequency^n.
        var chance = Math.Pow(reference.ModeFrequency, nonMissing);
        if (chance >= options.ConstantMaxProbability)
        {
            return null;
        }

        return new Finding(
            FindingKind.DataQuality, Severity.Warning, QualityCodes.ConstantColumn, reference.Name,
            $"'{reference.Name}' holds the single value '{value}' in all {nonMissing} non-missing rows, but varied in the reference")
        {
            Evidence = new Dictionary<string, double>
            {
                ["count"] = nonMissing,
                ["rows"] = nonMissing,
                ["reference_mode_frequency"] = reference.ModeFrequency,
                ["chance"] = chance,
                ["threshold"] = options.ConstantMaxProbability,
            },
        };
    }

    /// <summary>
    /// The rule shared by every "rate rose above the reference's" finding: Info when the increase is
    /// significant (or the reference never showed the event), Warning/Critical when it is significant and
    /// at least <paramref name="warning"/>/<paramref name="critical"/> in absolute terms. Significance is
    /// the exact one-sided binomial tail against the reference rate (half an event added to it, so a
    /// reference that never showed the event does not make the first one infinitely surprising) or the
    /// pooled two-proportion z, whichever is less impressed.
    /// </summary>
    internal static Finding? RateFinding(
        FindingKind kind, string code, string subject, string what,
        long count, long rows, double referenceRate, long referenceRows,
        double warning, double critical, double significanceZ)
    {
        if (count == 0 || rows == 0)
        {
            return null;
        }

        var rate = (double)count / rows;
        var increase = rate - referenceRate;
        if (increase <= 0)
        {
            return null;
        }

        // Two views, the more cautious wins: the exact binomial tail is right for rare events but takes the
        // reference rate as known; the pooled two-proportion z counts the reference's own sampling noise
        // (which matters when the window is larger than the reference) but overstates rare-event surprise.
        var binomialP = UpperTail(count, rows, ((referenceRate * referenceRows) + 0.5) / (referenceRows + 1));
        var binomialZ = binomialP <= 0 ? MaxZ : -Normal.InvCDF(0, 1, binomialP);
        var z = Math.Clamp(Math.Min(binomialZ, TwoProportionZ(count, rows, referenceRate, referenceRows)), -MaxZ, MaxZ);
        var pValue = Math.Max(binomialP, 1 - Normal.CDF(0, 1, z));
        Severity severity;
        if (z < significanceZ)
        {
            if (referenceRate > 0)
            {
                return null;
            }

            severity = Severity.Info;
        }
        else
        {
            severity = increase >= critical ? Severity.Critical : increase >= warning ? Severity.Warning : Severity.Info;
        }

        var message = $"'{subject}': {Percent(rate)} {what} ({count} of {rows}); reference {Percent(referenceRate)}";
        if (subject == DatasetSubject)
        {
            message = $"{Percent(rate)} of {what} ({count} of {rows}); reference {Percent(referenceRate)}";
        }

        return new Finding(kind, severity, code, subject, message)
        {
            Evidence = new Dictionary<string, double>
            {
                ["rate"] = rate,
                ["count"] = count,
                ["rows"] = rows,
                ["reference_rate"] = referenceRate,
                ["reference_rows"] = referenceRows,
                ["increase"] = increase,
                ["p_value"] = pValue,
                ["z"] = z,
                ["threshold"] = warning,
                ["critical_threshold"] = critical,
            },
        };
    }

    /// <summary>Pooled two-proportion z statistic (window against reference); +∞ when the pooled variance is zero.</summary>
    internal static double TwoProportionZ(long count, long rows, double referenceRate, long referenceRows)
    {
        var rate = (double)count / rows;
        if (referenceRows <= 0)
        {
            return double.PositiveInfinity;
        }

        var pooled = (count + (referenceRate * referenceRows)) / (rows + referenceRows);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / rows) + (1.0 / referenceRows)));
        return se > 0 ? (rate - referenceRate) / se : double.PositiveInfinity;
    }

    /// <summary>P(X ≥ count) for X ~ Binomial(rows, p).</summary>
    internal static double UpperTail(long count, long rows, double p)
    {
        if (count <= 0 || p >= 1)
        {
            return 1;
        }

        return p <= 0 ? 0 : SpecialFunctions.BetaRegularized(count, rows - count + 1, p);
    }

    private static void Add(List<Finding> findings, Finding? finding)
    {
        if (finding is not null)
        {
            findings.Add(finding);
        }
    }

    private static double Rate(long count, long total) => total == 0 ? 0 : (double)count / total;

    private static string Percent(double rate) => (rate * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private sealed record ColumnResult(ColumnQuality Quality, IReadOnlyList<Finding> Findings);
}
