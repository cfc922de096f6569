using System.Text;
using DriftCatcher.Core.Data;
using Shouldly;

namespace DriftCatcher.Core.Tests.Data;

public sealed class CsvFrameReaderTests
{
    [Fact]
    public void Parse_TrimsNamesAndInfersKinds()
    {
        var df = CsvFrameReader.Parse(" Flow Duration, Label\n1.5,BENIGN\n2,DDoS\n");
        df.ColumnNames.ShouldBe(["Flow Duration", "Label"]);
        df.RowCount.ShouldBe(2);
        df["Flow Duration"].Kind.ShouldBe(ColumnKind.Numeric);
        df["Flow Duration"].Numbers.ShouldBe([1.5, 2.0]);
        df["Label"].Kind.ShouldBe(ColumnKind.Categorical);
        df["Label"].GetString(1).ShouldBe("DDoS");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("NA", true)]
    [InlineData("NaN", true)]
    [InlineData("nan", true)]
    [InlineData("null", true)]
    [InlineData("NULL", true)]
    [InlineData("N/A", true)]
    [InlineData("0", false)]
    public void Parse_MissingTokens_AreNaN(string token, bool missing)
    {
        var df = CsvFrameReader.Parse($"x,y\n1,0\n{token},0\n");
        df["x"].Kind.ShouldBe(ColumnKind.Numeric);
        double.IsNaN(df["x"].Numbers[1]).ShouldBe(missing);
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    public void Parse_InfinityTokens_AreNonFinite(string token, double expected)
    {
        var df = CsvFrameReader.Parse($"x\n{token}\n");
        df["x"].Numbers[0].ShouldBe(expected);
    }

    [Fact]
    public void Parse_QuotedFields_WithSeparatorsQuotesAndNewlines()
    {
        var df = CsvFrameReader.Parse("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n");
        df.RowCount.ShouldBe(2);
        df["a"].GetString(0).ShouldBe("x,y");
        df["b"].GetString(0).ShouldBe("say \"hi\"");
        df["a"].GetString(1).ShouldBe("multi\nline");
    }

    [Fact]
    public void Parse_CrLfAndNoTrailingNewline()
    {
        var df = CsvFrameReader.Parse("a,b\r\n1,2\r\n3,4");
        df["b"].Numbers.ShouldBe([2.0, 4.0]);
    }

    [Fact]
    public void Parse_MixedColumn_BecomesCategorical()
    {
        var df = CsvFrameReader.Parse("x\n1\n2\nabc\n");
        df["x"].Kind.ShouldBe(ColumnKind.Categorical);
        df["x"].GetString(0).ShouldBe("1");
        df["x"].GetString(2).ShouldBe("abc");
    }

    [Fact]
    public void Parse_Empty_ThrowsNamingProblem()
    {
        Should.Throw<InputDataException>(() => CsvFrameReader.Parse("")).Message.ShouldContain("empty");
    }

    [Fact]
    public void Parse_RaggedRow_NamesTheLine()
    {
        var ex = Should.Throw<InputDataException>(() => CsvFrameReader.Parse("a,b\n1,2\n3\n"));
        ex.Message.ShouldContain("line 3");
    }

    [Fact]
    public void Parse_DuplicateHeader_Throws()
    {
        Should.Throw<InputDataException>(() => CsvFrameReader.Parse("a, a\n1,2\n")).Message.ShouldContain("'a'");
    }

    [Fact]
    public void Parse_ForcedCategorical_KeepsText()
    {
        var options = new CsvReadOptions { CategoricalColumns = new HashSet<string> { "zip" } };
        var df = CsvFrameReader.Parse("zip\n02134\n", options);
        df["zip"].GetString(0).ShouldBe("02134");
    }

    [Fact]
    public void Read_ParallelAndSequential_GiveTheSameFrame()
    {
        var sb = new StringBuilder("a,b,c\n");
        var rng = new Random(7);
        for (var i = 0; i < 400_000; i++)
        {
            sb.Append(rng.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
              .Append(i % 13 == 0 ? "" : (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
              .Append(i % 11 == 0 ? "x" : "y").Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var par = CsvFrameReader.Read(new MemoryStream(bytes), new CsvReadOptions { Parallel = true });
        var seq = CsvFrameReader.Read(new MemoryStream(bytes), new CsvReadOptions { Parallel = false });
        par.RowCount.ShouldBe(400_000);
        seq.RowCount.ShouldBe(400_000);
        par["a"].Numbers.ShouldBe(seq["a"].Numbers);
        par["b"].Numbers.AsSpan().SequenceEqual(seq["b"].Numbers).ShouldBeTrue();
        Enumerable.Range(0, par.RowCount).Select(par["c"].GetString)
            .SequenceEqual(Enumerable.Range(0, seq.RowCount).Select(seq["c"].GetString)).ShouldBeTrue();
    }
}
