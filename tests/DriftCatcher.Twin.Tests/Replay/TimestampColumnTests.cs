using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// A text column of timestamps in TRAIN (bench/foreign: stable-s1 with a column `ts`, 168 distinct hours repeating,
/// every stream value from a later month). As a category all of its stream values were unseen: a critical fault in
/// batch 0, a fallback served to the end. It is when a row was seen, not what it is, so the replay leaves it out.
/// </summary>
public sealed class TimestampColumnTests
{
    private static DataFrame WithTimestamps(DataFrame frame, int month) =>
        new([.. frame.Columns, Column.Categorical("ts", [.. Enumerable.Range(0, frame.RowCount)
            .Select(i => (string?)$"2026-{month:00}-{1 + (i / 24 % 7):00}T{i % 24:00}:00:00Z")])]);

    private static ReplayResult Replay(DataFrame train, DataFrame stream) =>
        ReplayDriver.Run(train, stream, new ReplayOptions("is_fraud", DefaultPolicy.Create()) { LabelDelay = 2, Algorithm = "gbt" },
            TestContext.Current.CancellationToken);

    [Fact]
    public void ATimestampColumn_IsLeftOutOfTheFeatures_WithAWarning_AndTheReplayIsAsWithoutIt()
    {
        // The first 12 batches come before the concept change of this cut: a stable stretch.
        var train = ForeignStreamTests.Read("sudden-small-train.csv");
        var all = ForeignStreamTests.Read("sudden-small-stream.csv");
        var stream = FrameOps.Select(all, [.. all.ColumnNames], [.. Enumerable.Range(0, all.RowCount).Where(i => all["batch"].Numbers[i] < 12)]);

        var with = Replay(WithTimestamps(train, 1), WithTimestamps(stream, 3));
        var without = Replay(train, stream);

        with.Warnings.ShouldContain(w => w.Contains("'ts'", StringComparison.Ordinal) && w.Contains("timestamps", StringComparison.Ordinal));
        with.Actions.ShouldNotContain(a => a.Action == "fallback");
        with.ModelChanges.ShouldBe(without.ModelChanges);
        with.Accuracy.ShouldBe(without.Accuracy);
        without.Warnings.ShouldNotContain(w => w.Contains("timestamps", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenEveryFeatureIsATimestamp_TheReplayIsRefused_NamingThem()
    {
        var train = ForeignStreamTests.Read("sudden-small-train.csv");
        var only = new DataFrame([train["is_fraud"], Column.Categorical("ts", [.. Enumerable.Range(0, train.RowCount).Select(i => (string?)$"2026-01-0{1 + (i % 7)}")])]);
        var stream = new DataFrame([Column.Numeric("batch", [.. Enumerable.Range(0, train.RowCount).Select(i => (double)(i / 200))]), .. only.Columns]);
        var e = Should.Throw<InputDataException>(() => Replay(only, stream));
        e.Message.ShouldContain("'ts'");
        e.Message.ShouldContain("only dates or timestamps");
    }
}
