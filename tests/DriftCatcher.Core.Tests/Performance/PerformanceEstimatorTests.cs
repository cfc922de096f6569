using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Performance;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class PerformanceEstimatorTests
{
    private const int ReferenceRows = 20_000;
    private const int WindowRows = 5_000;

    // Covariate shifts: the input distribution moves (mean, spread), P(y | x) does not.
    public static TheoryData<double, double, double, double> Shifts => new()
    {
        { 0, 0, 0, 1 },
        { 1.0, 0, 0, 1 },
        { -1.0, 0.5, 0, 1 },
        { 0.5, 0.75, 0, 1 },
        { 0, 0, 2.0, 1 },
        { 0, 0, 0, 0.4 },
        { 0, 0, 0, 2.0 },
        { 1.5, -1.5, 1.0, 0.7 },
    };

    [Theory]
    [MemberData(nameof(Shifts))]
    public void Estimate_Binary_CovariateShift_WithinTwoPointsOfRealized(double m0, double m1, double m2, double scale)
    {
        AssertTracks(SimulatedClassifier.Binary(), [m0, m1, m2], scale);
    }

    [Theory]
    [MemberData(nameof(Shifts))]
    public void Estimate_ThreeClasses_CovariateShift_WithinTwoPointsOfRealized(double m0, double m1, double m2, double scale)
    {
        AssertTracks(SimulatedClassifier.ThreeClasses(), [m0, m1, m2], scale);
    }

    [Fact]
    public void Estimate_ShiftedWindows_SpanAWideRangeOfAccuracy()
    {
        // Without this the tracking tests above could pass with a constant estimate.
        var world = SimulatedClassifier.Binary();
        var realized = Shifts.Select(s => Realized(world.Sample(WindowRows, [s.Data.Item1, s.Data.Item2, s.Data.Item3], s.Data.Item4, 99))).ToArray();

        (realized.Max() - realized.Min()).ShouldBeGreaterThan(0.15);
    }

    [Fact]
    public void Estimate_ConceptDrift_DoesNotFollowTheRealizedDrop()
    {
        var world = SimulatedClassifier.Binary();
        var (labels, probabilities) = world.Sample(ReferenceRows, [0, 0, 0], 1, seed: 1);
        var estimator = PerformanceEstimator.Fit(labels, probabilities, 2);

        // Same inputs, same model outputs, but feature 2 now pushes y the other way.
        var drifted = world.WithConcept([[0, 0, 0], [1.5, 1.0, 0.5]]);
        var window = drifted.Sample(WindowRows, [0, 0, 0], 1, seed: 2);
        var estimate = estimator.Estimate(window.Probabilities);
        var realized = Realized(window);

        (estimator.ReferenceAccuracy - realized).ShouldBeGreaterThan(0.1);
        (estimate.Accuracy - realized).ShouldBeGreaterThan(0.1);
        Math.Abs(estimate.Accuracy - estimator.ReferenceAccuracy).ShouldBeLessThan(0.02);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Estimator_JsonRoundTrip_GivesTheSameEstimate(int classes)
    {
        var world = classes == 2 ? SimulatedClassifier.Binary() : SimulatedClassifier.ThreeClasses();
        var (labels, probabilities) = world.Sample(5_000, [0, 0, 0], 1, seed: 3);
        var estimator = PerformanceEstimator.Fit(labels, probabilities, classes);
        var window = world.Sample(1_000, [0.5, 0, 0], 1, seed: 4).Probabilities;

        var json = estimator.ToJson();
        var back = PerformanceEstimator.FromJson(json);

        back.Estimate(window).ShouldBe(estimator.Estimate(window));
        back.ReferenceAccuracy.ShouldBe(estimator.ReferenceAccuracy);
        json.Length.ShouldBeLessThan(200_000);
    }

    [Fact]
    public void Estimate_EmptyWindow_HasNoRows()
    {
        var world = SimulatedClassifier.Binary();
        var (labels, probabilities) = world.Sample(1_000, [0, 0, 0], 1, seed: 5);

        PerformanceEstimator.Fit(labels, probabilities, 2).Estimate([]).Rows.ShouldBe(0);
    }

    [Fact]
    public void Drop_BelowBaselineBeyondMargin_IsFinding()
    {
        var big = EstimatedPerformanceDrop.Check(new PerformanceEstimate(5_000, 0.70, 0.006), 0.85)!;
        big.Kind.ShouldBe(FindingKind.EstimatedPerformanceDrop);
        big.Code.ShouldBe(EstimatedPerformanceDrop.Code);
        big.Severity.ShouldBe(Severity.Critical);
        big.Evidence["drop"].ShouldBe(0.15, 1e-12);

        EstimatedPerformanceDrop.Check(new PerformanceEstimate(5_000, 0.80, 0.006), 0.85)!.Severity.ShouldBe(Severity.Warning);
        EstimatedPerformanceDrop.Check(new PerformanceEstimate(5_000, 0.83, 0.006), 0.85).ShouldBeNull();
        EstimatedPerformanceDrop.Check(new PerformanceEstimate(5_000, 0.95, 0.006), 0.85).ShouldBeNull();
    }

    [Fact]
    public void Drop_SmallNoisyWindow_NeedsMoreThanTheMargin()
    {
        // 40 rows: standard error ≈ 0.06, so a 0.1 drop is within 3 standard errors.
        EstimatedPerformanceDrop.Check(new PerformanceEstimate(40, 0.75, 0.06), 0.85).ShouldBeNull();
        EstimatedPerformanceDrop.Check(new PerformanceEstimate(40, 0.60, 0.06), 0.85)!.Evidence["threshold"].ShouldBe(0.18, 1e-12);
    }

    [Fact]
    public void Drop_EstimatorUnderCovariateShiftThatHurtsAccuracy_RaisesFinding()
    {
        var world = SimulatedClassifier.Binary();
        var (labels, probabilities) = world.Sample(ReferenceRows, [0, 0, 0], 1, seed: 6);
        var estimator = PerformanceEstimator.Fit(labels, probabilities, 2);

        // Inputs crowd the decision boundary: realized accuracy falls, and the estimate sees it.
        var window = world.Sample(WindowRows, [0, 0, 0], 0.3, seed: 7);
        var finding = EstimatedPerformanceDrop.Check(estimator.Estimate(window.Probabilities), estimator.ReferenceAccuracy);

        finding.ShouldNotBeNull();
        finding.Severity.ShouldBe(Severity.Critical);
    }

    private static void AssertTracks(SimulatedClassifier world, double[] mean, double scale)
    {
        var (labels, probabilities) = world.Sample(ReferenceRows, [0, 0, 0], 1, seed: 1);
        var estimator = PerformanceEstimator.Fit(labels, probabilities, world.Classes);

        var window = world.Sample(WindowRows, mean, scale, seed: 1_000 + (int)(mean.Sum() * 100) + (int)(scale * 10));
        var estimate = estimator.Estimate(window.Probabilities);
        var realized = Realized(window);

        Math.Abs(estimate.Accuracy - realized).ShouldBeLessThan(0.02, $"estimate {estimate.Accuracy:F4}, realized {realized:F4}");
    }

    private static double Realized((int[] Labels, double[] Probabilities) window)
    {
        var k = window.Probabilities.Length / window.Labels.Length;
        return ClassificationMetrics.Compute(window.Labels, window.Probabilities, k).Accuracy;
    }
}
