namespace DriftCatcher.Core.Performance;

/// <summary>
/// How sure a classifier was over a window: the mean and spread of its max-probability and of its
/// normalized entropy (−Σ p ln p / ln k, 0 = certain, 1 = uniform), with 20-bin histograms of both over
/// [0, 1]. Rows are normalized to sum to 1 first. Serializable, so the reference summary can be stored.
/// </summary>
public sealed record ConfidenceSummary
{
    /// <summary>Bins of both histograms, equal widths over [0, 1].</summary>
    public const int Bins = 20;

    public required int Rows { get; init; }

    public required int ClassCount { get; init; }

    public double MeanMaxProbability { get; init; }

    /// <summary>Sample standard deviation of the max-probability (0 below two rows).</summary>
    public double StdMaxProbability { get; init; }

    public double MeanEntropy { get; init; }

    public double StdEntropy { get; init; }

    public required int[] MaxProbabilityHistogram { get; init; }

    public required int[] EntropyHistogram { get; init; }

    /// <summary>Summarizes row-major probabilities (rows × <paramref name="classCount"/>); an empty window gives Rows = 0.</summary>
    public static ConfidenceSummary Compute(ReadOnlySpan<double> probabilities, int classCount)
    {
        var n = ProbabilityMatrix.Rows(probabilities, classCount);
        var logK = Math.Log(classCount);
        var maxHistogram = new int[Bins];
        var entropyHistogram = new int[Bins];

        // Welford's running moments: stable for windows of millions of rows.
        double meanMax = 0, m2Max = 0, meanEntropy = 0, m2Entropy = 0;
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            var (max, entropy) = MaxAndEntropy(row, logK);
            var count = i + 1;
            var d = max - meanMax;
            meanMax += d / count;
            m2Max += d * (max - meanMax);
            d = entropy - meanEntropy;
            meanEntropy += d / count;
            m2Entropy += d * (entropy - meanEntropy);
            maxHistogram[Bin(max)]++;
            entropyHistogram[Bin(entropy)]++;
        }

        return new ConfidenceSummary
        {
            Rows = n,
            ClassCount = classCount,
            MeanMaxProbability = meanMax,
            StdMaxProbability = n > 1 ? Math.Sqrt(m2Max / (n - 1)) : 0,
            MeanEntropy = meanEntropy,
            StdEntropy = n > 1 ? Math.Sqrt(m2Entropy / (n - 1)) : 0,
            MaxProbabilityHistogram = maxHistogram,
            EntropyHistogram = entropyHistogram,
        };
    }

    internal static (double Max, double Entropy) MaxAndEntropy(ReadOnlySpan<double> row, double logK)
    {
        double sum = 0, max = 0;
        foreach (var p in row)
        {
            sum += p;
            max = Math.Max(max, p);
        }

        if (sum <= 0)
        {
            // No mass at all: as unsure as a model can be.
            return (1.0 / row.Length, 1.0);
        }

        double entropy = 0;
        foreach (var p in row)
        {
            if (p > 0)
            {
                var q = p / sum;
                entropy -= q * Math.Log(q);
            }
        }

        return (max / sum, Math.Clamp(entropy / logK, 0, 1));
    }

    private static int Bin(double v) => Math.Min(Bins - 1, (int)(v * Bins));
}
