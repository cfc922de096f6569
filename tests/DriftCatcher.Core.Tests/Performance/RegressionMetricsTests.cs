using DriftCatcher.Core.Data;
using DriftCatcher.Core.Performance;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class RegressionMetricsTests
{
    // Against scikit-learn 1.2.1 (tests/reference/performance/make_reference.py); only rounding differs.
    private const double Tolerance = 1e-9;

    public static TheoryData<string> Cases => [.. PerformanceReference.Names("regression")];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_MatchesScikitLearn(string name)
    {
        var c = PerformanceReference.Case("regression", name);

        var m = RegressionMetrics.Compute(c.Doubles("y_true"), c.Doubles("y_pred"));

        m.Mae.ShouldBe(c.Expected("mae"), Tolerance);
        m.Rmse.ShouldBe(c.Expected("rmse"), Tolerance);
        m.R2.ShouldBe(c.Expected("r2"), Tolerance);
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
}
