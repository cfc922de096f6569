using DriftCatcher.Twin.Generators;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Generators;

/// <summary>Labeling functions checked on points worked out by hand from the papers' definitions.</summary>
public sealed class LabelingFunctionTests
{
    [Theory]
    [InlineData(3, 4, 8, 1)] // 7 ≤ 8
    [InlineData(4, 4, 8, 1)] // 8 ≤ 8: the boundary belongs to class 1
    [InlineData(5, 4, 8, 0)] // 9 > 8
    [InlineData(3, 4, 7, 1)]
    [InlineData(3.5, 4, 7, 0)]
    [InlineData(5, 4.5, 9.5, 1)]
    [InlineData(5, 4.6, 9.5, 0)]
    public void Sea_Classify_IsOneWhenSumAtMostTheta(double x1, double x2, double theta, int expected) =>
        SeaGenerator.Classify(x1, x2, theta).ShouldBe(expected);

    [Theory]
    [InlineData(0, "small", "red", "square", 1)]
    [InlineData(0, "small", "green", "square", 0)]
    [InlineData(0, "medium", "red", "circle", 0)]
    [InlineData(1, "large", "green", "square", 1)]
    [InlineData(1, "large", "blue", "circle", 1)]
    [InlineData(1, "small", "red", "triangle", 0)]
    [InlineData(2, "medium", "red", "circle", 1)]
    [InlineData(2, "large", "blue", "square", 1)]
    [InlineData(2, "small", "green", "circle", 0)]
    public void Stagger_Classify_FollowsTheThreeConcepts(int concept, string size, string color, string shape, int expected) =>
        StaggerGenerator.Classify(
            concept,
            Array.IndexOf(StaggerGenerator.Sizes, size),
            Array.IndexOf(StaggerGenerator.Colors, color),
            Array.IndexOf(StaggerGenerator.Shapes, shape)).ShouldBe(expected);

    [Theory]
    [InlineData(1, 1, 0.6, 0.5, 1)] // 1.1 ≥ 1
    [InlineData(1, 1, 0.2, 0.3, 0)] // 0.5 < 1
    [InlineData(2, 0, 0.5, 0.9, 1)] // 1.0 ≥ 1.0: the boundary belongs to class 1
    [InlineData(2, 0, 0.49, 0.9, 0)]
    public void Hyperplane_Classify_IsOneAtOrAboveHalfTheWeightSum(double w1, double w2, double x1, double x2, int expected) =>
        HyperplaneGenerator.Classify([w1, w2], [x1, x2]).ShouldBe(expected);

    // Young, mid-income applicant: every function puts them in group A (0).
    // F7: 2·80000/3 − 150000/5 − 20000 = 3333 > 0; F10: equity 300000·5/10 = 150000, 53333 − 5000 + 30000 − 10000 > 0.
    private static readonly AgrawalPerson Young = new(60000, 20000, 30, 1, 5, 2, 300000, 25, 150000);

    // 45 years, salary 130000, elevel 4, loan 450000, 10 years in the house.
    // F5: salary outside [75k,125k] → loan in [300k,500k] → A; F8: 86667 − 20000 − 20000 > 0 → A;
    // F10: no equity, 86667 − 20000 − 10000 > 0 → A; the others fail → B.
    private static readonly AgrawalPerson Middle = new(130000, 0, 45, 4, 1, 8, 100000, 10, 450000);

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(2, 0, 1)]
    [InlineData(3, 0, 1)]
    [InlineData(4, 0, 1)]
    [InlineData(5, 0, 0)]
    [InlineData(6, 0, 1)]
    [InlineData(7, 0, 1)]
    [InlineData(8, 0, 0)]
    [InlineData(9, 0, 1)]
    [InlineData(10, 0, 0)]
    public void Agrawal_Classify_MatchesHandComputedGroups(int function, int youngExpected, int middleExpected)
    {
        AgrawalGenerator.Classify(function, Young).ShouldBe(youngExpected);
        AgrawalGenerator.Classify(function, Middle).ShouldBe(middleExpected);
    }

    [Fact]
    public void Agrawal_Function1_SplitsAtForty_AndSixty()
    {
        AgrawalGenerator.Classify(1, Young with { Age = 39 }).ShouldBe(0);
        AgrawalGenerator.Classify(1, Young with { Age = 40 }).ShouldBe(1);
        AgrawalGenerator.Classify(1, Young with { Age = 59 }).ShouldBe(1);
        AgrawalGenerator.Classify(1, Young with { Age = 60 }).ShouldBe(0);
    }

    [Fact]
    public void Sea_GeneratedRows_AreLabeledByTheConceptThreshold()
    {
        var g = new SeaGenerator(SeaGenerator.DefaultThetas, noise: 0);
        var rng = new Random(5);
        var x = new double[3];
        for (var i = 0; i < 2000; i++)
        {
            var label = g.Next(rng, ConceptState.Of(2), x);
            label.ShouldBe(x[0] + x[1] <= 7 ? 1 : 0);
            (x.Min() >= 0 && x.Max() <= 10).ShouldBeTrue();
        }
    }

    [Fact]
    public void Sea_LabelNoise_FlipsAboutTheRequestedShare()
    {
        var g = new SeaGenerator(SeaGenerator.DefaultThetas, noise: 0.1);
        var rng = new Random(6);
        var x = new double[3];
        var flipped = 0;
        const int n = 20000;
        for (var i = 0; i < n; i++)
        {
            if (g.Next(rng, ConceptState.Of(0), x) != SeaGenerator.Classify(x[0], x[1], 8))
            {
                flipped++;
            }
        }

        // Binomial(20000, 0.1): sd ≈ 0.0021; allow 5 sd.
        ((double)flipped / n).ShouldBe(0.1, 0.011);
    }

    [Fact]
    public void Agrawal_GeneratedRows_StayInTheAttributeRanges_AndFollowTheFunction()
    {
        var g = new AgrawalGenerator([2, 7], perturbation: 0);
        var rng = new Random(7);
        var x = new double[9];
        for (var i = 0; i < 3000; i++)
        {
            var label = g.Next(rng, ConceptState.Of(1), x);
            var p = new AgrawalPerson(x[0], x[1], x[2], (int)x[3], (int)x[4], (int)x[5], x[6], x[7], x[8]);
            label.ShouldBe(AgrawalGenerator.Classify(7, p));
            p.Salary.ShouldBeInRange(20000, 150000);
            (p.Salary >= 75000 ? p.Commission == 0 : p.Commission is >= 10000 and <= 75000).ShouldBeTrue();
            p.Age.ShouldBeInRange(20, 80);
            p.Elevel.ShouldBeInRange(0, 4);
            p.Car.ShouldBeInRange(1, 20);
            p.Zipcode.ShouldBeInRange(0, 8);
            p.Hvalue.ShouldBeInRange((9 - p.Zipcode) * 50000.0, (9 - p.Zipcode) * 150000.0);
            p.Hyears.ShouldBeInRange(1, 30);
            p.Loan.ShouldBeInRange(0, 500000);
        }
    }
}
