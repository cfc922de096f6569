using System.Text;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class JsonRowsReaderTests
{
    [Fact]
    public void Read_ArrayOfObjects_TypesColumns()
    {
        var frame = Read("""[{" rate": 1.5, "proto": "tcp", "Label": 0}, {" rate": "Infinity", "proto": null, "Label": 1, "late": true}]""");

        frame.ColumnNames.ShouldBe(["rate", "proto", "Label", "late"]);
        frame["rate"].Numbers.ShouldBe([1.5, double.PositiveInfinity]);
        frame["proto"].Codes.ShouldBe([0, -1]);
        frame["Label"].Kind.ShouldBe(ColumnKind.Numeric);
        frame["late"].Kind.ShouldBe(ColumnKind.Categorical);
        frame["late"].IsMissing(0).ShouldBeTrue();
    }

    [Fact]
    public void Read_JsonLines_SameAsArray()
    {
        var lines = Read("{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": \"NaN\", \"b\": \"y\"}\n");
        lines["a"].Numbers[0].ShouldBe(1);
        double.IsNaN(lines["a"].Numbers[1]).ShouldBeTrue();
        lines["b"].Levels.ShouldBe(["x", "y"]);
    }

    [Fact]
    public void Read_MissingSpellings_AsTheCsvReaderHasThem()
    {
        var frame = Read("""[{"n": 1, "dash": "-", "na": "n.a."}, {"n": "-", "dash": "none", "na": "#N/A"}, {"n": "none", "dash": "-", "na": "x"}]""");
        frame["n"].Kind.ShouldBe(ColumnKind.Numeric);
        frame["n"].Numbers[0].ShouldBe(1);
        double.IsNaN(frame["n"].Numbers[1]).ShouldBeTrue();
        frame["dash"].Levels.ShouldBe(["-", "none"]); // no number in the column: categories
        frame["na"].Codes.ShouldBe([-1, -1, 0]);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("[1, 2]", "row 1")]
    [InlineData("{\"a\": {\"b\": 1}}", "nested")]
    [InlineData("{\"a\": 1}\n{oops}", "line 2")]
    [InlineData("{\"a\": 1, \"y\": 2}\n{\"a\": 1, \"a\": 2, \"y\": 3}", "row 2: column 'a' appears twice in one object")]
    [InlineData("[{\"a\": 1, \" a \": 2}]", "row 1: column 'a' appears twice")]
    public void Read_BadJson_NamesTheProblem(string json, string message) =>
        Should.Throw<InputDataException>(() => Read(json)).Message.ShouldContain(message);

    private static DataFrame Read(string json) => JsonRowsReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));
}
