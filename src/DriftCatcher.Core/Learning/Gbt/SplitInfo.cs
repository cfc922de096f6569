namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>The best split found for a node (or for one feature of it). Gain &lt;= 0 means none.</summary>
internal struct SplitInfo
{
    public double Gain;
    public int Feature;

    /// <summary>Numeric split: bins &lt;= Bin go left.</summary>
    public int Bin;
    public bool MissingLeft;
    public bool Categorical;

    /// <summary>Categorical split: the bins that go left.</summary>
    public Bitset256 LeftBins;
    public double GLeft;
    public double HLeft;
    public int NLeft;
    public double GRight;
    public double HRight;
    public int NRight;

    public static SplitInfo None => new() { Gain = -1, Feature = -1 };
}
