using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Tests.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Covariate drift on small batches, judged by the real monitoring engine: a feature that drifted in K of M batches
/// is sustained only if it still drifts with those batches' rows pooled (their bin counts, all the agent keeps).
/// On 20-row batches each batch's test fires at its own false-alarm rate, and on a stable stream two excursions in
/// three batches came by chance every few hundred batches — each an alert (docs/agent.md, "Input drift on small batches").
/// </summary>
public sealed class PooledDriftAgentTests
{
    private const int Rows = 20;

    private static readonly EngineBatchMonitor Engine = new(ModelReference.Build(new DataFrame([
        Column.Numeric("x1", Samples.Uniform(new Random(1), 2_000, 0, 10)),
        Column.Numeric("x2", Samples.Uniform(new Random(2), 2_000, 0, 10)),
        Column.Numeric("x3", Samples.Uniform(new Random(3), 2_000, 0, 10)),
    ]), [], [], 2));

    [Fact]
    public void TwoExcursionsThatGoDifferentWays_AreNotSustained_AndTheReasonSaysSo()
    {
        var h = Harness(b => b switch { 10 => (0, 3), 11 => (7, 10), _ => (0, 10) });
        h.Run(0, 20);

        // Both batches drifted on their own: the K of M rule alone would have alerted at batch 11.
        h.Decisions.Where(d => d.Batch is 10 or 11).ShouldAllBe(d => d.Metrics.ShareDrifted > 0.3);
        h.Of(AgentAction.Alert).ShouldBeEmpty();
        h.Decisions.Single(d => d.Batch == 11).Alternatives
            .ShouldContain(a => a.Action == AgentAction.Alert && a.RejectedBecause.Contains("moves cancel", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameMoveInTwoBatches_IsSustained_InTheSameBatchAsBefore()
    {
        var h = Harness(b => b is 10 or 11 ? (7, 10) : (0, 10));
        h.Run(0, 20);
        var alert = h.Decisions.Single(d => d.Action == AgentAction.Alert);
        alert.Batch.ShouldBe(11);
        alert.Assessment.Cause.ShouldBe(Cause.CovariateDrift);
        h.Requests.ShouldAllBe(r => r.Action == AgentAction.Alert);
    }

    [Fact]
    public void AMoveThatLasts_IsSustainedEvenWhenItsFirstBatchesWereDilutedByCalmOnes()
    {
        // One batch moved, a calm one, then the move for good: by the third moved batch the pooled rows agree.
        var h = Harness(b => b is 10 or >= 12 ? (6, 10) : (0, 10));
        h.Run(0, 20);
        h.Of(AgentAction.Alert).Count.ShouldBe(1);
        h.Decisions.Single(d => d.Action == AgentAction.Alert).Batch.ShouldBeLessThanOrEqualTo(13);
    }

    [Fact]
    public void BatchesServedByAnotherVersion_AreNotPooled_ItsReferenceHasOtherBins()
    {
        // The move in batches 10–12, but v2 serves from batch 11 on: 10 was judged against v1's reference.
        var h = Harness(b => b is >= 10 and <= 12 ? (7, 10) : (0, 10));
        h.Run(0, 10);
        h.Agent.State.Versions.Champion = "v2";
        h.Run(11, 20);
        h.Decisions.Single(d => d.Batch == 11).Action.ShouldNotBe(AgentAction.Alert);
        h.Agent.State.Window.RecentHistograms.ShouldAllBe(r => r.Version == "v2");
        h.Decisions.Single(d => d.Action == AgentAction.Alert).Batch.ShouldBe(12);
    }

    private static AgentHarness Harness(Func<long, (double Low, double High)> x1Range)
    {
        var h = new AgentHarness(DefaultPolicy.Create(), rows: Rows);
        h.Monitor.Engine = Engine;
        var outputs = new double[Rows * 2];
        for (var i = 0; i < Rows; i++)
        {
            outputs[(2 * i) + (i % 2)] = 0.8;
            outputs[(2 * i) + 1 - (i % 2)] = 0.2;
        }

        h.Observation = b =>
        {
            var rng = new Random(100 + (int)b);
            var (low, high) = x1Range(b);
            return Engine.Observe(new DataFrame([
                Column.Numeric("x1", Samples.Uniform(rng, Rows, low, high)),
                Column.Numeric("x2", Samples.Uniform(rng, Rows, 0, 10)),
                Column.Numeric("x3", Samples.Uniform(rng, Rows, 0, 10)),
            ]), outputs, 2);
        };
        return h;
    }
}
