namespace DriftCatcher.Core.Learning;

/// <summary>
/// Deterministic train / validation / holdout splits. Classification splits are stratified: each
/// class is shuffled with the seed and cut by the fractions (rounded), so every part keeps the class
/// mix; a class with very few rows keeps at least one row for training. Regression rows are
/// shuffled as one group. Each part lists rows in input order.
/// </summary>
public static class DataSplitter
{
    public static DataSplit Split(TrainingData data, SplitFractions fractions, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fractions);
        fractions.Validate();
        var n = data.Targets.Length;
        var groups = new List<List<int>>();
        if (data.Task == TaskKind.Regression)
        {
            groups.Add([.. Enumerable.Range(0, n)]);
        }
        else
        {
            for (var k = 0; k < data.Classes.Count; k++)
            {
                groups.Add([]);
            }

            for (var r = 0; r < n; r++)
            {
                groups[(int)data.Targets[r]].Add(r);
            }
        }

        // One generator for all groups, in class order, so the split depends on the seed alone.
        var random = new Random(seed);
        var train = new List<int>(n);
        var validation = new List<int>();
        var holdout = new List<int>();
        foreach (var group in groups)
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            var nv = (int)Math.Round(rows.Length * fractions.Validation, MidpointRounding.AwayFromZero);
            var nh = (int)Math.Round(rows.Length * fractions.Holdout, MidpointRounding.AwayFromZero);
            while (nv + nh >= rows.Length && nv + nh > 0)
            {
                if (nh >= nv && nh > 0)
                {
                    nh--;
                }
                else
                {
                    nv--;
                }
            }

            validation.AddRange(rows.AsSpan(0, nv));
            holdout.AddRange(rows.AsSpan(nv, nh));
            train.AddRange(rows.AsSpan(nv + nh));
        }

        train.Sort();
        validation.Sort();
        holdout.Sort();
        return new DataSplit([.. train], [.. validation], [.. holdout]);
    }

    /// <summary>The rows of <paramref name="data"/> at <paramref name="rows"/>.</summary>
    public static TrainingData Take(TrainingData data, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        var targets = rows.Select(r => data.Targets[r]).ToArray();
        return new TrainingData(data.Features.Take(rows), targets, data.Task, data.Classes)
        {
            Weights = data.Weights is null ? null : [.. rows.Select(r => data.Weights[r])],
        };
    }
}
