using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// A fitted gradient-boosted tree ensemble. Numeric features are compared with raw thresholds
/// (NaN follows each split's learned missing direction; ±Infinity falls in the extreme bins);
/// categorical features are matched by category text, and categories never seen in training take
/// the missing path. Immutable and safe for concurrent predictions.
/// </summary>
public sealed class GbtPredictor : IPredictor
{
    private const int FormatVersion = 1;

    /// <summary>Rows per block: each block walks all trees, so a tree's nodes stay in cache.</summary>
    private const int BlockRows = 1024;

    private readonly FeatureBinning[] _features;
    private readonly double[] _baseline;
    private readonly GbtTree[] _trees;
    private readonly double[] _importance;

    internal GbtPredictor(TaskKind task, int classCount, FeatureBinning[] features, double[] baseline, GbtTree[] trees, double[] importance, int iterations)
    {
        Task = task;
        ClassCount = classCount;
        _features = features;
        _baseline = baseline;
        _trees = trees;
        _importance = importance;
        Iterations = iterations;
        FeatureNames = [.. features.Select(f => f.Name)];
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var f = 0; f < features.Length; f++)
        {
            map[features[f].Name] = importance[f];
        }

        FeatureImportance = map;
    }

    public string Algorithm => "gbt";

    public TaskKind Task { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public int OutputWidth => Task == TaskKind.Regression ? 1 : ClassCount;

    public IReadOnlyDictionary<string, double> FeatureImportance { get; }

    /// <summary>Boosting iterations run; fewer than max-iter when early stopping ended training.</summary>
    public int Iterations { get; }

    internal int ClassCount { get; }

    internal int Outputs => _baseline.Length;

    internal IReadOnlyList<GbtTree> Trees => _trees;

    internal IReadOnlyList<FeatureBinning> Features => _features;

    public void Predict(DataFrame features, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(features);
        var rows = features.RowCount;
        var width = OutputWidth;
        if (output.Length != (long)rows * width)
        {
            throw new ArgumentException($"output holds {output.Length} values; {rows} rows × {width} need {(long)rows * width}", nameof(output));
        }

        var columns = new double[_features.Length][];
        for (var f = 0; f < _features.Length; f++)
        {
            var name = _features[f].Name;
            columns[f] = features.TryGetColumn(name, out var c)
                ? _features[f].PredictValues(c)
                : throw new InputDataException($"feature column '{name}' is missing");
        }

        var result = new double[rows * width];
        var blocks = (rows + BlockRows - 1) / BlockRows;
        if (blocks > 1 && (long)rows * _trees.Length > 200_000)
        {
            Parallel.For(0, blocks, b => PredictBlock(columns, b * BlockRows, Math.Min(rows, (b + 1) * BlockRows), result));
        }
        else
        {
            for (var b = 0; b < blocks; b++)
            {
                PredictBlock(columns, b * BlockRows, Math.Min(rows, (b + 1) * BlockRows), result);
            }
        }

        result.CopyTo(output);
    }

    private void PredictBlock(double[][] columns, int from, int to, double[] result)
    {
        var outputs = _baseline.Length;
        var count = to - from;
        var raw = new double[outputs * count];
        for (var k = 0; k < outputs; k++)
        {
            raw.AsSpan(k * count, count).Fill(_baseline[k]);
        }

        for (var t = 0; t < _trees.Length; t++)
        {
            var tree = _trees[t];
            var slice = raw.AsSpan((t % outputs) * count, count);
            for (var i = 0; i < count; i++)
            {
                slice[i] += tree.Predict(columns, from + i);
            }
        }

        switch (Task)
        {
            case TaskKind.Regression:
                raw.AsSpan().CopyTo(result.AsSpan(from));
                break;
            case TaskKind.BinaryClassification:
                for (var i = 0; i < count; i++)
                {
                    var p = BinaryLogLoss.Sigmoid(raw[i]);
                    result[(2 * (from + i)) + 1] = p;
                    result[2 * (from + i)] = 1 - p;
                }

                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    var o = result.AsSpan((from + i) * outputs, outputs);
                    var max = double.NegativeInfinity;
                    for (var k = 0; k < outputs; k++)
                    {
                        max = Math.Max(max, raw[(k * count) + i]);
                    }

                    double s = 0;
                    for (var k = 0; k < outputs; k++)
                    {
                        o[k] = Math.Exp(raw[(k * count) + i] - max);
                        s += o[k];
                    }

                    for (var k = 0; k < outputs; k++)
                    {
                        o[k] /= s;
                    }
                }

                break;
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write((int)Task);
        writer.Write(ClassCount);
        writer.Write(Iterations);
        writer.Write(_features.Length);
        for (var f = 0; f < _features.Length; f++)
        {
            _features[f].WriteTo(writer);
            writer.Write(_importance[f]);
        }

        writer.Write(_baseline.Length);
        foreach (var b in _baseline)
        {
            writer.Write(b);
        }

        writer.Write(_trees.Length);
        foreach (var t in _trees)
        {
            t.WriteTo(writer);
        }
    }

    /// <summary>Reads exactly what <see cref="WriteTo"/> wrote. Throws <see cref="InputDataException"/> for a body it cannot use.</summary>
    public static GbtPredictor ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return Read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InputDataException("gbt model body is truncated", e);
        }
    }

    /// <summary>The most classes a model body may declare (one baseline score and one tree per class and iteration).</summary>
    private const int MaxClasses = 1 << 16;

    private static GbtPredictor Read(BinaryReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InputDataException($"gbt model body has format version {version}; this build reads version {FormatVersion}");
        }

        var task = (TaskKind)reader.ReadInt32();
        var classCount = reader.ReadInt32();
        var iterations = reader.ReadInt32();
        var outputsExpected = task switch
        {
            TaskKind.Regression => 1,
            TaskKind.BinaryClassification when classCount == 2 => 1,
            TaskKind.MulticlassClassification when classCount >= 2 && classCount <= MaxClasses => classCount,
            _ => throw new InputDataException($"gbt model body is corrupt: task {(int)task} with {classCount} classes"),
        };

        // A feature takes at least 18 bytes (an empty name, its kind, two counts, its importance).
        var featureCount = ModelBody.ReadCount(reader, 18) ?? -1;
        if (featureCount is < 0 or > 1 << 20)
        {
            throw new InputDataException("gbt model body is corrupt: its feature count is out of range");
        }

        var features = new FeatureBinning[featureCount];
        var importance = new double[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            features[f] = FeatureBinning.ReadFrom(reader);
            importance[f] = reader.ReadDouble();
        }

        var outputs = reader.ReadInt32();
        if (outputs != outputsExpected)
        {
            throw new InputDataException($"gbt model body is corrupt: {outputs} outputs for {classCount} classes");
        }

        var baseline = new double[outputs];
        for (var k = 0; k < outputs; k++)
        {
            baseline[k] = reader.ReadDouble();
        }

        // A tree takes at least 20 bytes (its node count, one leaf, its set count).
        var treeCount = ModelBody.ReadCount(reader, 20) ?? throw new InputDataException("gbt model body is corrupt: its tree count is out of range");
        if (treeCount % outputs != 0)
        {
            throw new InputDataException($"gbt model body is corrupt: {treeCount} trees for {outputs} outputs");
        }

        var trees = new GbtTree[treeCount];
        for (var t = 0; t < treeCount; t++)
        {
            trees[t] = GbtTree.ReadFrom(reader, features);
        }

        return new GbtPredictor(task, classCount, features, baseline, trees, importance, iterations);
    }
}
