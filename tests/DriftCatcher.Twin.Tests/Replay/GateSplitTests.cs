using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// The gate judges a candidate and the champion on rows neither learned from: its held-out rows are every fifth row by row
/// number in the stream (so a later window holds out the same rows an earlier one did, whatever the batch sizes), less any
/// row the champion was fitted on (a window with a short part fits every row before it).
/// </summary>
public sealed class GateSplitTests
{
    [Theory]
    [InlineData(7, 1)] // batches of 7 rows, all labeled
    [InlineData(10, 3)] // batches of 10 rows, every third row without a label
    [InlineData(333, 1)]
    public void ALaterWindow_IsNeverJudgedOnRowsTheChampionWasFittedOn(int batchSize, int unlabeledEvery)
    {
        int[] Window(int firstBatch, int lastBatch) =>
            [.. Enumerable.Range(firstBatch * batchSize, (lastBatch - firstBatch + 1) * batchSize).Where(i => unlabeledEvery == 1 || i % unlabeledEvery != 0)];

        // A champion trained on batches 0..5 with a short window from batch 3: it learned every row of batches 0..2.
        var (championFit, championGate) = ReplayDriver.SplitForGate(Window(0, 5), Window(3, 5), null);
        championGate.ShouldAllBe(i => i % 5 == 4 && i >= 3 * batchSize);
        var champion = championFit.ToHashSet();
        champion.ShouldContain(i => i % 5 == 4, "rows before the short window are all fitted on");
        foreach (var (first, last, shortFirst) in new[] { (2, 7, 2), (3, 8, 3), (1, 6, 4), (4, 9, 7), (0, 6, 1) })
        {
            var window = Window(first, last);
            var (fit, gate) = ReplayDriver.SplitForGate(window, Window(shortFirst, last), champion);
            gate.ShouldNotBeEmpty();
            gate.ShouldNotContain(i => champion.Contains(i), $"window {first}..{last}: the champion would be judged on a row it learned from");
            gate.ShouldAllBe(i => i % 5 == 4 && i >= shortFirst * batchSize);
            fit.Intersect(gate).ShouldBeEmpty();
            fit.Concat(gate).Order().ShouldBe(window.Order());
        }
    }

    [Fact]
    public void AWindowWhollyInsideWhatTheChampionLearned_IsJudgedOnItsFifthRows_NotOnNone()
    {
        int[] window = [.. Enumerable.Range(100, 50)];
        var (fit, gate) = ReplayDriver.SplitForGate(window, window, window.ToHashSet());
        gate.ShouldBe([.. window.Where(i => i % 5 == 4)]);
        fit.Concat(gate).Order().ShouldBe(window);
    }
}
