using DriftCatcher.Twin.Generators;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Generators;

public sealed class MovingConceptTests
{
    [Fact]
    public void Hyperplane_Move_ChangesOnlyTheDriftingWeights_ByMagnitude()
    {
        var g = new HyperplaneGenerator(new Random(1), dimensions: 6, concepts: 1, driftFeatures: 2, sigma: 0, noise: 0);
        var before = g.WeightsOf(0);
        g.Move(new Random(2), 0, 0.01);
        var after = g.WeightsOf(0);
        (after[0] - before[0]).ShouldBe(0.01, 1e-12);
        (after[1] - before[1]).ShouldBe(0.01, 1e-12);
        after[2..].ShouldBe(before[2..]);
    }

    [Fact]
    public void Hyperplane_SigmaOne_ReversesDirectionEverySample()
    {
        var g = new HyperplaneGenerator(new Random(1), dimensions: 3, concepts: 1, driftFeatures: 3, sigma: 1, noise: 0);
        var before = g.WeightsOf(0);
        var rng = new Random(3);
        g.Move(rng, 0, 0.05);
        g.Move(rng, 0, 0.05);
        g.WeightsOf(0).ShouldBe(before, 1e-12);
    }

    [Fact]
    public void RandomRbf_Move_ShiftsEachMovingCenterByMagnitude_AndLeavesOthers()
    {
        var g = new RandomRbfGenerator(new Random(4), dimensions: 5, centroids: 10, classes: 3, concepts: 1, movingCentroids: 4);
        var before = Enumerable.Range(0, 10).Select(k => g.CenterOf(0, k)).ToArray();
        g.Move(new Random(5), 0, 1e-4);
        for (var k = 0; k < 10; k++)
        {
            var after = g.CenterOf(0, k);
            var distance = Math.Sqrt(after.Zip(before[k], (a, b) => (a - b) * (a - b)).Sum());
            distance.ShouldBe(k < 4 ? 1e-4 : 0, 1e-9);
        }
    }

    [Fact]
    public void RandomRbf_RowsCarryEveryClass_AndStayNearTheCube()
    {
        var g = new RandomRbfGenerator(new Random(8), dimensions: 4, centroids: 30, classes: 3, concepts: 1, movingCentroids: 0);
        var rng = new Random(9);
        var x = new double[4];
        var seen = new HashSet<double>();
        for (var i = 0; i < 3000; i++)
        {
            seen.Add(g.Next(rng, ConceptState.Of(0), x));
        }

        seen.Order().ShouldBe([0.0, 1.0, 2.0]);
    }

    [Fact]
    public void RandomRbf_BlendAtFullProgress_EqualsTheTargetConcept()
    {
        var a = new RandomRbfGenerator(new Random(10), 3, 5, 2, 2, 0);
        var b = new RandomRbfGenerator(new Random(10), 3, 5, 2, 2, 0);
        var xa = new double[3];
        var xb = new double[3];
        var ra = new Random(11);
        var rb = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            a.Next(ra, new ConceptState(0, 1, 1.0), xa).ShouldBe(b.Next(rb, ConceptState.Of(1), xb));
            xa.ShouldBe(xb);
        }
    }
}
