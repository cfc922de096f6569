using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>Feature columns as bins, column-major, one byte per value.</summary>
internal sealed class BinnedData
{
    /// <summary>sklearn fits bin edges on at most this many rows.</summary>
    public const int BinningSubsample = 200_000;

    private BinnedData(FeatureBinning[] binnings, byte[][] columns, int rows)
    {
        Binnings = binnings;
        Columns = columns;
        Rows = rows;
        NonMissingBins = [.. binnings.Select(b => b.NonMissingBins)];
        IsCategorical = [.. binnings.Select(b => b.IsCategorical)];
        HasMissing = new bool[columns.Length];
        for (var f = 0; f < columns.Length; f++)
        {
            HasMissing[f] = columns[f].AsSpan().Contains((byte)binnings[f].MissingBin);
        }
    }

    public FeatureBinning[] Binnings { get; }

    public byte[][] Columns { get; }

    public int Rows { get; }

    /// <summary>Per feature; also the index of its missing bin.</summary>
    public int[] NonMissingBins { get; }

    public bool[] IsCategorical { get; }

    /// <summary>Whether the feature has missing values in these rows (sklearn decides split directions from the training rows).</summary>
    public bool[] HasMissing { get; }

    /// <summary>Fits bin edges on (a seeded subsample of) the frame and bins it, feature by feature in parallel.</summary>
    public static BinnedData Fit(DataFrame features, int maxBins, int seed, int maxDegreeOfParallelism)
    {
        var rows = features.RowCount;
        int[]? subsample = null;
        if (rows > BinningSubsample)
        {
            subsample = Sample(rows, BinningSubsample, seed);
        }

        var columns = features.Columns;
        var binnings = new FeatureBinning[columns.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, columns.Count, options, f =>
        {
            var c = columns[f];
            binnings[f] = c.Kind == ColumnKind.Numeric
                ? FeatureBinning.FitNumeric(c.Name, c.Numbers, subsample, maxBins)
                : FeatureBinning.FitCategorical(c.Name, c, maxBins);
        });

        return Transform(binnings, features, maxDegreeOfParallelism);
    }

    /// <summary>Bins new rows with edges fitted before; columns are looked up by name.</summary>
    public static BinnedData Transform(FeatureBinning[] binnings, DataFrame features, int maxDegreeOfParallelism)
    {
        var rows = features.RowCount;
        var columns = new byte[binnings.Length][];
        var source = new Column[binnings.Length];
        for (var f = 0; f < binnings.Length; f++)
        {
            source[f] = features.TryGetColumn(binnings[f].Name, out var c)
                ? c
                : throw new InputDataException($"feature column '{binnings[f].Name}' is missing");
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, binnings.Length, options, f =>
        {
            var bins = new byte[rows];
            binnings[f].Transform(source[f], bins);
            columns[f] = bins;
        });

        return new BinnedData(binnings, columns, rows);
    }

    /// <summary>k distinct row indices, ascending, chosen by a seeded partial shuffle.</summary>
    private static int[] Sample(int n, int k, int seed)
    {
        var rng = new Random(seed);
        var all = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = i;
        }

        for (var i = 0; i < k; i++)
        {
            var j = rng.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }

        var picked = all.AsSpan(0, k).ToArray();
        Array.Sort(picked);
        return picked;
    }
}
