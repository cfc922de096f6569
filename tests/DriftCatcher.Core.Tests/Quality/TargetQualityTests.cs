using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Quality;

/// <summary>The label check of regression targets: only what a changing world cannot produce is a fault.</summary>
public sealed class TargetQualityTests
{
    private static readonly QualityBaseline Baseline = TargetQuality.Baseline(Draw(2000, 1))!;

    /// <summary>Friedman-like targets: 15 + 5·N(0, 1), all but a few positive.</summary>
    private static double[] Draw(int n, int seed, double shift = 0, double scale = 1)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (15 + shift + (5 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))) * scale)];
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0.001)]
    [InlineData(100)]
    public void ALabelFeedThatChangedUnits_IsAScaleChange(double factor)
    {
        var finding = TargetQuality.Check(Baseline, Draw(400, 2, scale: factor)).First(f => f.Code == QualityCodes.ScaleChange);
        finding.Subject.ShouldBe("label");
        finding.Evidence["unit_factor"].ShouldBe(factor, factor * 1e-9);
        finding.Message.ShouldContain("changed units");
    }

    [Fact]
    public void ThousandfoldLabels_AreAlsoBeyondAHundredWidthsOfTheRange()
    {
        TargetQuality.Check(Baseline, Draw(400, 2, scale: 1000)).Select(f => f.Code)
            .ShouldBe([QualityCodes.ScaleChange, TargetQuality.ImplausibleCode], ignoreOrder: true);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)] // the world moved: a third higher
    [InlineData(-10, 0)] // mostly below the training range's middle, some negative
    [InlineData(0, 1)] // one sound batch with a single label at the edge of plausible
    public void TargetsTheWorldCanProduce_AreNoFault(double shift, int edge)
    {
        var batch = Draw(400, 3, shift).ToList();
        var reference = Baseline.Columns[0];
        var width = reference.Max!.Value - reference.Min!.Value;
        if (edge > 0)
        {
            batch[0] = reference.Max.Value + (99 * width);
        }

        TargetQuality.Check(Baseline, batch).ShouldBeEmpty();
    }

    [Fact]
    public void OneAbsurdLabel_IsImplausible_CountedAndNamed()
    {
        var batch = Draw(400, 4).ToList();
        batch[17] = 1e6;
        var finding = TargetQuality.Check(Baseline, batch).ShouldHaveSingleItem();
        finding.Code.ShouldBe(TargetQuality.ImplausibleCode);
        finding.Severity.ShouldBe(Findings.Severity.Critical);
        finding.Evidence["count"].ShouldBe(1);
        finding.Evidence["rows"].ShouldBe(400);
        finding.Evidence["farthest"].ShouldBe(1e6);
        finding.Message.ShouldStartWith("1 of 400 labels lie more than 100 times the training labels' range [");
    }

    [Fact]
    public void AStuckFeed_IsAConstantColumn()
    {
        TargetQuality.Check(Baseline, Enumerable.Repeat(14.25, 300).ToArray()).ShouldHaveSingleItem().Code.ShouldBe(QualityCodes.ConstantColumn);
    }

    [Fact]
    public void NonFiniteLabels_AreLeftOut_AndNothingIsNothing()
    {
        TargetQuality.Check(Baseline, [.. Draw(300, 5), double.NaN, double.PositiveInfinity]).ShouldBeEmpty();
        TargetQuality.Check(Baseline, [double.NaN]).ShouldBeEmpty();
        TargetQuality.Check(Baseline, []).ShouldBeEmpty();
        TargetQuality.Baseline([double.NaN, double.NegativeInfinity]).ShouldBeNull();
    }

    [Fact]
    public void ABaselineOfOneValue_StillBoundsWhatIsPlausible()
    {
        var one = TargetQuality.Baseline([3.0, 3.0, 3.0])!;
        TargetQuality.Check(one, [3.0, 4.0, 250.0]).ShouldBeEmpty();
        TargetQuality.Check(one, [3.0, 4.0, 400.0]).ShouldHaveSingleItem().Code.ShouldBe(TargetQuality.ImplausibleCode);
    }

    [Theory]
    [InlineData(20)] // no power of ten: a feed that rescales is a fault whatever the factor, from 8 up
    [InlineData(0.05)]
    public void ARescaleByAnyLargeFactor_IsAScaleChange(double factor)
    {
        TargetQuality.Check(Baseline, Draw(400, 6, scale: factor)).ShouldContain(f => f.Code == QualityCodes.ScaleChange);
    }

    [Theory]
    [InlineData(1.8)] // matched "nmi → km" as a named conversion: a world whose labels grew 1.8-fold lost them for good
    [InlineData(2.5)]
    [InlineData(4)]
    [InlineData(1.609344)]
    public void ARescaleByLessThanEight_IsTheWorld_NotAFault(double factor)
    {
        TargetQuality.Check(Baseline, Draw(400, 7, scale: factor)).ShouldBeEmpty();
    }

    [Fact]
    public void OnFiftyLabels_AHundredfoldFeed_IsFound_ThoughItsQuartilesComeOutAt76To103()
    {
        // A probe's batch: at 50 rows the sample quartiles scatter; near-a-power-of-ten within 12 % missed it.
        var found = 0;
        for (var seed = 0; seed < 50; seed++)
        {
            found += TargetQuality.Check(Baseline, Draw(50, 100 + seed, scale: 100)).Any(f => f.Code == QualityCodes.ScaleChange) ? 1 : 0;
        }

        found.ShouldBe(50);
    }

    [Theory]
    [InlineData(10, 12, true)]
    [InlineData(0.1, 12, true)]
    [InlineData(-1, 12, true)]
    [InlineData(10, 5, true)]
    [InlineData(10, 4, false)] // too few to tell
    [InlineData(1.3, 12, false)]
    [InlineData(3, 12, false)]
    public void TooFewLabelsForQuartiles_AreCheckedForARescaleAllTheSame(double factor, int n, bool fault)
    {
        var batch = Draw(n, 8, scale: factor);
        var findings = TargetQuality.Check(Baseline, batch);
        findings.Any(f => f.Code == QualityCodes.ScaleChange).ShouldBe(fault);
        if (fault)
        {
            findings.First().Message.ShouldContain($"{n} labels, too few for quartiles");
        }
    }

    [Fact]
    public void AZeroInflatedTarget_WhoseBatchIsAllZeros_IsTheWorld()
    {
        var rng = new Random(9);
        var zeroInflated = TargetQuality.Baseline([.. Draw(2000, 9).Select(v => rng.NextDouble() < 0.6 ? 0 : v)])!;
        TargetQuality.Check(zeroInflated, new double[50]).ShouldBeEmpty();
    }

    [Fact]
    public void AgainstTwoBaselines_ABatchIsAFaultOnlyWhenBothFindOne()
    {
        // The served version learned labels a hundred times too large (they slipped through): the feed's sound labels
        // are no fault, or they would never be judged again; the hundredfold ones pass its own baseline.
        var slipped = TargetQuality.Baseline(Draw(2000, 10, scale: 100))!;
        QualityBaseline[] both = [slipped, Baseline];
        TargetQuality.Check(both, Draw(400, 11)).ShouldBeEmpty();
        TargetQuality.Check(both, Draw(400, 12, scale: 100)).ShouldBeEmpty();
        var fault = TargetQuality.Check(both, Draw(400, 13, scale: 0.001)).First(f => f.Code == QualityCodes.ScaleChange);
        fault.Evidence["reference_p50"].ShouldBe(slipped.Columns[0].P50!.Value, "reported against the served version's baseline");
        TargetQuality.Check([Baseline], Draw(400, 12, scale: 100)).ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(0.05, true)]
    [InlineData(2, false)]
    public void LabelsCentredOnZero_AreCheckedByTheirSpread(double factor, bool fault)
    {
        // Quartiles across zero say nothing by their ratios: a probe's ×10 and ×100 were trained on (MAE 13.6 and 143.5
        // against 0.98 for doing nothing).
        var centred = TargetQuality.Baseline(Draw(2000, 14, shift: -15))!;
        var findings = TargetQuality.Check(centred, Draw(400, 15, shift: -15, scale: factor));
        findings.Any(f => f.Code == QualityCodes.ScaleChange).ShouldBe(fault);
        if (fault)
        {
            findings.Single().Message.ShouldContain("the labels' spread is");
        }

        TargetQuality.Check(centred, Draw(400, 16, shift: -10)).ShouldBeEmpty("the world moved up by 5: no rescale");
    }

    [Fact]
    public void AValueThatMadeAFifthOfTheTrainingLabels_FillingABatch_IsTheWorld()
    {
        var rng = new Random(17);
        var zeros = TargetQuality.Baseline([.. Draw(2000, 17).Select(v => rng.NextDouble() < 0.4 ? 0 : v)])!;
        zeros.Columns[0].ModeFrequency.ShouldBe(0.5, "no majority: the baseline keeps no mode");
        TargetQuality.Check(zeros, new double[50]).ShouldBeEmpty();
        TargetQuality.Check(zeros, Enumerable.Repeat(14.25, 50).ToArray()).ShouldHaveSingleItem().Code.ShouldBe(QualityCodes.ConstantColumn);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(-1000, true)]
    [InlineData(-1.5, false)] // shifted across zero: every label of the other sign, but half as large again
    [InlineData(-2.5, false)]
    public void AFewLabelsOfTheOtherSign_AreAFlip_OnlyAtTheSameSizeOrAUnitAway(double factor, bool fault)
    {
        var batch = Draw(12, 18).Select(v => v * factor).ToArray();
        TargetQuality.Check(Baseline, batch).Any(f => f.Code == QualityCodes.ScaleChange).ShouldBe(fault);
    }

    /// <summary>A batch of 400 targets (Draw), the model's answers for them (each target plus an N(0, 1) error, or 15 for every row), and the labels as <paramref name="write"/> writes each target.</summary>
    private static (double[] Labels, double[] Answers) Batch(Func<double, double> write, bool flatAnswers = false)
    {
        var targets = Draw(400, 5);
        var rng = new Random(6);
        double[] answers = [.. targets.Select(y => flatAnswers ? 15 : y + (Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())))];
        return ([.. targets.Select(write)], answers);
    }

    [Fact]
    public void LabelsTheWorldShiftedAcrossZero_FollowTheModelsAnswers_AndAreNoFlip()
    {
        // Number for number, labels 30 lower (15 + 5·N(0, 1) → −15 + 5·N(0, 1)) are the training labels flipped; row by
        // row they move with the model's answers (label − answer is its error, less 30), where flipped labels move
        // against them.
        var (shifted, answers) = Batch(y => y - 30);
        var findings = TargetQuality.Check(Baseline, shifted);
        findings.ShouldContain(f => f.Code == QualityCodes.ScaleChange && f.Evidence["factor"] < 0, "read alone, the quartiles are a flip");
        TargetQuality.UnlessTheyFollowTheAnswers(findings, shifted, answers).ShouldBeEmpty();

        var (flipped, same) = Batch(y => -y);
        var flip = TargetQuality.Check(Baseline, flipped);
        flip.ShouldContain(f => f.Code == QualityCodes.ScaleChange && f.Evidence["factor"] < 0);
        TargetQuality.UnlessTheyFollowTheAnswers(flip, flipped, same).ShouldBe(flip);
    }

    [Theory]
    [InlineData(-1000.0)] // a flip with a unit change moves label + answer and label − answer alike
    [InlineData(-1.0)]
    public void AFlip_Stands_WhenTheAnswersDoNotRuleItOut(double factor)
    {
        var (labels, answers) = Batch(y => y * factor);
        var findings = TargetQuality.Check(Baseline, labels);
        findings.ShouldContain(f => f.Code == QualityCodes.ScaleChange && f.Evidence["factor"] < 0);
        TargetQuality.UnlessTheyFollowTheAnswers(findings, labels, answers).ShouldBe(findings);

        // Answers that do not vary (a model near its mean) rule nothing out: the shift reads as a flip, as before.
        var (shifted, flat) = Batch(y => y - 30, flatAnswers: true);
        var flagged = TargetQuality.Check(Baseline, shifted);
        TargetQuality.UnlessTheyFollowTheAnswers(flagged, shifted, flat).ShouldBe(flagged);
    }

    [Fact]
    public void OnlyAFlipIsDropped_AndFewPairsDropNothing()
    {
        // Thousandfold labels that follow the answers stay a unit change; four pairs are too few to judge.
        var (labels, answers) = Batch(y => y * 1000);
        var findings = TargetQuality.Check(Baseline, labels);
        TargetQuality.UnlessTheyFollowTheAnswers(findings, labels, answers).ShouldBe(findings);
        var (shifted, follow) = Batch(y => y - 30);
        var few = TargetQuality.Check(Baseline, shifted[..TargetQuality.MinSmallBatch]);
        few.ShouldNotBeEmpty();
        TargetQuality.UnlessTheyFollowTheAnswers(few, [.. shifted[..(TargetQuality.MinSmallBatch - 1)], double.NaN], follow[..TargetQuality.MinSmallBatch]).ShouldBe(few);
        Should.Throw<ArgumentException>(() => TargetQuality.UnlessTheyFollowTheAnswers(few, shifted, follow[..3]));
    }
}
