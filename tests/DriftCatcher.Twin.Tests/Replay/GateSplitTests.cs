using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// The gate judges a candidate and the champion on rows neither learned from: its held-out rows are every fifth row by row
/// number in the stream, so a later window holds out the same rows an earlier one did, whatever the batch sizes.
/// </summary>
public sealed class GateSplitTests
{
    [Theory]
    [InlineData(7, 1)] // batches of 7 rows, all labeled
    [InlineData(10, 3)] // batches of 10 rows, every third row without a label
    [InlineData(333, 1)]
    public void ALaterWindow_IsNeverJudgedOnRowsAnEarlierWindowWasFittedOn(int batchSize, int unlabeledEvery)
    {
        int[] Window(int firstBatch, int lastBatch) =>
            [.. Enumerable.Range(firstBatch * batchSize, (lastBatch - firstBatch + 1) * batchSize).Where(i => unlabeledEvery == 1 || i % unlabeledEvery != 0)];

        var (championFit, _) = ReplayDriver.SplitForGate(Window(0, 5), Window(3, 5)); // a champion trained with a short window from batch 3
        var champion = championFit.ToHashSet();
        foreach (var (first, last, shortFirst) in new[] { (2, 7, 2), (3, 8, 3), (1, 6, 4), (4, 9, 7), (0, 6, 1) })
        {
            var (fit, gate) = ReplayDriver.SplitForGate(Window(first, last), Window(shortFirst, last));
            gate.ShouldNotBeEmpty();
            gate.ShouldNotContain(i => champion.Contains(i), $"window {first}..{last}: the champion learned from a row it is judged on");
            fit.Intersect(gate).ShouldBeEmpty();
            fit.ShouldAllBe(i => i % 5 != 4, "a row some later window holds out is never fitted on, also before a short window");
            fit.Length.ShouldBe(Window(first, last).Count(i => i % 5 != 4));
            gate.ShouldAllBe(i => i >= shortFirst * batchSize);
        }
    }
}
