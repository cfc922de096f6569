using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>
/// The preprocessing shared by the linear learners, fitted on training data and stored in the model:
/// numeric features get missing values replaced by the training median and ±Infinity clipped to the
/// training minimum / maximum; categorical features are one-hot encoded over their (at most
/// <see cref="MaxLevels"/> most frequent) training levels, a missing or unseen level being all zeros;
/// then every design column is standardized (training mean, population standard deviation).
/// </summary>
internal sealed class LinearDesign
{
    /// <summary>The largest standardized value a feature can take in the design (± a million standard deviations).</summary>
    internal const double MaxStandardized = 1e6;

    public const int MaxLevels = 100;

    private readonly Feature[] _features;

    private LinearDesign(Feature[] features)
    {
        _features = features;
        Width = features.Sum(f => f.Width);
    }

    /// <summary>Design columns (numeric features plus one per kept categorical level).</summary>
    public int Width { get; }

    public IReadOnlyList<string> FeatureNames => [.. _features.Select(f => f.Name)];

    public static LinearDesign Fit(DataFrame frame)
    {
        var features = new Feature[frame.Columns.Count];
        for (var i = 0; i < features.Length; i++)
        {
            var c = frame.Columns[i];
            features[i] = c.Kind == ColumnKind.Numeric ? FitNumeric(c) : FitCategorical(c);
        }

        var design = new LinearDesign(features);

        // Standardize with statistics of the imputed, one-hot design columns themselves.
        var n = frame.RowCount;
        var x = design.Transform(frame, standardize: false);
        var width = design.Width;
        var mean = new double[width];
        var scale = new double[width];
        for (var r = 0; r < n; r++)
        {
            var row = x.AsSpan(r * width, width);
            for (var j = 0; j < width; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < width; j++)
        {
            mean[j] = n == 0 ? 0 : mean[j] / n;
        }

        for (var r = 0; r < n; r++)
        {
            var row = x.AsSpan(r * width, width);
            for (var j = 0; j < width; j++)
            {
                var d = row[j] - mean[j];
                scale[j] += d * d;
            }
        }

        for (var j = 0; j < width; j++)
        {
            var sd = n == 0 ? 0 : Math.Sqrt(scale[j] / n);
            // A constant column carries no information: scale 1 keeps it at zero after centering.
            scale[j] = sd > 1e-12 * Math.Max(1, Math.Abs(mean[j])) ? sd : 1;
        }

        var at = 0;
        foreach (var f in features)
        {
            f.Mean = mean[at..(at + f.Width)];
            f.Scale = scale[at..(at + f.Width)];
            at += f.Width;
        }

        return design;
    }

    /// <summary>Row-major <c>rows × Width</c> design matrix, standardized unless asked otherwise.</summary>
    public double[] Transform(DataFrame frame, bool standardize = true)
    {
        var n = frame.RowCount;
        var width = Width;
        var x = new double[(long)n * width];
        var at = 0;
        foreach (var f in _features)
        {
            if (!frame.TryGetColumn(f.Name, out var column))
            {
                throw new InputDataException($"feature column missing from the data: '{f.Name}'");
            }

            if (f.Levels is null)
            {
                var values = FeatureSchema.AsNumeric(column).Numbers;
                for (var r = 0; r < n; r++)
                {
                    var v = values[r];
                    v = double.IsNaN(v) ? f.Fill : double.IsPositiveInfinity(v) ? f.High : double.IsNegativeInfinity(v) ? f.Low : v;
                    // A finite but absurd value (1e308) would overflow the linear score to ±∞ and then NaN:
                    // beyond a million standard deviations every value says the same thing.
                    x[((long)r * width) + at] = standardize ? Math.Clamp((v - f.Mean[0]) / f.Scale[0], -MaxStandardized, MaxStandardized) : v;
                }
            }
            else
            {
                var slot = LevelSlots(column, f.Levels);
                for (var r = 0; r < n; r++)
                {
                    var row = x.AsSpan((int)((long)r * width) + at, f.Width);
                    var hit = slot[r];
                    for (var j = 0; j < row.Length; j++)
                    {
                        var v = j == hit ? 1.0 : 0.0;
                        row[j] = standardize ? (v - f.Mean[j]) / f.Scale[j] : v;
                    }
                }
            }

            at += f.Width;
        }

        return x;
    }

    /// <summary>
    /// Importance per original feature from standardized coefficients (one row per output): the sum
    /// of |coefficient| over outputs and over a categorical feature's levels, normalised to sum to 1.
    /// </summary>
    public IReadOnlyDictionary<string, double> Importance(double[][] standardizedCoefficients)
    {
        var raw = new double[_features.Length];
        var at = 0;
        for (var i = 0; i < _features.Length; i++)
        {
            foreach (var w in standardizedCoefficients)
            {
                for (var j = 0; j < _features[i].Width; j++)
                {
                    raw[i] += Math.Abs(w[at + j]);
                }
            }

            at += _features[i].Width;
        }

        var total = raw.Sum();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Length; i++)
        {
            result[_features[i].Name] = total > 0 && double.IsFinite(total) ? raw[i] / total : 0;
        }

        return result;
    }

    /// <summary>Turns standardized coefficients and intercept into ones on the imputed, unstandardized design.</summary>
    public (double[] Coefficients, double Intercept) Unstandardize(ReadOnlySpan<double> coefficients, double intercept)
    {
        var raw = new double[Width];
        var at = 0;
        foreach (var f in _features)
        {
            for (var j = 0; j < f.Width; j++)
            {
                raw[at + j] = coefficients[at + j] / f.Scale[j];
                intercept -= raw[at + j] * f.Mean[j];
            }

            at += f.Width;
        }

        return (raw, intercept);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_features.Length);
        foreach (var f in _features)
        {
            writer.Write(f.Name);
            writer.Write(f.Levels is not null);
            if (f.Levels is null)
            {
                writer.Write(f.Fill);
                writer.Write(f.Low);
                writer.Write(f.High);
            }
            else
            {
                writer.Write(f.Levels.Length);
                foreach (var l in f.Levels)
                {
                    writer.Write(l);
                }
            }

            for (var j = 0; j < f.Width; j++)
            {
                writer.Write(f.Mean[j]);
                writer.Write(f.Scale[j]);
            }
        }
    }

    public static LinearDesign ReadFrom(BinaryReader reader)
    {
        var count = ReadCount(reader);
        var features = new Feature[count];
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            Feature f;
            if (!reader.ReadBoolean())
            {
                f = new Feature(name, null) { Fill = reader.ReadDouble(), Low = reader.ReadDouble(), High = reader.ReadDouble() };
            }
            else
            {
                var levels = new string[ReadCount(reader)];
                for (var l = 0; l < levels.Length; l++)
                {
                    levels[l] = reader.ReadString();
                }

                f = new Feature(name, levels);
            }

            f.Mean = new double[f.Width];
            f.Scale = new double[f.Width];
            for (var j = 0; j < f.Width; j++)
            {
                f.Mean[j] = reader.ReadDouble();
                f.Scale[j] = reader.ReadDouble();
            }

            features[i] = f;
        }

        return new LinearDesign(features);
    }

    internal static int ReadCount(BinaryReader reader) =>
        ModelBody.ReadCount(reader, 1) is { } count and <= 1 << 24 ? count : throw new InvalidDataException("implausible count");

    private static Feature FitNumeric(Column column)
    {
        var finite = column.Numbers.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return new Feature(column.Name, null) { Fill = 0, Low = 0, High = 0 };
        }

        Array.Sort(finite);
        var mid = finite.Length / 2;
        var median = finite.Length % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
        return new Feature(column.Name, null) { Fill = median, Low = finite[0], High = finite[^1] };
    }

    private static Feature FitCategorical(Column column)
    {
        var counts = new int[column.Levels.Length];
        foreach (var c in column.Codes)
        {
            if (c >= 0)
            {
                counts[c]++;
            }
        }

        // The most frequent levels, ties in order of first appearance (OrderByDescending is stable).
        var kept = Enumerable.Range(0, counts.Length)
            .Where(l => counts[l] > 0)
            .OrderByDescending(l => counts[l])
            .Take(MaxLevels)
            .Order()
            .Select(l => column.Levels[l])
            .ToArray();
        return new Feature(column.Name, kept);
    }

    private static int[] LevelSlots(Column column, string[] levels)
    {
        var index = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
        for (var l = 0; l < levels.Length; l++)
        {
            index[levels[l]] = l;
        }

        var slots = new int[column.Length];
        if (column.Kind == ColumnKind.Categorical)
        {
            var own = column.Levels;
            var map = own.Select(l => index.TryGetValue(l, out var s) ? s : -1).ToArray();
            var codes = column.Codes;
            for (var r = 0; r < slots.Length; r++)
            {
                slots[r] = codes[r] < 0 ? -1 : map[codes[r]];
            }
        }
        else
        {
            for (var r = 0; r < slots.Length; r++)
            {
                var s = column.GetString(r);
                slots[r] = s is not null && index.TryGetValue(s, out var slot) ? slot : -1;
            }
        }

        return slots;
    }

    private sealed class Feature(string name, string[]? levels)
    {
        public string Name { get; } = name;

        public string[]? Levels { get; } = levels;

        public int Width => Levels?.Length ?? 1;

        public double Fill { get; init; }

        public double Low { get; init; }

        public double High { get; init; }

        public double[] Mean { get; set; } = [];

        public double[] Scale { get; set; } = [];
    }
}
