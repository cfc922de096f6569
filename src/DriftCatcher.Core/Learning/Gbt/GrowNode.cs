namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>A node while its tree grows: the rows it holds are Indices[Start..Start+Count).</summary>
internal struct GrowNode
{
    public int Start;
    public int Count;
    public int Depth;
    public double SumG;
    public double SumH;
    public HistBin[]? Histogram;
    public SplitInfo Split;
    public int Left;
    public int Right;
    public bool IsLeaf;
}
