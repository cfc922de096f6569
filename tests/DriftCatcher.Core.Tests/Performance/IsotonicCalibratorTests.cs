using System.Text.Json;
using DriftCatcher.Core.Performance;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class IsotonicCalibratorTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> Cases => [.. PerformanceReference.Names("isotonic")];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predict_MatchesScikitLearnIsotonicRegression(string name)
    {
        var c = PerformanceReference.Case("isotonic", name);
        var calibrator = IsotonicCalibrator.Fit(c.Doubles("x"), c.Doubles("y"));

        var predicted = c.Doubles("query").Select(calibrator.Predict).ToArray();

        predicted.ShouldBe(c.Doubles("expected"), Tolerance);
    }

    [Fact]
    public void Fit_IsMonotoneAndBetweenTheData_ForAnyInput()
    {
        var gen =
            from n in Gen.Choose(1, 80)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (n, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Random(t.seed);
            var x = Enumerable.Range(0, t.n).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
            var y = Enumerable.Range(0, t.n).Select(_ => rng.NextDouble() * 10).ToArray();
            var cal = IsotonicCalibrator.Fit(x, y);
            var grid = Enumerable.Range(0, 101).Select(i => cal.Predict((i / 100.0 * 1.2) - 0.1)).ToArray();
            var monotone = grid.Zip(grid.Skip(1)).All(p => p.First <= p.Second + 1e-12);
            var bounded = grid.All(v => v >= y.Min() - 1e-12 && v <= y.Max() + 1e-12);
            return monotone && bounded;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var cal = IsotonicCalibrator.Fit([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);

        var back = JsonSerializer.Deserialize<IsotonicCalibrator>(JsonSerializer.Serialize(cal))!;

        back.X.ShouldBe(cal.X);
        back.Y.ShouldBe(cal.Y);
        back.Predict(0.25).ShouldBe(cal.Predict(0.25));
    }
}
