namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>
/// One node of a fitted tree. A leaf has <see cref="Feature"/> = -1 and its output in <see cref="Value"/>.
/// A split sends a row left when its value is missing and <see cref="MissingLeft"/>, or (numeric)
/// when value &lt;= <see cref="Threshold"/> (equivalently bin &lt;= <see cref="Bin"/>), or (categorical)
/// when its bin is in the tree's category set at <see cref="CategorySlot"/>.
/// </summary>
internal struct TreeNode
{
    public int Feature;
    public int Left;
    public int Right;
    public int Bin;

    /// <summary>-1 for a numeric split; otherwise the index of the left-going category set in <see cref="GbtTree.CategorySets"/>.</summary>
    public int CategorySlot;
    public bool MissingLeft;
    public double Threshold;
    public double Value;

    public readonly bool IsLeaf => Feature < 0;
}
