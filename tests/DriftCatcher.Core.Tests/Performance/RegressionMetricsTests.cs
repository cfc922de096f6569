using DriftCatcher.Core.Data;
using DriftCatcher.Core.Performance;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class RegressionMetricsTests
{
    // Against scikit-learn 1.2.1 (tests/reference/performance/make_reference.py); only rounding differs. Relative, so
    // that an error near 1e-300 is held to its own scale (and one near 1e200 is not held to 1e-9).
    private const double Relative = 1e-9;

    public static TheoryData<string> Cases => [.. PerformanceReference.Names("regression")];

    /// <summary>Labels near 1e200 and ±1.7e308, whose squared errors overflow, and near 1e-300, whose squares underflow (make_extreme.py).</summary>
    public static TheoryData<string> ExtremeCases => [.. PerformanceReference.Names("regression_extreme")];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_MatchesScikitLearn(string name) => AssertMatches("regression", name);

    [Theory]
    [MemberData(nameof(ExtremeCases))]
    public void Compute_AtTheEndsOfTheDoubleRange_MatchesTheScaledReference(string name) => AssertMatches("regression_extreme", name);

    /// <summary>A review: scaled for the 1e300, the error of 1e-30 on the other row was rounded away (MAE 0).</summary>
    [Fact]
    public void Compute_HugeValueAnsweredExactly_KeepsATinyErrorElsewhere()
    {
        var m = RegressionMetrics.Compute([1e300, 1e-30], [1e300, 0]);

        m.Mae.ShouldBe(5e-31, 1e-45);
        m.Rmse.ShouldBe(Math.Sqrt(0.5) * 1e-30, 1e-45);
    }

    [Fact]
    public void Compute_UnequalLengths_Throws()
    {
        Should.Throw<InputDataException>(() => RegressionMetrics.Compute([1, 2], [1])).Message.ShouldContain("2 actual values for 1");
    }

    [Fact]
    public void Compute_NonFinite_Throws()
    {
        Should.Throw<InputDataException>(() => RegressionMetrics.Compute([1, 2], [1, double.NaN])).Message.ShouldBe("row 1: the prediction is NaN (the model overflowed: are some values absurdly large, like 1e308?)");
        Should.Throw<InputDataException>(() => RegressionMetrics.Compute([double.PositiveInfinity, 2], [1, 2])).Message.ShouldBe("row 0: the actual value Infinity is not a finite number");
    }

    private static void AssertMatches(string section, string name)
    {
        var c = PerformanceReference.Case(section, name);

        var m = RegressionMetrics.Compute(c.Doubles("y_true"), c.Doubles("y_pred"));

        AssertClose(m.Mae, c.Expected("mae"));
        AssertClose(m.Rmse, c.Expected("rmse"));
        m.R2.ShouldBe(c.Expected("r2"), Math.Max(Math.Abs(c.Expected("r2")), 1) * Relative);
    }

    private static void AssertClose(double actual, double expected)
    {
        if (expected == 0)
        {
            actual.ShouldBe(0);
        }
        else
        {
            actual.ShouldBe(expected, Math.Abs(expected) * Relative);
        }
    }
}
