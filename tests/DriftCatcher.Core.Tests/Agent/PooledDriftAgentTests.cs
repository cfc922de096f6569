using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Tests.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Covariate drift on small batches, judged by the real monitoring engine: a feature that drifted in K of M batches
/// is sustained only if it still drifts with those batches' rows pooled (their bin counts, all the agent keeps), where
/// pooling can judge. On 20-row batches each batch's test fires at its own false-alarm rate, and on a stable stream two
/// excursions in three batches came by chance every few hundred batches — each an alert (docs/agent.md, "Input drift
/// on small batches").
/// </summary>
public sealed class PooledDriftAgentTests
{
    private static readonly EngineBatchMonitor Uniform = Engine(rng => Samples.Uniform(rng, 2_000, 0, 10));

    /// <summary>Half the reference's x1 is exactly 5 (a default value), the rest uniform on [0, 10].</summary>
    private static readonly EngineBatchMonitor Atom = Engine(rng => [.. Enumerable.Range(0, 2_000).Select(i => i % 2 == 0 ? 5.0 : 10 * rng.NextDouble())]);

    [Fact]
    public void TwoExcursionsThatGoDifferentWays_AreNotSustained_AndTheReasonSaysSo()
    {
        var h = Harness(Uniform, 20, b => b switch { 10 => (0, 3), 11 => (7, 10), _ => (0, 10) });
        h.Run(0, 20);

        // Both batches drifted on their own: the K of M rule alone would have alerted at batch 11.
        h.Decisions.Where(d => d.Batch is 10 or 11).ShouldAllBe(d => d.Metrics.ShareDrifted > 0.3);
        h.Of(AgentAction.Alert).ShouldBeEmpty();
        h.Decisions.Single(d => d.Batch == 11).Alternatives.ShouldContain(a => a.Action == AgentAction.Alert
            && a.RejectedBecause.Contains("drifted in 2 of the last 3 batches, but with their rows pooled the moves cancel", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameMoveInTwoBatches_IsSustained_InTheSameBatchAsBefore()
    {
        var h = Harness(Uniform, 20, b => b is 10 or 11 ? (7, 10) : (0, 10));
        h.Run(0, 20);
        var alert = h.Decisions.Single(d => d.Action == AgentAction.Alert);
        alert.Batch.ShouldBe(11);
        alert.Assessment.Cause.ShouldBe(Cause.CovariateDrift);
        h.Requests.ShouldAllBe(r => r.Action == AgentAction.Alert);
    }

    [Fact]
    public void AMoveDilutedByACalmBatch_StillHoldsPooled_InTheSameBatchAsBefore()
    {
        // Moved, calm, then moved for good: at 12 (2 of 3) two thirds of the pooled rows moved, enough for this move.
        var h = Harness(Uniform, 20, b => b is 10 or >= 12 ? (6, 10) : (0, 10));
        h.Run(0, 20);
        h.Decisions.Single(d => d.Action == AgentAction.Alert).Batch.ShouldBe(12);
    }

    [Fact]
    public void AMoveInsideOneBin_CannotBeJudgedByBinCounts_SoKOfMStands()
    {
        // The common value 5 becomes 4.6: every batch's test sees it on the rows (D 0.5), the decile bins do not.
        var h = Harness(Atom, 100, b => b >= 10 ? (4.6, 4.6) : (5, 5), atom: true);
        h.Run(0, 20);
        h.Decisions.Single(d => d.Action == AgentAction.Alert).Batch.ShouldBe(11);
    }

    [Fact]
    public void WhereTheEffectFloorDecides_ChanceCannotCross_SoKOfMStands()
    {
        // 500-row batches: two real moves the opposite way (D 0.2 each, pooled 0.05) are two real changes, alerted as before.
        var h = Harness(Uniform, 500, b => b switch { 10 => (0, 8), 11 => (2, 10), _ => (0, 10) });
        h.Run(0, 20);
        h.Decisions.Single(d => d.Action == AgentAction.Alert).Batch.ShouldBe(11);
    }

    [Fact]
    public void BatchesServedByAnotherVersion_AreNotPooledWithTheNewest_SoKOfMStands()
    {
        // Opposite excursions at 10 and 11, but v2 serves from 11 on: 10 was judged against v1's reference (its own bins).
        var h = Harness(Uniform, 20, b => b switch { 10 => (0, 3), 11 => (7, 10), _ => (0, 10) });
        h.Run(0, 10);
        h.Agent.State.Versions.Champion = "v2";
        h.Run(11, 20);
        h.Agent.State.Window.RecentHistograms.Select(r => r.Version).ShouldBe(["v2", "v2", "v2"]);
        h.Decisions.Single(d => d.Action == AgentAction.Alert).Batch.ShouldBe(11);
    }

    [Fact]
    public void ABatchWithoutADriftTest_KeepsTheNewestJudgement()
    {
        // Batch 12 lacks x3, so no drift test runs on it; the chance excursions of 10 and 11 stay chance.
        var h = Harness(Uniform, 20, b => b switch { 10 => (0, 3), 11 => (7, 10), _ => (0, 10) }, withoutX3: b => b == 12);
        h.Run(0, 20);
        h.Decisions.Single(d => d.Batch == 12).Metrics.ShareDrifted.ShouldBeNull();
        h.Decisions.ShouldNotContain(d => d.Assessment.Cause == Cause.CovariateDrift && d.Assessment.Persistent);
    }

    private static EngineBatchMonitor Engine(Func<Random, double[]> x1) => new(ModelReference.Build(new DataFrame([
        Column.Numeric("x1", x1(new Random(1))),
        Column.Numeric("x2", Samples.Uniform(new Random(2), 2_000, 0, 10)),
        Column.Numeric("x3", Samples.Uniform(new Random(3), 2_000, 0, 10)),
    ]), [], [], 2));

    /// <summary>x1 uniform on the batch's range, or with <paramref name="atom"/> half at the range's low end, half uniform on [0, 10].</summary>
    private static AgentHarness Harness(EngineBatchMonitor engine, int rows, Func<long, (double Low, double High)> x1Range, Func<long, bool>? withoutX3 = null, bool atom = false)
    {
        var h = new AgentHarness(DefaultPolicy.Create(), rows: rows);
        h.Monitor.Engine = engine;
        var outputs = new double[rows * 2];
        for (var i = 0; i < rows; i++)
        {
            outputs[(2 * i) + (i % 2)] = 0.8;
            outputs[(2 * i) + 1 - (i % 2)] = 0.2;
        }

        h.Observation = b =>
        {
            var rng = new Random(100 + (int)b);
            var (low, high) = x1Range(b);
            double[] x1 = atom ? [.. Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? low : 10 * rng.NextDouble())] : Samples.Uniform(rng, rows, low, high);
            List<Column> columns = [Column.Numeric("x1", x1), Column.Numeric("x2", Samples.Uniform(rng, rows, 0, 10))];
            if (withoutX3?.Invoke(b) != true)
            {
                columns.Add(Column.Numeric("x3", Samples.Uniform(rng, rows, 0, 10)));
            }

            return engine.Observe(new DataFrame(columns), outputs, 2);
        };
        return h;
    }
}
