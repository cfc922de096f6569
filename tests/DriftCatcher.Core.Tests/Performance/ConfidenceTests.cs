using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Performance;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class ConfidenceTests
{
    [Fact]
    public void Summary_KnownRows_HasClosedFormMomentsAndHistograms()
    {
        // Rows: certain, uniform, and (0.25, 0.25, 0.5) whose entropy is 1.5 ln 2 nats.
        double[] p = [1, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0.25, 0.25, 0.5];

        var s = ConfidenceSummary.Compute(p, 3);

        var entropies = new[] { 0, 1, 1.5 * Math.Log(2) / Math.Log(3) };
        var maxes = new[] { 1, 1 / 3.0, 0.5 };
        s.Rows.ShouldBe(3);
        s.MeanMaxProbability.ShouldBe(maxes.Average(), 1e-12);
        s.MeanEntropy.ShouldBe(entropies.Average(), 1e-12);
        s.StdMaxProbability.ShouldBe(SampleStd(maxes), 1e-12);
        s.StdEntropy.ShouldBe(SampleStd(entropies), 1e-12);
        s.MaxProbabilityHistogram[19].ShouldBe(1);
        s.MaxProbabilityHistogram[6].ShouldBe(1);
        s.MaxProbabilityHistogram[10].ShouldBe(1);
        s.EntropyHistogram[0].ShouldBe(1);
        s.EntropyHistogram[19].ShouldBe(1);
        s.EntropyHistogram.Sum().ShouldBe(3);
    }

    [Fact]
    public void Summary_UnnormalizedRows_AreNormalizedFirst()
    {
        var s = ConfidenceSummary.Compute([0.2, 0.2], 2);

        s.MeanMaxProbability.ShouldBe(0.5, 1e-12);
        s.MeanEntropy.ShouldBe(1, 1e-12);
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(2_000, 2)]
    [InlineData(50_000, 3)]
    public void Compare_SameDistribution_NoFinding(int rows, int seed)
    {
        var world = SimulatedClassifier.ThreeClasses();
        var reference = ConfidenceSummary.Compute(world.Sample(20_000, [0, 0, 0], 1, 100).Probabilities, 3);
        var current = ConfidenceSummary.Compute(world.Sample(rows, [0, 0, 0], 1, seed).Probabilities, 3);

        var c = ConfidenceComparison.Compare(reference, current);

        c.Sufficient.ShouldBeTrue();
        c.Findings.ShouldBeEmpty();
        Math.Abs(c.ConfidenceZ).ShouldBeLessThan(4);
    }

    [Fact]
    public void Compare_InputsCrowdTheBoundary_ConfidenceDropAndEntropyRise()
    {
        var world = SimulatedClassifier.ThreeClasses();
        var reference = ConfidenceSummary.Compute(world.Sample(20_000, [0, 0, 0], 1, 100).Probabilities, 3);
        var current = ConfidenceSummary.Compute(world.Sample(3_000, [0, 0, 0], 0.3, 4).Probabilities, 3);

        var c = ConfidenceComparison.Compare(reference, current);

        c.Findings.Select(f => f.Code).ShouldBe([ConfidenceComparison.ConfidenceDropCode, ConfidenceComparison.EntropyRiseCode]);
        c.Findings.ShouldAllBe(f => f.Kind == FindingKind.ConfidenceDrop && f.Severity == Severity.Critical);
        c.Findings[0].Evidence["change"].ShouldBe(c.ConfidenceDrop);
        c.ConfidenceDrop.ShouldBeGreaterThan(ConfidenceOptions.DefaultCriticalConfidenceDrop);
    }

    [Fact]
    public void Compare_SmallWindowWithModestDrop_IsNotSignificant()
    {
        var reference = Summary(rows: 10_000, mean: 0.85, sd: 0.12);
        var current = Summary(rows: 40, mean: 0.80, sd: 0.12);

        var c = ConfidenceComparison.Compare(reference, current);

        c.ConfidenceDrop.ShouldBe(0.05, 1e-12);
        c.ConfidenceZ.ShouldBeLessThan(ConfidenceOptions.DefaultSignificanceZ);
        c.Findings.ShouldBeEmpty();

        // The same drop over 4,000 rows is real: Warning (below the critical 0.10).
        var large = ConfidenceComparison.Compare(reference, current with { Rows = 4_000 });
        large.Findings.Single().Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Compare_TinyDropInHugeWindow_IsBelowThePracticalFloor()
    {
        var c = ConfidenceComparison.Compare(Summary(1_000_000, 0.85, 0.1), Summary(1_000_000, 0.84, 0.1));

        c.ConfidenceZ.ShouldBeGreaterThan(40 - 1e-9);
        c.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Compare_TooFewRows_IsInsufficient()
    {
        var c = ConfidenceComparison.Compare(Summary(10_000, 0.9, 0.1), Summary(10, 0.3, 0.1));

        c.Sufficient.ShouldBeFalse();
        c.Findings.ShouldBeEmpty();
    }

    private static ConfidenceSummary Summary(int rows, double mean, double sd) => new()
    {
        Rows = rows,
        ClassCount = 2,
        MeanMaxProbability = mean,
        StdMaxProbability = sd,
        MeanEntropy = 0.3,
        StdEntropy = 0.1,
        MaxProbabilityHistogram = new int[ConfidenceSummary.Bins],
        EntropyHistogram = new int[ConfidenceSummary.Bins],
    };

    private static double SampleStd(double[] v)
    {
        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }
}
