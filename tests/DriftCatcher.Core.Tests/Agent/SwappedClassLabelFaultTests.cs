using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Quality;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A classifier's label feed that swapped classes (an encoder that maps BENIGN to 1 and DDoS to 0). Without the check it
/// reads as concept drift: accuracy 0.1 against 0.9, a retrain on the swapped labels and a model that calls every class
/// by the other's name.
/// </summary>
public sealed class SwappedClassLabelFaultTests
{
    /// <summary>The stuck-feed tests' harness: a model that calls its rows BENIGN and DDoS in turn, right on 90 %; held-out, it called 10 % of each class otherwise.</summary>
    private static AgentHarness Harness(AgentPolicy? policy = null) => ClassLabelFaultTests.Harness(policy);

    private static List<ActionRequest> SwapAlerts(AgentHarness h) =>
        [.. h.Of(AgentAction.Alert).Where(r => r.Reason.StartsWith("Labels disagree with the model, on inputs it knows, as they would if classes had exchanged names", StringComparison.Ordinal))];

    private static int Swap(long b, int y, long from, long to = long.MaxValue) => b >= from && b <= to ? 1 - y : y;

    [Fact]
    public void ASwappedFeed_IsToldOnce_AndItsBatchesAreNeitherJudgedNorTrainedOn()
    {
        var h = Harness();
        h.WriteLabel = (b, _, y) => Swap(b, y, 10, 14);
        h.Run(0, 30);

        var alert = SwapAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(11);
        alert.Reason.ShouldContain("a label feed that swapped classes, a data-quality fault upstream, not drift");
        alert.Reason.ShouldContain("Evidence: swapped_classes in the labels of batch 10 (200 labels not used): the labels disagree with the model on 180 of 200 rows");
        alert.Reason.ShouldContain("yet read with classes exchanged they disagree on only 20: the rows the model calls 'BENIGN' as 'DDoS' (90), 'DDoS' as 'BENIGN' (90)");
        h.Requests.ShouldHaveSingleItem("the model is not the problem: nothing but the alert");
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.Labeled == 0);
        h.Agent.State.Window.Batches.Where(b => b.Batch is 9 or (>= 15 and <= 28)).ShouldAllBe(b => b.Labeled == 200);
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 5).Select(b => (long)b));
        var finding = h.Decisions.Single(d => d.Batch == 11).Findings.Where(f => f.Code == QualityCodes.SwappedClasses).ShouldHaveSingleItem();
        finding.Evidence[ModelAgent.LabelBatchEvidence].ShouldBe(10);
        finding.Evidence["misses_exchanged"].ShouldBe(20);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithoutTheCheck_TheSwappedFeedReadsAsConceptDrift_AndIsTrainedOn(bool turnedOff)
    {
        // The same feed with no held-out record to judge by, or with detection.swapped_class_check false: what the check prevents.
        var policy = DefaultPolicy.Create();
        var h = Harness(turnedOff ? policy with { Detection = policy.Detection with { SwappedClassCheck = false } } : policy);
        h.Monitor.Calls = turnedOff ? h.Monitor.Calls : null;
        h.WriteLabel = (b, _, y) => Swap(b, y, 10, 14);
        h.Run(0, 30);

        SwapAlerts(h).ShouldBeEmpty();
        h.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        h.Of(AgentAction.Retrain).First().LastBatch.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(10L, "it learns from the swapped labels");
    }

    [Theory]
    [InlineData(12, true)] // within the episode: the batch before failed the check, so two DDoS rows show the exchange
    [InlineData(10, false)] // its first batch: two rows of a class prove no exchange
    public void WithinAnEpisode_OneRowOfATradedClassSuffices(long sparse, bool flagged)
    {
        // Batch `sparse` has labels for its 100 BENIGN rows and only 2 of its DDoS rows.
        var h = Harness();
        h.WriteLabel = (b, _, y) => Swap(b, y, 10, 14);
        h.Labeled = (b, i) => b != sparse || i % 2 == 0 || i < 4;
        h.Run(0, 20);

        h.Agent.State.Window.Batches.Single(b => b.Batch == sparse).LabelFault.ShouldBe(flagged);
        h.Agent.State.Window.Batches.Single(b => b.Batch == 11).LabelFault.ShouldBeTrue();
        if (flagged)
        {
            h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.LabelFault);
        }
    }

    [Fact]
    public void TheStuckCheckOff_LeavesTheSwapCheckOn()
    {
        var policy = DefaultPolicy.Create();
        var h = Harness(policy with { Detection = policy.Detection with { StuckClassCheck = false } });
        h.WriteLabel = (b, _, y) => Swap(b, y, 10, 14);
        h.Run(0, 20);

        SwapAlerts(h).ShouldHaveSingleItem();
        h.Agent.State.Memory.FaultyBatches.Count.ShouldBe(5);
    }

    [Theory]
    [InlineData("drifted", true)] // a drift finding (on one of STAGGER's three columns, by chance) leaves the answers known
    [InlineData("new region", false)] // inputs the model never saw leave its answers unproven: the model's trouble
    [InlineData("fault", false)]
    public void OnInputsInANewRegionOrWithAFault_ASwapIsNotJudged(string inputs, bool judged)
    {
        var h = Harness();
        var moved = inputs switch { "drifted" => Obs.Drifted(), "new region" => Obs.PartlyOutOfRange("x"), _ => Obs.Fault("x") };
        h.Observation = b => b >= 10 ? moved : Obs.Clean;
        h.WriteLabel = (b, _, y) => Swap(b, y, 10);
        h.Run(0, 20);

        SwapAlerts(h).Count.ShouldBe(judged ? 1 : 0);
        h.Agent.State.Window.Batches.Count(b => b.LabelFault).ShouldBe(judged ? h.Agent.State.Window.Batches.Count(b => b.Batch is >= 10 and <= 19) : 0);
    }

    [Fact]
    public void AVersionWithFewerThanThreeBatchesOfAgreeingLabels_DoesNotJudgeASwap()
    {
        // A swap that began with a concept change is learned as the change; the model trained on it agrees with the swapped
        // labels of its first two batches, and when the feed is fixed it would read the sound labels as the swap. Labels
        // that turn within a version's first three batches are its regression to answer.
        (AgentHarness H, long Promoted) Run(int agreed)
        {
            var h = Harness();
            h.Accuracy = (b, v) => v == "v1" && b >= 8 ? 0.6 : 0.9;
            var promoted = -1L;
            h.WriteLabel = (b, _, y) =>
            {
                if (promoted < 0 && h.Agent.State.Versions.Champion != "v1")
                {
                    promoted = b; // the promoted version's first batch
                }

                return promoted >= 0 && b >= promoted + agreed ? 1 - y : y;
            };
            h.Run(0, 30);
            return (h, promoted);
        }

        var (early, first) = Run(2);
        early.Agent.State.Memory.FaultyBatches.ShouldNotContain(first + 2, "two agreeing batches are no record");
        early.Decisions.Single(d => d.Batch == first + 3).Action.ShouldBe(AgentAction.Retrain, "the drop is the promoted version's to answer");

        var (late, from) = Run(3);
        late.Agent.State.Memory.FaultyBatches.ShouldContain(from + 3);
        SwapAlerts(late).ShouldHaveSingleItem();
        late.Of(AgentAction.Rollback).ShouldBeEmpty();
    }

    [Fact]
    public void LabelsThatDisagreeFromAVersionsFirstBatch_AreTheVersionsRegression_NotTheFeeds()
    {
        // A promoted model whose very first labels read as if its classes were renamed (a serving bug mapping class
        // codes by position) has no record of agreeing with the labels: the check leaves it to the deployment's
        // verification. The same disagreement on the version before it, which the labels agreed with, is the feed's.
        AgentHarness Run(Func<long, string, bool> swapped)
        {
            var h = Harness();
            h.Accuracy = (b, v) => v == "v1" && b >= 8 ? 0.6 : 0.9;
            h.WriteLabel = (b, _, y) => swapped(b, h.Agent.State.Versions.Champion) ? 1 - y : y; // written as batch b is served
            h.Run(0, 30);
            return h;
        }

        var promoted = Run((_, _) => false).Decisions.First(d => d.FollowUps.Any(f => f.Action == AgentAction.Promote)).Batch;
        var newVersion = Run((_, v) => v != "v1");
        newVersion.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        SwapAlerts(newVersion).ShouldBeEmpty();
        newVersion.Of(AgentAction.Rollback).ShouldNotBeEmpty("the new version's answers fell apart: it is rolled back");

        var feed = Run((b, _) => b >= promoted - 2);
        feed.Agent.State.Memory.FaultyBatches.ShouldContain(promoted - 2, "served by v1, which the labels agreed with before");
        SwapAlerts(feed).ShouldHaveSingleItem();
    }

    [Fact]
    public void AFeedThatRenamedAClass_IsToldOnce_NotTrainedOn_AndAPersonIsAskedToMapIt()
    {
        // From batch 10 the feed writes DDoS under a name the model never saw (class 2): without the check, a new class
        // beside the ones the model knows reads as a new attack type, and a retrain learns DDoS flows as it.
        var h = Harness();
        h.WriteLabel = (b, _, y) => b >= 10 && y == 1 ? 2 : y;
        h.Run(0, 40);

        var alert = h.Of(AgentAction.Alert).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(11);
        alert.Reason.ShouldStartWith("Labels name a class the model never saw on rows it calls a class it knows, and agree with it once that name is read as the known class: "
            + "a label feed that renamed a class, a data-quality fault upstream, not a new class or drift;");
        alert.Reason.ShouldContain("Evidence: renamed_class in the labels of batch 10 (200 labels not used): the labels disagree with the model on 110 of 200 rows");
        alert.Reason.ShouldContain("90 rows the model calls 'DDoS' are labeled class 2, a class no held-out row had, and 0 rows are labeled 'DDoS'");
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 30).Select(b => (long)b));
        h.Of(AgentAction.Retrain).ShouldBeEmpty();
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        escalate.Reason.ShouldContain("if the class was renamed for good, a person must decide (fix the feed, or map the new name to the class)");

        var policy = DefaultPolicy.Create();
        var off = Harness(policy with { Detection = policy.Detection with { SwappedClassCheck = false } });
        off.WriteLabel = h.WriteLabel;
        off.Run(0, 40);
        off.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        off.Of(AgentAction.Retrain).First().LastBatch.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(10L, "without the check it learns DDoS flows as the new name");
    }

    [Fact]
    public void AFeedThatStaysSwapped_AsksAPersonToDecide_OnceAfterTwelveTicks()
    {
        var h = Harness();
        h.WriteLabel = (b, _, y) => Swap(b, y, 10);
        h.Run(0, 40);

        SwapAlerts(h).ShouldHaveSingleItem();
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(escalate)).Batch.ShouldBe(22);
        escalate.Reason.ShouldContain("if the classes really traded places, a person must decide (fix the feed, or retrain on these labels by hand)");
        h.Requests.Count.ShouldBe(2);
    }
}
