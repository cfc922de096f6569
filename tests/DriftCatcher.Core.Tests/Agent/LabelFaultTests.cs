using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.Verification;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A regression label feed that goes wrong: a unit change (kilograms written as grams), a stuck feed, one absurd
/// number. Labels are data: before the label check every one of these read as the model failing (MAE thousands of
/// times the baseline), and the recovery trained on them and promoted a model answering in the wrong units.
/// </summary>
public sealed class LabelFaultTests
{
    private const double Level = 20;

    private static List<ActionRequest> LabelAlerts(RegressionHarness h) =>
        [.. h.Of(AgentAction.Alert).Where(r => r.Reason.StartsWith("Labels arrive with values", StringComparison.Ordinal))];

    /// <summary>The model answers 20 and the targets are 20 + N(0, 1): the check's baseline from 1 000 of them.</summary>
    private static RegressionHarness Harness(AgentPolicy? policy = null)
    {
        var h = new RegressionHarness(policy ?? DefaultPolicy.Create(), labelDelay: 1) { Predicted = Level };
        var rng = new Random(99);
        h.Monitor.Targets = TargetQuality.Baseline([.. Enumerable.Range(0, 1000).Select(_ => Level + RegressionHarness.Gaussian(rng))]);
        return h;
    }

    [Fact]
    public void ALabelFeedThatChangesUnits_IsToldOnce_AndItsBatchesAreNeitherJudgedNorTrainedOn()
    {
        var h = Harness();
        h.Written = (b, y) => b is >= 10 and <= 14 ? y * 1000 : y;
        h.Run(0, 30);

        var alert = LabelAlerts(h).ShouldHaveSingleItem();
        var told = h.Decisions.First(d => d.Requests.Contains(alert));
        told.Batch.ShouldBe(11);
        alert.Reason.ShouldContain("Evidence: scale_change in the labels of batch 10 (200 labels not used): 'label': every quartile is 1");
        alert.Reason.ShouldContain("a data-quality fault upstream, in the labels, not drift");
        var finding = told.Findings.First(f => f.Code == QualityCodes.ScaleChange);
        finding.Subject.ShouldBe(TargetQuality.Subject);
        finding.Evidence["factor"].ShouldBe(1000, 50);
        h.Requests.ShouldHaveSingleItem("the model is not the problem: nothing but the alert");
        var window = h.Agent.State.Window.Batches;
        window.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.Labeled == 0);
        window.Where(b => b.Batch is 9 or (>= 15 and <= 29)).ShouldAllBe(b => b.Labeled == 200);
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 5).Select(b => (long)b));
    }

    [Fact]
    public void OneAbsurdLabel_LeavesItsBatchOut_AndIsNamed()
    {
        var h = Harness();
        var first = true;
        h.Written = (b, y) =>
        {
            if (b == 12 && first)
            {
                first = false;
                return 1e6;
            }

            return y;
        };
        h.Run(0, 20);

        var alert = LabelAlerts(h).ShouldHaveSingleItem();
        alert.Reason.ShouldContain("label_implausible in the labels of batch 12 (200 labels not used): 1 of 200 labels lie more than 100 times the training labels' range");
        alert.Reason.ShouldContain("(the farthest 1e+06)");
        h.Requests.ShouldHaveSingleItem();
        h.Agent.State.Memory.FaultyBatches.ShouldBe([12L]);
    }

    [Fact]
    public void AStuckLabelFeed_IsAFault()
    {
        var h = Harness();
        h.Written = (b, y) => b is 8 or 9 ? 21.5 : y;
        h.Run(0, 20);

        LabelAlerts(h).ShouldHaveSingleItem().Reason.ShouldContain("Evidence: constant_column in the labels of batch 8 (200 labels not used): 'label' holds the single value '21.5' in all 200 non-missing rows, but varied in the reference");
        h.Agent.State.Memory.FaultyBatches.ShouldBe([8L, 9L]);
        h.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public void ConceptDriftThatMovesTheTargets_IsNotALabelFault_AndIsAnswered()
    {
        // From batch 10 the targets move up by 5 and the model does not follow: its errors grow to 5 on average. That is
        // the model failing, not the feed: a retrain, and no label alert.
        var h = Harness();
        h.Error = (b, _, rng) => RegressionHarness.Gaussian(rng) - (b >= 10 ? 5 : 0);
        h.Run(0, 20);

        LabelAlerts(h).ShouldBeEmpty();
        h.Of(AgentAction.Retrain).ShouldNotBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
    }

    [Fact]
    public void ARetrainForRealDriftAfterALabelFault_NeverReachesBackIntoIt()
    {
        var h = Harness();
        h.Written = (b, y) => b is >= 10 and <= 14 ? y / 1000 : y;
        h.Error = (b, _, rng) => RegressionHarness.Gaussian(rng) - (b >= 18 ? 5 : 0);
        h.Run(0, 30);

        LabelAlerts(h).ShouldHaveSingleItem();
        var retrains = h.Of(AgentAction.Retrain);
        retrains.ShouldNotBeEmpty("the drift at 18 is real and measured on the labels after the fault");
        retrains.ShouldAllBe(r => r.FirstBatch > 14 || r.LastBatch < 10);
    }

    [Fact]
    public void AFeedThatStaysInOtherUnits_AsksAPersonToDecide_OnceAfterTwelveTicks()
    {
        var h = Harness();
        h.Written = (b, y) => b >= 10 ? y / 10 : y;
        h.Run(0, 40);

        LabelAlerts(h).ShouldHaveSingleItem();
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(escalate)).Batch.ShouldBe(22);
        escalate.Reason.ShouldStartWith("Labels have failed the label check at 12 ticks since a person was told, and none of them is used: if the feed changed units for good, a person must decide");
        h.Requests.Count.ShouldBe(2, "nothing else: the model is not the problem, and it is never judged on the faulty labels");
    }

    [Fact]
    public void TheRestOfAFaultyBatchsLabels_InALaterMessage_AreNotUsedEither()
    {
        // 197 labels of each batch, then the last 3: too few to check on their own (and ten times off is no absurd value).
        var h = Harness();
        h.LabelTail = 3;
        h.Written = (b, y) => b is >= 10 and <= 12 ? y * 10 : y;
        h.Run(0, 20);

        LabelAlerts(h).ShouldHaveSingleItem().Reason.ShouldContain("in the labels of batch 10 (197 labels not used)");
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 12).ShouldAllBe(b => b.Labeled == 0);
        h.Agent.State.Window.Batches.Where(b => b.Batch is 9 or 13).ShouldAllBe(b => b.Labeled == 200);
        h.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public void DuplicateLabelsInOneMessage_AreCheckedAndCountedOnce()
    {
        var h = Harness();
        h.Run(0, 9);
        var batch = Enumerable.Range(0, 200).Select(i => AgentHarness.Id(10, i)).ToList();
        h.Agent.Handle(new PredictionBatch(AgentHarness.TimeOf(10), 10, "v1", batch, new DataFrame([Column.Numeric("x", new double[200])]), [.. Enumerable.Repeat(Level, 200)], 1), h.Context);
        List<string> ids = [.. batch, .. batch];
        h.Agent.Handle(LabelBatch.Numeric(AgentHarness.TimeOf(11), ids, [.. ids.Select(_ => 20_000.0)]), h.Context);
        h.Agent.Handle(new Tick(AgentHarness.TimeOf(11), 11), h.Context);

        h.Agent.State.Memory.LabelFaultTold.ShouldBeTrue();
        h.Agent.State.Memory.FaultyBatches.ShouldBe([10L]);
        h.Agent.State.Drift.Current.Select(f => f.Finding.Message).ShouldContain(m => m.EndsWith("; 200 labels not used", StringComparison.Ordinal));
    }

    [Fact]
    public void ARecoveryWhoseLabelsAllFailTheCheck_SaysSo_WhenItCannotBeVerified()
    {
        // The targets move at 10 and the agent retrains; from then on the feed writes every label ×10 for good. Before,
        // the verification's time-out read "no labeled batch within 12 batches", as if the feed had gone silent.
        var h = Harness();
        h.Error = (b, _, rng) => RegressionHarness.Gaussian(rng) - (b >= 10 ? 5 : 0);
        var promoted = long.MaxValue;
        h.Written = (b, y) => b > promoted ? y * 10 : y;
        for (var b = 0L; b <= 40; b++)
        {
            var d = h.Step(b);
            if (promoted == long.MaxValue && d.FollowUps.Any(f => f.Action == AgentAction.Promote))
            {
                promoted = b;
            }
        }

        promoted.ShouldBeLessThan(20L);
        var timedOut = h.Decisions.SelectMany(d => d.FollowUps.Prepend(d)).First(d => d.Reason.StartsWith("verification of the promote not available", StringComparison.Ordinal));
        timedOut.Reason.ShouldContain($"(the labels of batches {promoted + 1}–");
        timedOut.Reason.ShouldContain("came but failed the label check)");
    }

    [Theory]
    [InlineData(12, "no labels to verify the regression model's recovery (the labels of batches 12–23 came but failed the label check)")]
    [InlineData(20, "Labels have failed the label check at 12 ticks since a person was told")]
    public void ARecoveryThatCannotBeVerified_ForLabelsThatFailTheCheck_PagesOnce(int maxWait, string page)
    {
        // One trouble asked a person twice a tick apart: the verification's time-out (no clean labels to judge the
        // recovery by) and the label check's escalation (12 ticks of faulty labels). With the default wait of 12 both
        // fall in batch 24; with a wait of 20 the label check asks first, and the time-out at 32 only holds the incident.
        var policy = DefaultPolicy.Create();
        var h = Harness(policy with { Verification = policy.Verification with { MaxWaitBatches = maxWait } });
        h.Error = (b, _, rng) => RegressionHarness.Gaussian(rng) - (b >= 10 ? 5 : 0);
        h.Written = (b, y) => b >= 12 ? y * 10 : y;
        h.Run(0, 40);

        h.Of(AgentAction.Escalate).ShouldHaveSingleItem().Reason.ShouldStartWith(page);
        var timedOut = h.Decisions.Single(d => d.Verification is { Status: VerificationStatus.Failed });
        timedOut.Batch.ShouldBe(12 + maxWait);
        timedOut.Verification!.Observed.ShouldBeNull();
        var incident = h.Agent.State.Incident.ShouldNotBeNull();
        incident.Status.ShouldBe("escalated", "held for the person either way");
        if (maxWait == 20)
        {
            incident.Timeline.ShouldContain(l => l.Contains("the person asked when the labels kept failing the check decides", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LabelsTheWorldShiftedAcrossZero_AreDrift_WhileFlippedOnesAreAFault(bool flipped)
    {
        // The model's answers spread over 10–30 (its targets those plus N(0, 1)); from batch 10 the labels are 40 lower
        // (the world moved) or of the other sign (the feed flipped). Their quartiles are alike, -30..-10 either way; row by
        // row the shifted labels follow the answers and the flipped ones go against them.
        var h = new RegressionHarness(DefaultPolicy.Create(), labelDelay: 1) { Predicted = Level, RowOffset = i => (i % 21) - 10 };
        var rng = new Random(99);
        h.Monitor.Targets = TargetQuality.Baseline([.. Enumerable.Range(0, 1000).Select(i => Level + (i % 21) - 10 + RegressionHarness.Gaussian(rng))]);
        h.Written = (b, y) => b < 10 ? y : flipped ? -y : y - (2 * Level);
        h.Run(0, 20);

        LabelAlerts(h).Count.ShouldBe(flipped ? 1 : 0);
        h.Agent.State.Memory.FaultyBatches.Count.ShouldBe(flipped ? 10 : 0); // batches 10–19, whose labels came by batch 20
        if (!flipped)
        {
            h.Of(AgentAction.Retrain).ShouldNotBeEmpty("the model's errors answer the shift as drift");
        }
    }

    [Fact]
    public void LabelsThatFailOnAndOff_AreToldOnceADay()
    {
        // A probe: ten-row batches near the flip line were flagged on and off, 27 alerts in 140 hourly batches.
        var h = Harness();
        h.Written = (b, y) => b is 10 or 18 or 26 or 40 ? y * 10 : y;
        h.Run(0, 45);

        LabelAlerts(h).Select(a => h.Decisions.First(d => d.Requests.Contains(a)).Batch).ShouldBe([11L, 41L], "batch 41 is 30 hours after the first was told");
        h.Agent.State.Memory.FaultyBatches.ShouldBe([10L, 18L, 26L, 40L]);
    }

    [Fact]
    public void WhileEveryNewLabelFailsTheCheck_NoChallengerTrainsTheSameWindowAgain()
    {
        // A review's probe: challengers at 22, 24, 28 and 36 all trained on batches 14..19 while the feed wrote ×10.
        var h = Harness();
        h.Error = (b, v, rng) => RegressionHarness.Gaussian(rng) - (b >= 10 && v == "v1" ? 5 : 0); // the recovery fits the new targets
        h.Written = (b, y) => b >= 22 ? y * 10 : y;
        h.Run(0, 50);

        var challengers = h.Of(AgentAction.Retrain).Where(r => r.Reason.StartsWith("challenger", StringComparison.Ordinal)).ToList();
        challengers.ShouldNotBeEmpty("challengers ran after the recovery, before the feed went wrong");
        challengers.Select(r => r.LastBatch).ShouldBeUnique();
        h.Decisions.ShouldContain(d => d.Alternatives.Any(a => a.RejectedBecause.Contains("held: no clean labeled batch since the last challenger, which trained through batch 21", StringComparison.Ordinal)));
    }

    [Fact]
    public void PolicyNone_TellsNothing_AndStillLeavesThemOut()
    {
        var h = Harness(AgentPolicy.NoAction);
        h.Written = (b, y) => b is >= 10 and <= 14 ? y * 1000 : y;
        h.Run(0, 20);

        h.Requests.ShouldBeEmpty();
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.Labeled == 0);
    }
}
