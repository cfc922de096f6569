using DriftCatcher.Twin.Reporting;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Reporting;

public sealed class ValueScaleTests
{
    // Enough to tell "a few" from "endless": an axis never needs more than a few dozen ticks.
    private const int Probe = 1000;

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    [InlineData(double.MaxValue)]
    [InlineData(1e308)]
    [InlineData(-5.0)]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(3.7)]
    public void ZeroTo_AnyMax_GivesAFewFiniteTicksInsideThePlot(double max)
    {
        var scale = ValueScale.ZeroTo(max, top: 10, bottom: 250);

        double.IsFinite(scale.High).ShouldBeTrue();
        scale.High.ShouldBeGreaterThan(scale.Low);
        var ticks = scale.Ticks().Take(Probe).ToList();
        ticks.Count.ShouldBeInRange(2, 20);
        ticks.ShouldAllBe(t => double.IsFinite(t));
        ticks.Select(scale.Y).ShouldAllBe(y => y >= 10 && y <= 250);
    }

    [Theory]
    [InlineData(1e20, 1e20 + 1e4)] // the step is below the spacing of doubles at 1e20: v += step never moves
    [InlineData(0.0, double.PositiveInfinity)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(-double.MaxValue, double.MaxValue)]
    [InlineData(0.0, 1e-300)]
    [InlineData(5.0, 5.0)]
    [InlineData(2.0, 1.0)]
    public void Ticks_AbsurdRange_EndsWithFewFiniteTicks(double low, double high)
    {
        var scale = new ValueScale(low, high, 10, 250);

        var ticks = scale.Ticks().Take(Probe).ToList();

        ticks.Count.ShouldBeLessThanOrEqualTo(20);
        ticks.ShouldAllBe(t => double.IsFinite(t));
        ticks.Select(scale.Y).ShouldAllBe(y => y >= 10 && y <= 250);
    }

    [Fact]
    public void Ticks_OrdinaryRanges_AreTheUsualOneTwoFiveSteps()
    {
        ValueScale.ZeroTo(3.7, 10, 250).Ticks().ShouldBe([0, 1, 2, 3, 4]);
        new ValueScale(0.7, 1, 10, 250).Ticks().ShouldBe([0.7, 0.8, 0.9, 1.0]);
        new ValueScale(0, 1, 10, 250).Ticks().ShouldBe([0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    [Fact]
    public void Y_NonFiniteValue_StaysInsideThePlot()
    {
        var scale = ValueScale.ZeroTo(2, 10, 250);

        scale.Y(double.PositiveInfinity).ShouldBe(10);
        scale.Y(double.NegativeInfinity).ShouldBe(250);
        scale.Y(double.NaN).ShouldBe(250);
    }
}
