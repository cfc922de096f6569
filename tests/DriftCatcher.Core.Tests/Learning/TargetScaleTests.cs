using DriftCatcher.Core.Learning;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class TargetScaleTests
{
    private const double Low = 8.673617379884035E-19; // 2^-60
    private const double High = 1.152921504606847E+18; // 2^60

    [Theory]
    [InlineData(1e200, 664)]
    [InlineData(-1e200, 664)]
    [InlineData(1e-50, -166)]
    [InlineData(3.0, 0)]
    [InlineData(1e17, 0)]
    public void Exponent_OfUniformTargets_BringsTheLargestIntoOneToTwo(double unit, int expected)
    {
        double[] targets = [.. Enumerable.Range(1, 50).Select(i => unit * (1 + (i / 100.0)))];

        var e = TargetScale.Exponent(targets, Low, High);

        e.ShouldBe(expected);
        if (e != 0)
        {
            TargetScale.Scaled(targets, e).Max(Math.Abs).ShouldBeInRange(1, 2);
        }
    }

    /// <summary>One label of 1e50 among values near 10 (a review probe): scaled, the others would fall below what float
    /// gradients resolve and the model would learn only the outlier; left alone, the learner's overflow is refused.</summary>
    [Fact]
    public void Exponent_OfOneLabelFarOffTheRest_IsZero()
    {
        double[] targets = [.. Enumerable.Range(1, 300).Select(i => 5.0 + (i % 17)), 1e50];

        TargetScale.Exponent(targets, Low, High).ShouldBe(0);
        TargetScale.Scaled(targets, 0).ShouldBeSameAs(targets);
    }

    [Fact]
    public void Exponent_OfMostlyZeroTargets_JudgesTheSpreadOnTheNonzeroOnes()
    {
        double[] targets = [.. Enumerable.Repeat(0.0, 900), .. Enumerable.Range(1, 100).Select(i => i * 1e200)];

        TargetScale.Exponent(targets, Low, High).ShouldBe(Math.ILogB(1e202));
    }
}
