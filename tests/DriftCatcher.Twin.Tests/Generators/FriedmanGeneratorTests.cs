using DriftCatcher.Core.Learning;
using DriftCatcher.Twin.Generators;
using DriftCatcher.Twin.Tests.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Generators;

public sealed class FriedmanGeneratorTests
{
    // x = (0.5, 1, 0.5, 0.2, 0.4, ...), worked by hand:
    // concept 0: 10 sin(π·0.5) + 20·0² + 10·0.2 + 5·0.4 = 10 + 0 + 2 + 2 = 14
    // concept 1: 10 sin(π·0.08) + 20·0.5² + 10·0.5 + 5·0.5 = 2.48690 + 5 + 5 + 2.5 = 14.98690
    // concept 2: 10 sin(π·0.4) + 20·0.3² + 10·0.5 + 5·0.5 = 9.51057 + 1.8 + 5 + 2.5 = 18.81057
    [Theory]
    [InlineData(0, 14.0)]
    [InlineData(1, 14.98690)]
    [InlineData(2, 18.81057)]
    public void Target_MatchesHandWorkedPoint(int concept, double expected)
    {
        double[] x = [0.5, 1, 0.5, 0.2, 0.4, 0.9, 0.9, 0.9, 0.9, 0.9];
        FriedmanGenerator.Target(concept, x).ShouldBe(expected, 1e-5);
    }

    [Fact]
    public void NoiseFree_Rows_FollowTheConcept_AndBlendLinearly()
    {
        var g = new FriedmanGenerator(0);
        var row = new double[FriedmanGenerator.Dimensions];
        var rng = new Random(1);
        for (var i = 0; i < 50; i++)
        {
            g.Next(rng, ConceptState.Of(1), row).ShouldBe(FriedmanGenerator.Target(1, row), 1e-5);
            var blended = g.Next(rng, new ConceptState(0, 2, 0.25), row);
            blended.ShouldBe((0.75 * FriedmanGenerator.Target(0, row)) + (0.25 * FriedmanGenerator.Target(2, row)), 1e-5);
        }
    }

    [Fact]
    public void Noise_HasTheConfiguredSpread()
    {
        var g = new FriedmanGenerator(1.5);
        var row = new double[FriedmanGenerator.Dimensions];
        var rng = new Random(2);
        var residuals = Enumerable.Range(0, 20_000).Select(_ => g.Next(rng, ConceptState.Of(0), row) - FriedmanGenerator.Target(0, row)).ToArray();
        residuals.Average().ShouldBe(0, 0.05);
        Math.Sqrt(residuals.Select(r => r * r).Average()).ShouldBe(1.5, 0.05);
    }

    [Fact]
    public void Scenario_Truth_RealDriftOnlyAfterTheSwitch_NoLabelMix_ShiftOfIrrelevantFeatureIsHarmless()
    {
        var drift = ReplayFixture.Generate("""
            {"name":"f","seed":3,"generator":{"type":"friedman"},"train_rows":500,"batches":10,"batch_size":100,
             "drifts":[{"shape":"sudden","start":6,"to":1},{"shape":"sudden","start":3,"column":"x8","offset":0.5}]}
            """);
        drift.Truth.FirstRealDriftBatch.ShouldBe(6);
        drift.Truth.Truth.ShouldAllBe(b => b.LabelMix.Count == 0 && b.UnseenLabels.Count == 0);
        drift.Truth.Truth.Where(b => b.Batch is >= 3 and < 6).ShouldAllBe(b => b.CovariateShift && !b.RealDrift);
        drift.Truth.LabelColumn.ShouldBe("y");
        DatasetBuilder.InferTask(drift.Stream["y"]).ShouldBe(LearningTask.Regression);
    }

    [Fact]
    public void Factory_RejectsParametersOfOtherGenerators_AndNegativeNoise()
    {
        Should.Throw<Core.Data.InputDataException>(() => ReplayFixture.Generate("""{"name":"f","seed":1,"generator":{"type":"friedman","thetas":[1]}}"""))
            .Message.ShouldContain("generator.thetas");
        Should.Throw<Core.Data.InputDataException>(() => ReplayFixture.Generate("""{"name":"f","seed":1,"generator":{"type":"friedman","noise":-1}}"""))
            .Message.ShouldContain("generator.noise");
    }
}
