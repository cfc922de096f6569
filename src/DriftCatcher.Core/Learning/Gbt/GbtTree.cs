using System.Runtime.CompilerServices;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>A fitted regression tree; children always come after their parent, so walks terminate.</summary>
internal sealed class GbtTree
{
    public GbtTree(TreeNode[] nodes, Bitset256[] categorySets)
    {
        Nodes = nodes;
        CategorySets = categorySets;
    }

    public TreeNode[] Nodes { get; }

    public Bitset256[] CategorySets { get; }

    /// <summary>The leaf value for one row of predictor values (see <see cref="FeatureBinning.PredictValues"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Predict(double[][] columns, int row)
    {
        var nodes = Nodes;
        var i = 0;
        while (true)
        {
            ref readonly var node = ref nodes[i];
            if (node.Feature < 0)
            {
                return node.Value;
            }

            var x = columns[node.Feature][row];
            bool left;
            if (double.IsNaN(x))
            {
                left = node.MissingLeft;
            }
            else if (node.CategorySlot < 0)
            {
                left = x <= node.Threshold;
            }
            else
            {
                left = CategorySets[node.CategorySlot].Contains((int)x);
            }

            i = left ? node.Left : node.Right;
        }
    }

    /// <summary>The leaf value for one row of binned data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PredictBinned(byte[][] bins, int[] missingBins, int row)
    {
        var nodes = Nodes;
        var i = 0;
        while (true)
        {
            ref readonly var node = ref nodes[i];
            if (node.Feature < 0)
            {
                return node.Value;
            }

            int b = bins[node.Feature][row];
            bool left;
            if (b == missingBins[node.Feature])
            {
                left = node.MissingLeft;
            }
            else if (node.CategorySlot < 0)
            {
                left = b <= node.Bin;
            }
            else
            {
                left = CategorySets[node.CategorySlot].Contains(b);
            }

            i = left ? node.Left : node.Right;
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Nodes.Length);
        foreach (var n in Nodes)
        {
            writer.Write(n.Feature);
            if (n.Feature < 0)
            {
                writer.Write(n.Value);
                continue;
            }

            writer.Write(n.Left);
            writer.Write(n.Right);
            writer.Write(n.Bin);
            writer.Write(n.CategorySlot);
            writer.Write(n.MissingLeft);
            writer.Write(n.Threshold);
        }

        writer.Write(CategorySets.Length);
        foreach (var set in CategorySets)
        {
            for (var w = 0; w < 4; w++)
            {
                writer.Write(set[w]);
            }
        }
    }

    public static GbtTree ReadFrom(BinaryReader reader, IReadOnlyList<FeatureBinning> features)
    {
        // A leaf takes 12 bytes (feature −1, value).
        var count = ModelBody.ReadCount(reader, 12) ?? -1;
        if (count is < 1 or > 1 << 24)
        {
            throw Corrupt("a tree's node count is out of range");
        }

        var nodes = new TreeNode[count];
        var maxSlot = -1;
        for (var i = 0; i < count; i++)
        {
            ref var n = ref nodes[i];
            n.Feature = reader.ReadInt32();
            if (n.Feature < 0)
            {
                n.Feature = -1;
                n.Value = reader.ReadDouble();
                continue;
            }

            n.Left = reader.ReadInt32();
            n.Right = reader.ReadInt32();
            n.Bin = reader.ReadInt32();
            n.CategorySlot = reader.ReadInt32();
            n.MissingLeft = reader.ReadBoolean();
            n.Threshold = reader.ReadDouble();
            if (n.Feature >= features.Count || n.Left <= i || n.Right <= i || n.Left >= count || n.Right >= count || n.CategorySlot < -1)
            {
                throw Corrupt($"node {i} of a tree points outside it");
            }

            if ((n.CategorySlot >= 0) != features[n.Feature].IsCategorical)
            {
                throw Corrupt($"node {i} of a tree splits '{features[n.Feature].Name}' as the wrong kind of feature");
            }

            maxSlot = Math.Max(maxSlot, n.CategorySlot);
        }

        var sets = new Bitset256[ModelBody.ReadCount(reader, 32) ?? throw Corrupt("a tree's category set count is out of range")];
        if (sets.Length <= maxSlot)
        {
            throw Corrupt("a tree lacks category sets its nodes use");
        }

        for (var s = 0; s < sets.Length; s++)
        {
            for (var w = 0; w < 4; w++)
            {
                sets[s][w] = reader.ReadUInt64();
            }
        }

        return new GbtTree(nodes, sets);
    }

    private static InputDataException Corrupt(string what) => new($"gbt model body is corrupt: {what}");
}
