using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Labels are joined to their predictions by id. When that fails, realized performance goes unmeasured and the
/// agent can only estimate it: before, the failed joins were counted in the state and nobody was told.
/// </summary>
public sealed class LabelJoinTests
{
    private static List<ActionRequest> JoinAlerts(AgentHarness h) =>
        [.. h.Of(AgentAction.Alert).Where(r => r.Reason.StartsWith("Labels cannot be joined", StringComparison.Ordinal))];

    [Fact]
    public void LabelsWithUnknownIds_AreToldOnce_AtTheSecondTickWithoutAJoin()
    {
        // From batch 10 the label feed sends its own ids (a key change upstream): no label matches a prediction.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.LabelId = (b, id) => b >= 10 ? "feed-" + id : id;
        h.Run(0, 30);

        var alert = JoinAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(11);
        alert.Reason.ShouldContain("at 2 ticks in a row none of the labels that came matched a prediction the agent remembers (200 of 200 unmatched at this tick, 400 in all)");
        h.Agent.State.Memory.LabelsTold.ShouldBeTrue();
        h.Requests.ShouldNotContain(r => r.Action != AgentAction.Alert, "nothing to act on: the model is not the problem");
    }

    [Fact]
    public void OneTickOfUnknownIds_OrARedeliveredBatch_IsNotTold()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.LabelId = (b, id) => b == 10 ? "feed-" + id : id; // one tick only
        h.Redeliver = b => b is >= 15 and <= 20 ? b - 3 : null; // at-least-once delivery: old labels come again beside new ones
        h.Run(0, 30);

        JoinAlerts(h).ShouldBeEmpty();
        h.Agent.State.Window.UnmatchedLabels.ShouldBe(200 + (6 * 200)); // counted, not told
    }

    [Fact]
    public void PredictionsForgottenBeforeTheirLabels_AreToldOnce_WithTheirBatches()
    {
        // 10 000 rows a batch and labels 11 batches late: 11 batches wait, more than the 100 000 predictions kept,
        // so the oldest is forgotten each batch and its labels, when they come, cannot be joined.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 11, rows: 10_000) { Observation = _ => Obs.Clean };
        h.Run(0, 24);

        var alert = JoinAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(10);
        alert.Reason.ShouldContain("10000 predictions of batch 0 were forgotten before their labels came (the agent keeps the newest 100000 predictions awaiting labels)");
        h.Agent.State.Window.UnmatchedLabels.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ALabelDelayThePendingPredictionsHold_IsNotTold()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 9, rows: 10_000) { Observation = _ => Obs.Clean };
        h.Run(0, 24);

        JoinAlerts(h).ShouldBeEmpty();
        h.Agent.State.Window.UnmatchedLabels.ShouldBe(0);
    }

    [Fact]
    public void PolicyNone_TellsNothing()
    {
        var h = new AgentHarness(AgentPolicy.NoAction, labelDelay: 1) { Observation = _ => Obs.Clean };
        h.LabelId = (_, id) => "feed-" + id;
        h.Run(0, 12);
        h.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void LabelsWithUnknownIds_OnBatchesTooLargeToTrackEveryRow_AreTold()
    {
        // 12 000 rows a batch: each is thinned to a sample of 10 000, and a label the sample left out is counted as
        // untracked, not unmatched. When the feed's ids change, none of the labels matches, all are "untracked",
        // and before nothing was told.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1, rows: 12_000) { Observation = _ => Obs.Clean };
        h.LabelId = (b, id) => b >= 6 ? "feed-" + id : id;
        h.Run(0, 10);

        var alert = JoinAlerts(h).ShouldHaveSingleItem();
        h.Decisions.First(d => d.Requests.Contains(alert)).Batch.ShouldBe(7);
        alert.Reason.ShouldContain("none of the labels that came matched");
    }

    [Fact]
    public void LabelsOfASampledBatch_SomeMatched_AreNotTold()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1, rows: 12_000) { Observation = _ => Obs.Clean };
        h.Run(0, 8);

        JoinAlerts(h).ShouldBeEmpty();
        h.Agent.State.Window.UntrackedLabels.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void PredictionsThatNeverGetALabel_AreNotAJoinProblem()
    {
        // Only every other row is ever labeled (labels for a sample, as a fraud team labels the cases it reviews),
        // one batch late. The unlabeled half of each batch waits until the 100 000 cap forgets it: its labels were
        // never coming, and every label that did come was joined. Before, this was told as labels that cannot be
        // joined from the batch the cap was first reached.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1, rows: 10_000) { Observation = _ => Obs.Clean, Labeled = (_, i) => i % 2 == 0 };
        h.Run(0, 24);

        JoinAlerts(h).ShouldBeEmpty();
        h.Agent.State.Window.UnmatchedLabels.ShouldBe(0);
        h.Decisions.ShouldContain(d => d.Batch == 24 && d.Reason == "healthy: keep monitoring");
    }

    [Fact]
    public void LabelsWithUnknownIds_OnTicksWithoutANewBatch_AreToldAtTheSecondSuchTick()
    {
        // Predictions stop after batch 11; the label feed goes on posting, every 30 minutes, with its own ids. The
        // host ticks after each post (no new batch): before, the failed joins were counted and the alert waited for
        // a batch tick, so with no further batch nobody was told.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.Run(0, 11);
        var alerts = new List<(int Tick, ActionRequest Request)>();
        for (var k = 1; k <= 4; k++)
        {
            var time = AgentHarness.TimeOf(11).AddMinutes(30 * k);
            var ids = Enumerable.Range(0, 50).Select(i => $"feed-{k}-{i}").ToList();
            h.Agent.Handle(new LabelBatch(time, ids, [.. ids.Select(_ => 0)]), h.Context);
            var result = h.Agent.Handle(new Tick(time, 12), h.Context);
            alerts.AddRange(result.Requests.Where(r => r.Action == AgentAction.Alert).Select(r => (k, r)));
        }

        var (tick, alert) = alerts.ShouldHaveSingleItem();
        tick.ShouldBe(2);
        alert.Reason.ShouldStartWith("Labels cannot be joined");
        alert.Reason.ShouldContain("at 2 ticks in a row none of the labels that came matched a prediction the agent remembers (50 of 50 unmatched at this tick");
    }
}
