using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Statistics;

/// <summary>
/// Compares a window of current data with a <see cref="ReferenceProfile"/>: per feature one pass
/// over the window against the precomputed bins, a sort of its finite values and a merge walk against
/// the reference's sorted sample; features run in parallel. Works the same on model outputs
/// (see <see cref="PredictionFrame"/>): predicted classes are categorical, probabilities numeric.
/// </summary>
public static class DriftAnalyzer
{
    /// <summary>
    /// Compares every feature of <paramref name="profile"/> with the same-named column of
    /// <paramref name="current"/> (other columns are ignored). Throws <see cref="InputDataException"/>
    /// when a feature is missing or a numeric feature holds text.
    /// </summary>
    public static DriftReport Compare(ReferenceProfile profile, DataFrame current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(current);
        options ??= DriftOptions.Default;
        options.Validate();

        var columns = new Column[profile.Features.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var f = profile.Features[i];
            if (!current.TryGetColumn(f.Name, out var c))
            {
                throw new InputDataException($"column '{f.Name}' of the reference is missing from the current data");
            }

            if (f.Kind == ColumnKind.Numeric && c.Kind != ColumnKind.Numeric)
            {
                throw new InputDataException($"column '{f.Name}' is numeric in the reference but holds text in the current data");
            }

            columns[i] = c;
        }

        // Bonferroni over the features of this comparison keeps the family-wise false-alarm rate.
        var alpha = options.FamilyWiseErrorRate / Math.Max(1, columns.Length);
        var results = new FeatureDrift[columns.Length];
        Parallel.For(0, columns.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            var f = profile.Features[i];
            results[i] = f.Kind == ColumnKind.Numeric
                ? NumericComparison.Compare(f.Name, f.Numeric!, columns[i].Numbers, alpha, options)
                : CategoricalComparison.Compare(f.Name, f.Categorical!, columns[i], alpha, options);
        });

        var drifted = results.Count(r => r.Drifted);
        var share = results.Length == 0 ? 0 : drifted / (double)results.Length;
        return new DriftReport
        {
            ReferenceRows = profile.RowCount,
            CurrentRows = current.RowCount,
            Features = results,
            ShareDrifted = share,
            DatasetDrift = results.Length > 0 && share >= options.DatasetDriftShare,
            DatasetDriftShare = options.DatasetDriftShare,
        };
    }

    /// <summary>
    /// Whether numeric features still drift once the rows of several windows are pooled, from each window's counts
    /// per reference bin alone (the agent keeps counts, not rows): the KS statistic of the pooled binned CDF against
    /// the reference's, tested like <see cref="Compare"/> tests one window of the pooled size — the same family-wise
    /// rate over all the profile's features and the same effect floor. Excursions of separate small windows that go
    /// different ways cancel when pooled; a real move adds up. Features that are not numeric in the profile, or
    /// whose counts do not match its bins, are left out.
    /// </summary>
    public static IReadOnlyList<PooledDrift> ComparePooled(ReferenceProfile profile, IReadOnlyDictionary<string, long[]> pooled, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(pooled);
        options ??= DriftOptions.Default;
        options.Validate();
        var alpha = options.FamilyWiseErrorRate / Math.Max(1, profile.Features.Count);
        var results = new List<PooledDrift>();
        foreach (var f in profile.Features)
        {
            if (f.Numeric is not { } reference || !pooled.TryGetValue(f.Name, out var counts) || counts.Length != reference.BinCounts.Length)
            {
                continue;
            }

            var n = reference.BinCounts.Sum();
            var m = counts.Sum();
            if (n <= 0 || m <= 0)
            {
                continue;
            }

            // The last bin closes both CDFs at 1: the gaps at the inner edges are all there is.
            double d = 0, cumReference = 0, cumCurrent = 0;
            for (var k = 0; k < counts.Length - 1; k++)
            {
                cumReference += reference.BinCounts[k];
                cumCurrent += counts[k];
                d = Math.Max(d, Math.Abs((cumReference / n) - (cumCurrent / m)));
            }

            results.Add(new PooledDrift(f.Name, m, d, DriftStatistics.KolmogorovSmirnovCriticalValue(alpha, n, m), options.MinimumKsStatistic));
        }

        return results;
    }
}
