using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class DataSplitterTests
{
    [Fact]
    public void Split_IsStratifiedSeventyFifteenFifteen()
    {
        var data = Classes(Enumerable.Repeat(0, 600).Concat(Enumerable.Repeat(1, 300)).Concat(Enumerable.Repeat(2, 100)).ToArray());

        var split = DataSplitter.Split(data, SplitFractions.Default, seed: 1);

        Count(data, split.Validation).ShouldBe([90, 45, 15]);
        Count(data, split.Holdout).ShouldBe([90, 45, 15]);
        Count(data, split.Train).ShouldBe([420, 210, 70]);
    }

    [Fact]
    public void Split_TinyClass_KeepsARowForTraining()
    {
        var data = Classes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        var split = DataSplitter.Split(data, SplitFractions.Default, seed: 3);
        Count(data, split.Train)[1].ShouldBe(1);
    }

    [Fact]
    public void Split_PartitionsRowsDeterministically_Property()
    {
        Prop.ForAll(
            Gen.Choose(0, 4).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(0, 1000).ToArbitrary(),
            (labels, seed) =>
            {
                var data = Classes(labels);
                var a = DataSplitter.Split(data, SplitFractions.Default, seed);
                var b = DataSplitter.Split(data, SplitFractions.Default, seed);
                var all = a.Train.Concat(a.Validation).Concat(a.Holdout).Order().ToArray();
                return all.SequenceEqual(Enumerable.Range(0, labels.Length))
                    && a.Train.SequenceEqual(b.Train) && a.Validation.SequenceEqual(b.Validation) && a.Holdout.SequenceEqual(b.Holdout)
                    && a.Train.Order().SequenceEqual(a.Train)
                    && labels.Distinct().All(k => a.Train.Any(r => labels[r] == k));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Split_DifferentSeed_DifferentRows()
    {
        var data = Classes([.. Enumerable.Range(0, 200).Select(i => i % 2)]);
        DataSplitter.Split(data, SplitFractions.Default, 1).Holdout.ShouldNotBe(DataSplitter.Split(data, SplitFractions.Default, 2).Holdout);
    }

    [Fact]
    public void Split_BadFractions_Throws() =>
        Should.Throw<ArgumentException>(() => DataSplitter.Split(Classes([0, 1]), new SplitFractions(0.6, 0.4), 0));

    private static TrainingData Classes(int[] labels)
    {
        var k = labels.Max() + 1;
        var features = new DataFrame([Column.Numeric("x", [.. labels.Select(l => (double)l)])]);
        return new TrainingData(features, [.. labels.Select(l => (double)l)], k == 2 ? TaskKind.BinaryClassification : TaskKind.MulticlassClassification,
            [.. Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private static int[] Count(TrainingData data, int[] rows) =>
        [.. Enumerable.Range(0, data.Classes.Count).Select(k => rows.Count(r => (int)data.Targets[r] == k))];
}
