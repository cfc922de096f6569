using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A classifier's label feed stuck on one class (a join that fails writes the default, BENIGN). Before the check it
/// read as concept drift: accuracy 0.5, a retrain on the stuck labels, and a candidate that calls every row BENIGN
/// scoring 1.000 on held-out rows of the same stuck window.
/// </summary>
public sealed class ClassLabelFaultTests
{
    /// <summary>The harness's model calls its rows BENIGN and DDoS in turn, right on 90 %; held-out, it called 10 % of each class otherwise.</summary>
    internal static AgentHarness Harness(AgentPolicy? policy = null, int rows = 200)
    {
        var h = new AgentHarness(policy ?? DefaultPolicy.Create(), rows: rows) { Observation = _ => Obs.Clean, Accuracy = (_, _) => 0.9 };
        h.Monitor.Calls = new ClassLabelBaseline([1000, 1000], [100, 100]) { Names = AgentHarness.ClassNames };
        return h;
    }

    private static List<ActionRequest> LabelAlerts(AgentHarness h) =>
        [.. h.Of(AgentAction.Alert).Where(r => r.Reason.StartsWith("Labels arrive all of one class", StringComparison.Ordinal))];

    [Fact]
    public void AFeedStuckOnOneClass_IsToldOnce_AndItsBatchesAreNeitherJudgedNorTrainedOn()
    {
        var h = Harness();
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 14 ? 0 : y;
        h.Run(0, 30);

        var alert = LabelAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(11);
        alert.Reason.ShouldContain("a label feed stuck on one class, a data-quality fault upstream, not drift");
        alert.Reason.ShouldContain("Evidence: constant_column in the labels of batch 10 (200 labels not used): every one of 200 labels is 'BENIGN', yet the model called 100 of 200 of those rows another class (of held-out rows it calls 55% another class), where it called 10% of 1000 held-out 'BENIGN' rows otherwise");
        h.Requests.ShouldHaveSingleItem("the model is not the problem: nothing but the alert");
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.Labeled == 0);
        h.Agent.State.Window.Batches.Where(b => b.Batch is 9 or (>= 15 and <= 28)).ShouldAllBe(b => b.Labeled == 200);
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 5).Select(b => (long)b));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithoutTheCheck_TheStuckFeedReadsAsConceptDrift_AndIsTrainedOn(bool turnedOff)
    {
        // The same feed with no held-out record to judge by, or with detection.stuck_class_check false: what the check prevents.
        var policy = DefaultPolicy.Create();
        var h = Harness(turnedOff ? policy with { Detection = policy.Detection with { StuckClassCheck = false } } : policy);
        h.Monitor.Calls = turnedOff ? h.Monitor.Calls : null;
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 14 ? 0 : y;
        h.Run(0, 30);

        LabelAlerts(h).ShouldBeEmpty();
        var retrain = h.Of(AgentAction.Retrain).First();
        retrain.LastBatch.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(10L, "it learns from the stuck labels");
    }

    [Fact]
    public void ConceptDrift_LeavesAMixOfLabels_AndIsAnswered()
    {
        var h = Harness();
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9;
        h.Run(0, 20);

        LabelAlerts(h).ShouldBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        h.Of(AgentAction.Retrain).ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(0, true)]
    public void OnInputsThatMoved_OnlyTheMajorityClass_IsJudged(int written, bool judged)
    {
        // The inputs drifted: a batch all of a smaller class (DDoS) may be a new variant of it, and is trusted; a join that
        // fails writes the default (BENIGN, the class most held-out rows had), and is still a stuck feed.
        var h = Harness();
        h.Monitor.Calls = new ClassLabelBaseline([1200, 800], [120, 80]) { Names = AgentHarness.ClassNames };
        h.Observation = b => b >= 10 ? Obs.Drifted() : Obs.Clean;
        h.WriteLabel = (b, _, y) => b >= 10 ? written : y;
        h.Run(0, 20);

        LabelAlerts(h).Count.ShouldBe(judged ? 1 : 0);
        h.Agent.State.Memory.FaultyBatches.Count.ShouldBe(judged ? 10 : 0);
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 19).ShouldAllBe(b => b.Labeled == (judged ? 0 : 200));
    }

    [Fact]
    public void AFeedThatLabelsOnlyAFewRows_IsNotChecked()
    {
        // An analyst's verdicts on the model's alerts: a sample the model chose, all one class when every alert was false
        // (200 of 800 rows: enough labels, too few of the batch).
        var h = Harness(rows: 800);
        h.Labeled = (b, i) => b < 10 || i % 4 == 1;
        h.WriteLabel = (b, _, y) => b >= 10 ? 0 : y;
        h.Run(0, 20);

        LabelAlerts(h).ShouldBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
    }

    [Fact]
    public void LabelsThatComeAfterAnotherVersionTookOver_AreJudgedByTheRecordOfTheVersionThatServedTheirBatch()
    {
        // The host passes the monitor of the version serving now; a batch's answers are those of the version that served
        // it, D batches earlier. v1 called a tenth of held-out BENIGN rows otherwise, v2 (say, trained on a blurrier
        // world) three in five: half its calls otherwise on a batch all BENIGN is within chance for v2, not for v1.
        var v2Calls = new ClassLabelBaseline([1000, 1000], [600, 100]) { Names = AgentHarness.ClassNames };
        AgentHarness Run(Func<long, int, int, int> write)
        {
            var h = Harness();
            var v1Calls = h.Monitor.Calls;
            h.Accuracy = (b, v) => v == "v1" && b >= 8 ? 0.6 : 0.9;
            h.Observation = _ =>
            {
                h.Monitor.Calls = h.Agent.State.Versions.Champion == "v1" ? v1Calls : v2Calls;
                return Obs.Clean;
            };
            h.WriteLabel = write;
            h.Run(0, 30);
            return h;
        }

        var promoted = Run((_, _, y) => y).Decisions.First(d => d.FollowUps.Any(f => f.Action == AgentAction.Promote)).Batch;
        var stuck = Run((b, _, y) => b >= promoted ? 0 : y);

        stuck.Agent.State.Window.Batches.Single(b => b.Batch == promoted).ServedVersion.ShouldBe("v1");
        stuck.Agent.State.Memory.FaultyBatches.ShouldContain(promoted, "served by v1, labeled after v2 took over: v1's record rules it out");
        stuck.Agent.State.Memory.FaultyBatches.ShouldNotContain(promoted + 1, "served by v2, whose record allows it");
        stuck.Agent.State.Window.ClassCalls.Select(c => c.Version).ShouldBe(["v1", "v2"], ignoreOrder: true);
    }

    [Fact]
    public void OnSmallBatches_OneClassLabels_AreHeld_AndJudgedPooled()
    {
        // 40 rows a batch: too few to judge alone (a world nineteen in twenty one class makes whole batches of it), so
        // batches 10 and 11 are held, and with 12 the 120 labels are judged together: a stuck feed, none of them used.
        var h = Harness(rows: 40);
        h.WriteLabel = (b, _, y) => b >= 10 ? 0 : y;
        h.Run(0, 20);

        var alert = LabelAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(13);
        alert.Reason.ShouldContain("Evidence: constant_column in the labels of batches 10–12 (120 labels not used): every one of 120 labels is 'BENIGN'");
        h.Requests.ShouldHaveSingleItem("no retrain on the stuck labels");
        h.Agent.State.Memory.FaultyBatches.ShouldBe([10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L]);
        h.Agent.State.Window.HeldLabels.ShouldHaveSingleItem().Batches.ShouldBe([19L], "the next run, still held");
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 19).ShouldAllBe(b => b.Labeled == 0);
    }

    [Fact]
    public void OnSmallBatches_TheTailOfAStuckEpisode_IsJudgedAsItsContinuation()
    {
        // Stuck from 10 to 16: 10–12 and 13–15 are judged pooled; 16 alone (40 labels) is released by 17's mixed labels,
        // but it continues the stuck feed just found, so it is judged on what it holds (a fuzz probe: 80 such labels
        // were released and trained on).
        var h = Harness(rows: 40);
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 16 ? 0 : y;
        h.Run(0, 22);

        h.Agent.State.Memory.FaultyBatches.ShouldBe([10L, 11L, 12L, 13L, 14L, 15L, 16L]);
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 17 and <= 20).ShouldAllBe(b => b.Labeled == 40);
        h.Agent.State.Window.HeldLabels.ShouldBeEmpty();
        LabelAlerts(h).ShouldHaveSingleItem();
        h.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public void OnSmallBatches_ABatchWhoseLabelsComeInTwoMessages_StillPools()
    {
        // A second review: batch 10's labels came as 25 and, a tick later, 15; the 15 alone cover under half the batch,
        // were passed on, and released the held run unjudged: none of 200 stuck labels was flagged, two retrains used them.
        var h = Harness(rows: 40);
        h.Labeled = (b, _) => b != 10;
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 14 ? 0 : y;
        h.Run(0, 11);
        List<string> ids = [.. Enumerable.Range(0, 40).Select(i => AgentHarness.Id(10, i))];
        h.Agent.Handle(new LabelBatch(AgentHarness.TimeOf(11), ids[..25], [.. Enumerable.Repeat(0, 25)]), h.Context);
        h.Run(12, 12);
        h.Agent.Handle(new LabelBatch(AgentHarness.TimeOf(12), ids[25..], [.. Enumerable.Repeat(0, 15)]), h.Context);
        h.Run(13, 20);

        h.Agent.State.Memory.FaultyBatches.ShouldBe([10L, 11L, 12L, 13L, 14L]);
        h.Requests.ShouldHaveSingleItem("the alert; nothing trained on the stuck labels");
    }

    [Fact]
    public void OnSmallBatches_DuplicateIdsInEveryMessage_CountOnce_AndStillPool()
    {
        // A second review: every message listing each label twice made 50-row batches look like 100 labels, judged alone
        // after the duplicates were dropped: never flagged, three retrains on the stuck labels.
        var h = Harness(rows: 50);
        h.Labeled = (_, _) => false;
        for (var b = 0L; b <= 20; b++)
        {
            h.Run(b, b);
            if (b >= 1)
            {
                List<string> ids = [.. Enumerable.Range(0, 50).Select(i => AgentHarness.Id(b - 1, i))];
                List<int> labels = [.. Enumerable.Range(0, 50).Select(i => (b - 1) is >= 10 and <= 17 ? 0 : i < 45 ? i % 2 : 1 - (i % 2))];
                h.Agent.Handle(new LabelBatch(AgentHarness.TimeOf(b), [.. ids, .. ids], [.. labels, .. labels]), h.Context);
            }
        }

        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 8).Select(b => (long)b), ignoreOrder: true);
        h.Of(AgentAction.Retrain).ShouldBeEmpty();
        h.Agent.State.Window.Batches.Where(b => b.Batch is 9 or 18).ShouldAllBe(b => b.Labeled == 50);
    }

    [Fact]
    public void HeldLabels_AreReleasedAtATick_WhenTheFeedStops()
    {
        var h = Harness(rows: 40);
        h.Labeled = (b, _) => b <= 10;
        h.WriteLabel = (b, _, y) => b == 10 ? 0 : y;
        h.Run(0, 20);
        h.Agent.State.Window.HeldLabels.ShouldHaveSingleItem();

        h.Run(21, 30);
        h.Agent.State.Window.HeldLabels.ShouldBeEmpty($"released {ModelAgent.MaxHeldBatches} batches after its newest");
        h.Agent.State.Window.Batches.Single(b => b.Batch == 10).Labeled.ShouldBe(40);
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
    }

    [Fact]
    public void OnSmallBatches_ARunSplitByAPromotion_IsJudgedWithTheRunAfterIt()
    {
        // A second review: the feed stuck from the last batch v1 served; v2's batches were flagged pooled, and v1's one
        // batch was released and counted when the version changed.
        AgentHarness Run(Func<long, int, int, int> write)
        {
            var h = Harness(rows: 40);
            h.Accuracy = (b, v) => v == "v1" && b >= 8 ? 0.6 : 0.9;
            h.WriteLabel = write;
            h.Run(0, 30);
            return h;
        }

        var first = Run((_, _, y) => y).Agent.State.Window.Batches.First(b => b.ServedVersion != "v1").Batch;
        var stuck = Run((b, _, y) => b >= first - 1 && b <= first + 6 ? 0 : y);

        stuck.Agent.State.Window.Batches.Single(b => b.Batch == first - 1).ServedVersion.ShouldBe("v1");
        stuck.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range((int)first - 1, 8).Select(b => (long)b), ignoreOrder: true);
    }

    [Fact]
    public void OnBatchesOf12Labels_AStuckFeedPoolsTo100()
    {
        // A second review: runs were released after 8 batches, 96 labels, so batches of 12 were never judged.
        var h = Harness(rows: 12);
        h.WriteLabel = (b, _, y) => b is >= 10 and <= 40 ? 0 : y;
        h.Run(0, 45);

        LabelAlerts(h).ShouldHaveSingleItem();
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 31).Select(b => (long)b));
        h.Of(AgentAction.Retrain).ShouldBeEmpty();
    }

    [Fact]
    public void OnSmallBatches_AOneClassBatchInAMixedWorld_IsHeldOnlyUntilTheNextBatch_AndThenCounted()
    {
        var h = Harness(rows: 40);
        h.WriteLabel = (b, _, y) => b == 10 ? 0 : y;
        h.Run(0, 11);
        h.Agent.State.Window.HeldLabels.ShouldHaveSingleItem().Batches.ShouldBe([10L]);
        h.Agent.State.Window.Batches.Single(b => b.Batch == 10).Labeled.ShouldBe(0, "held");

        h.Run(12, 14);
        h.Agent.State.Window.HeldLabels.ShouldBeEmpty();
        h.Agent.State.Window.Batches.Single(b => b.Batch == 10).Labeled.ShouldBe(40, "released with batch 11's mixed labels");
        h.Agent.State.Window.Batches.Single(b => b.Batch == 10).Correct.ShouldBe(20);
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        LabelAlerts(h).ShouldBeEmpty();
    }

    [Fact]
    public void OnSmallBatches_ConceptDrift_IsNeitherHeldLongNorALabelFault()
    {
        var h = Harness(rows: 40);
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9;
        h.Run(0, 20);

        LabelAlerts(h).ShouldBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        h.Of(AgentAction.Retrain).ShouldNotBeEmpty();
    }

    [Fact]
    public void AFeedThatStaysStuck_AsksAPersonToDecide_OnceAfterTwelveTicks()
    {
        var h = Harness();
        h.WriteLabel = (b, _, y) => b >= 10 ? 1 : y;
        h.Run(0, 40);

        LabelAlerts(h).ShouldHaveSingleItem().Reason.ShouldContain("every one of 200 labels is 'DDoS'");
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(escalate)).Batch.ShouldBe(22);
        escalate.Reason.ShouldContain("if the world is one class now, a person must decide (fix the feed, or retrain on these labels by hand)");
        h.Requests.Count.ShouldBe(2);
    }
}
