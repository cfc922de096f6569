using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// The serving and arrival scenarios of data/scenarios replayed end to end (GBT, label delay 2, default policy):
/// each must do what its <c>expected</c> says, with no model trained.
/// </summary>
public sealed class ServingScenarioTests
{
    private static ReplayResult Run(string name) => ReplayFixture.ReplayShipped(name + ".json");

    [Fact]
    public void LatencySpike_TenTimesTheUsual_IsOneAlert_AndTheModelStays()
    {
        // p95 about 30 ms, 300 ms in batches 20–24: under the 1 000 ms limit, ten times the usual. Before the
        // usual level was measured the agent saw nothing.
        var run = Run("latency-spike");
        var alert = run.Actions.ShouldHaveSingleItem();
        alert.Action.ShouldBe("alert");
        alert.Batch.ShouldBe(21);
        alert.Reason.ShouldContain("much slower than usual");
        alert.Reason.ShouldMatch(@"latency p95 29\d(\.\d)? ms \(limit 1000, usually (29|30)(\.\d)?\)");
        run.Decisions.Where(d => d.Batch >= 27).ShouldAllBe(d => d.Assessment.Cause == Core.Agent.Decisions.Cause.None);
    }

    [Fact]
    public void ArrivalGap_SixMissingBatches_IsOneAlert_WhenDataComesBack()
    {
        // Batches 18–23 never arrive; batch 24 comes 7 hours after batch 17 (one-hour batches). Before, the tick of
        // batch 24 measured the silence from batch 24's own arrival and saw none.
        var run = Run("arrival-gap");
        var alert = run.Actions.ShouldHaveSingleItem();
        alert.Action.ShouldBe("alert");
        alert.Batch.ShouldBe(24);
        alert.Reason.ShouldContain("no data for 360 minutes beyond the usual interval (limit 120)");
    }

    [Fact]
    public void FailureBurst_FallsBack_AndRestores_WithoutTraining()
    {
        var run = Run("failure-burst");
        run.Actions.Where(a => a.Action is "fallback" or "restore").Select(a => (a.Batch, a.Action)).ShouldBe([(21, "fallback"), (25, "restore")]);
        run.Actions.ShouldNotContain(a => a.Action == "retrain" || a.Action == "promote");
        run.Actions.Single(a => a.Action == "fallback").Reason.ShouldContain("failure rate 0.4 (limit 0.05)");
    }

    [Fact]
    public void LatencyCreep_EightPercentABatch_IsOneAlert_OnceTheUsualLevelHasTripled()
    {
        // p95 about 30 ms, then 8 % slower every batch from batch 10 (×10 by batch 39, still under the limit):
        // no batch is three times the 10 before it, so the agent saw nothing until the creep was measured
        // against the usual level before it.
        var run = Run("latency-creep");
        var alert = run.Actions.ShouldHaveSingleItem();
        alert.Action.ShouldBe("alert");
        alert.Batch.ShouldBeInRange(29, 33);
        alert.Reason.ShouldMatch(@"the usual level crept from (29|30)(\.\d)? ms \(its level at batch 11\) to 9\d(\.\d)? ms");
        run.ModelChanges.ShouldBe(0);
    }
}
