using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning.Gbt;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning.Gbt;

public sealed class GbtParametersTests
{
    [Fact]
    public void Parse_Empty_SklearnDefaults()
    {
        var p = GbtParameters.Parse(new Dictionary<string, string>());

        p.LearningRate.ShouldBe(0.1);
        p.MaxIter.ShouldBe(100);
        p.MaxLeafNodes.ShouldBe(31);
        p.MinSamplesLeaf.ShouldBe(20);
        p.L2.ShouldBe(0);
        p.MaxBins.ShouldBe(255);
        p.EarlyStopping.ShouldBe(EarlyStoppingMode.Auto);
        p.NIterNoChange.ShouldBe(10);
        p.Tol.ShouldBe(1e-7);
        p.ValidationFraction.ShouldBe(0.1);
        p.MaxDepth.ShouldBe(int.MaxValue);
    }

    [Fact]
    public void Parse_AllKeys_Read()
    {
        var p = GbtParameters.Parse(new Dictionary<string, string>
        {
            ["learning-rate"] = "0.05",
            ["max-iter"] = "250",
            ["max-leaf-nodes"] = "none",
            ["min-samples-leaf"] = "5",
            ["l2"] = "1.5",
            ["max-bins"] = "63",
            ["early-stopping"] = "off",
            ["n-iter-no-change"] = "4",
            ["tol"] = "0.001",
            ["validation-fraction"] = "0.2",
            ["max-depth"] = "6",
        });

        p.ShouldBe(new GbtParameters
        {
            LearningRate = 0.05,
            MaxIter = 250,
            MaxLeafNodes = int.MaxValue,
            MinSamplesLeaf = 5,
            L2 = 1.5,
            MaxBins = 63,
            EarlyStopping = EarlyStoppingMode.Off,
            NIterNoChange = 4,
            Tol = 0.001,
            ValidationFraction = 0.2,
            MaxDepth = 6,
        });
    }

    [Fact]
    public void Parse_UnknownKey_NamesItAndTheAllowedKeys()
    {
        var ex = Should.Throw<InputDataException>(() => GbtParameters.Parse(new Dictionary<string, string> { ["n-estimators"] = "10" }));

        ex.Message.ShouldContain("'n-estimators'");
        ex.Message.ShouldContain("learning-rate");
        ex.Message.ShouldContain("max-depth");
        ex.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("learning-rate", "0")]
    [InlineData("learning-rate", "-0.1")]
    [InlineData("learning-rate", "fast")]
    [InlineData("max-iter", "0")]
    [InlineData("max-iter", "1.5")]
    [InlineData("max-iter", "100001")] // 2147483647 asked for a list of that many trees: OutOfMemoryException
    [InlineData("learning-rate", "1000.5")] // 1e300 overflowed the scores: "probability NaN at row 0"
    [InlineData("max-leaf-nodes", "1")]
    [InlineData("min-samples-leaf", "0")]
    [InlineData("l2", "-1")]
    [InlineData("max-bins", "256")]
    [InlineData("max-bins", "1")]
    [InlineData("early-stopping", "maybe")]
    [InlineData("validation-fraction", "1")]
    [InlineData("tol", "NaN")]
    [InlineData("max-depth", "0")]
    public void Parse_BadValue_NamesKeyValueAndAllowedKeys(string key, string value)
    {
        var ex = Should.Throw<InputDataException>(() => GbtParameters.Parse(new Dictionary<string, string> { [key] = value }));

        ex.Message.ShouldContain($"'{key}'");
        ex.Message.ShouldContain($"'{value}'");
        ex.Message.ShouldContain("allowed keys");
    }

    [Fact]
    public void Parse_AnyLearningRateUpToTheLargest_RoundTrips()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<PositiveInt>(), ArbMap.Default.ArbFor<PositiveInt>(), (a, b) =>
        {
            var rate = (double)Math.Min(a.Get, b.Get) / Math.Max(a.Get, b.Get) * GbtParameters.MaxLearningRate;
            var text = rate.ToString("R", CultureInfo.InvariantCulture);
            return GbtParameters.Parse(new Dictionary<string, string> { ["learning-rate"] = text }).LearningRate == rate;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Fit_BadParameter_ThrowsBeforeTraining()
    {
        Should.Throw<InputDataException>(() => new GbtLearner().Fit(
            GbtSynthetic.Linear(50, 1), null, new Dictionary<string, string> { ["depth"] = "3" }, 0, TestContext.Current.CancellationToken));
    }
}
