using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class DatasetBuilderTests
{
    [Theory]
    [InlineData("a,Label,y\n1,x,2\n", "Label")]
    [InlineData("a,target,class\n1,x,2\n", "target")]
    [InlineData("a,y\n1,x\n", "y")]
    public void ResolveLabel_NoneGiven_TakesFirstCandidate(string csv, string expected) =>
        DatasetBuilder.ResolveLabel(CsvFrameReader.Parse(csv), null).ShouldBe(expected);

    [Fact]
    public void ResolveLabel_UnknownName_NamesItAndTheColumns()
    {
        var ex = Should.Throw<InputDataException>(() => DatasetBuilder.ResolveLabel(CsvFrameReader.Parse("a,b\n1,2\n"), "outcome"));
        ex.Message.ShouldContain("'outcome'");
        ex.Message.ShouldContain("a, b");
    }

    [Fact]
    public void ForTraining_NumericLabels_ClassesInNumericOrder()
    {
        var prepared = DatasetBuilder.ForTraining(CsvFrameReader.Parse("x,y\n1,10\n2,2\n3,10\n4,2\n5,7\n"), "y", LearningTask.Classification);
        prepared.Data.Classes.ShouldBe(["2", "7", "10"]);
        prepared.Data.Task.ShouldBe(TaskKind.MulticlassClassification);
        prepared.Data.Targets.ShouldBe([2, 0, 2, 0, 1]);
    }

    [Fact]
    public void ForTraining_MissingLabels_DroppedAndCounted_FeatureGapsCountedNotDropped()
    {
        var csv = "x,c,label\n1,a,yes\nNaN,b,no\n,a,\nInfinity,,no\n-inf,b,yes\n";
        var prepared = DatasetBuilder.ForTraining(CsvFrameReader.Parse(csv), "label", LearningTask.Classification);

        prepared.Data.Targets.Length.ShouldBe(4);
        prepared.SourceRows.ShouldBe([0, 1, 3, 4]);
        prepared.Preparation.ShouldBe(new DataPreparation(DroppedRows: 1, MissingValues: 2, NonFiniteValues: 2));
        prepared.Data.Classes.ShouldBe(["no", "yes"]);
        prepared.Data.Task.ShouldBe(TaskKind.BinaryClassification);
    }

    [Fact]
    public void ForTraining_TooManyClasses_SuggestsRegression()
    {
        var csv = "x,y\n" + string.Join('\n', Enumerable.Range(0, DatasetBuilder.MaxClasses + 1).Select(i => $"{i},{i * 0.5}"));
        Should.Throw<InputDataException>(() => DatasetBuilder.ForTraining(CsvFrameReader.Parse(csv), "y", LearningTask.Classification))
            .Message.ShouldContain("--task regression");
    }

    [Fact]
    public void ForTraining_RegressionOnText_Throws() =>
        Should.Throw<InputDataException>(() => DatasetBuilder.ForTraining(CsvFrameReader.Parse("x,y\n1,a\n2,b\n"), "y", LearningTask.Regression))
            .Message.ShouldContain("numeric");

    [Fact]
    public void ForTraining_RegressionNonFiniteTargets_DroppedAndCounted()
    {
        var prepared = DatasetBuilder.ForTraining(CsvFrameReader.Parse("x,y\n1,1.5\n2,inf\n3,\n4,2\n"), "y", LearningTask.Regression);
        prepared.Data.Targets.ShouldBe([1.5, 2]);
        prepared.Preparation.DroppedRows.ShouldBe(2);
    }

    [Fact]
    public void Conform_ReordersRecodesAndParses()
    {
        var train = DatasetBuilder.ForTraining(CsvFrameReader.Parse("n,c,y\n1,a,p\n2,b,q\n"), "y", LearningTask.Classification);
        var input = CsvFrameReader.Parse("c,extra,n\nb,1,\"3\"\nz,2,oops\n", new CsvReadOptions());

        var ex = Should.Throw<InputDataException>(() => train.Schema.Conform(input));
        ex.Message.ShouldBe("line 3: column 'n' holds 'oops', but the model was trained on it as numbers");

        var conformed = train.Schema.Conform(CsvFrameReader.Parse("c,extra,n\nb,1,3\nz,2,4\n"));
        conformed.ColumnNames.ShouldBe(["n", "c"]);
        conformed["c"].Codes.ShouldBe([1, -1]);
        conformed["c"].Levels.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Conform_RowsCutFromAFrame_ChecksOnlyTheirOwnCells()
    {
        // A replay batch keeps every level of the stream's column: text in a later batch failed the first one
        // as "row 0 holds '0x10'" (the level's row in the batch: none).
        var train = DatasetBuilder.ForTraining(CsvFrameReader.Parse("n,y\n1,p\n2,q\n"), "y", LearningTask.Classification);
        var stream = CsvFrameReader.Parse("n\n1\n2\n0x10\n");
        train.Schema.Conform(stream.Take([0, 1]))["n"].Numbers.ShouldBe([1.0, 2.0]);
        Should.Throw<InputDataException>(() => train.Schema.Conform(stream.Take([1, 2]))).Message
            .ShouldBe("row 2: column 'n' holds '0x10', but the model was trained on it as numbers");
    }

    [Fact]
    public void ResolveLabel_NamedTwice_IsRefused() =>
        Should.Throw<InputDataException>(() => DatasetBuilder.ResolveLabel(CsvFrameReader.Parse("x,Label, Label\n1,0,1\n2,1,0\n"), null))
            .Message.ShouldContain("names the label column 'Label' more than once");

    [Fact]
    public void Conform_MissingColumns_NamesThemAll() =>
        Should.Throw<InputDataException>(() =>
                DatasetBuilder.ForTraining(CsvFrameReader.Parse("a,b,c,y\n1,2,3,p\n2,3,4,q\n"), "y", LearningTask.Classification).Schema.Conform(CsvFrameReader.Parse("b\n1\n")))
            .Message.ShouldContain("'a', 'c'");
}
