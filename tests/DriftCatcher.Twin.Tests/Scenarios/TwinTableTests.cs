using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

public sealed class TwinTableTests
{
    [Theory]
    [InlineData("stagger")]
    [InlineData("cicids")]
    [InlineData("agrawal")]
    public void ToDataFrame_EqualsTheCsvReadBack(string type)
    {
        var g = ScenarioGenerator.Generate(new TwinScenario
        {
            Seed = 12,
            Generator = new GeneratorSpec { Type = type },
            TrainRows = 300,
            Batches = 4,
            BatchSize = 100,
            Faults = [new FaultSpec { Kind = FaultKinds.MissingColumn, Column = FaultColumn(type), Start = 1, End = 2 }],
        });
        var direct = g.Stream.ToDataFrame();
        var read = CsvFrameReader.Parse(Build.Csv(g.WriteStreamCsv));
        direct.ColumnNames.ShouldBe(read.ColumnNames);
        direct.RowCount.ShouldBe(read.RowCount);
        foreach (var column in read.Columns)
        {
            var mine = direct[column.Name];
            mine.Kind.ShouldBe(column.Kind, column.Name);
            for (var r = 0; r < read.RowCount; r++)
            {
                mine.GetString(r).ShouldBe(column.GetString(r), $"{column.Name} row {r}");
            }
        }
    }

    private static string FaultColumn(string type) => type switch { "stagger" => "color", "cicids" => " Flow IAT Mean", _ => "salary" };
}
