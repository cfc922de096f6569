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
    public void Parse_LinesEndedByABareCarriageReturn_AreLines()
    {
        // Classic Mac line endings (Excel's "CSV (Macintosh)"): the whole file was one header line, and the error
        // listed the data as column names ("no label column 'label' (columns: x, label 1, 2 3, ...)").
        var df = CsvFrameReader.Parse("a,b\r1,2\r3,\"x\ry\"\r");
        df.RowCount.ShouldBe(2);
        df["a"].Numbers.ShouldBe([1.0, 3.0]);
        df["b"].GetString(1).ShouldBe("x\ny");
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

    [Theory]
    [InlineData("utf-16")] // little-endian with its byte order mark: Excel's "Unicode text", PowerShell's Out-File
    [InlineData("utf-16BE")]
    [InlineData("utf-16LE-no-bom")]
    public void Read_Utf16_SaysItIsNotUtf8(string encoding)
    {
        // Read as UTF-8 it gave "line 4: 1 fields where the header has 2" (review probe).
        var text = "a,b\r\n1,2\r\n3,4\r\n";
        var bytes = encoding switch
        {
            "utf-16" => [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(text)],
            "utf-16BE" => [.. System.Text.Encoding.BigEndianUnicode.GetPreamble(), .. System.Text.Encoding.BigEndianUnicode.GetBytes(text)],
            _ => System.Text.Encoding.Unicode.GetBytes(text),
        };
        var ex = Should.Throw<InputDataException>(() => CsvFrameReader.Read(new MemoryStream(bytes)));
        ex.Message.ShouldBe("the file is not UTF-8 text: it starts with a UTF-16 byte order mark or holds zero bytes (UTF-16 or binary); save it as UTF-8 CSV");
        CsvFrameReader.Read(new MemoryStream([.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text)])).RowCount.ShouldBe(2);
    }

    [Fact]
    public void Parse_RaggedRow_NamesTheLine()
    {
        var ex = Should.Throw<InputDataException>(() => CsvFrameReader.Parse("a,b\n1,2\n3\n"));
        ex.Message.ShouldContain("line 3");
    }

    [Theory]
    [InlineData("#N/A")]
    [InlineData("#n/a")]
    [InlineData("#NA")]
    [InlineData("<NA>")]
    [InlineData("n.a.")]
    [InlineData("N.A.")]
    [InlineData("n/a")]
    [InlineData("na")]
    [InlineData("-NaN")]
    public void Parse_MoreMissingSpellings_AreMissingInEveryColumn(string token)
    {
        // "n.a." in one cell of a numeric TRAIN column used to make the whole feature categorical.
        var df = CsvFrameReader.Parse($"x,kind\n1,tcp\n{token},{token}\n2,udp\n");
        df["x"].Kind.ShouldBe(ColumnKind.Numeric);
        double.IsNaN(df["x"].Numbers[1]).ShouldBeTrue();
        df["kind"].IsMissing(1).ShouldBeTrue();
        df["kind"].Levels.ShouldBe(["tcp", "udp"]);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("?")]
    [InlineData(".")]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NIL")]
    [InlineData("missing")]
    public void Parse_MissingAmongNumbers_IsMissingInANumericColumn_ButACategoryInAText_One(string token)
    {
        var df = CsvFrameReader.Parse($"x,proto\n1,tcp\n{token},{token}\n2.5,udp\n");
        df["x"].Kind.ShouldBe(ColumnKind.Numeric);
        df["x"].Numbers[0].ShouldBe(1);
        double.IsNaN(df["x"].Numbers[1]).ShouldBeTrue();
        df["proto"].Kind.ShouldBe(ColumnKind.Categorical);
        df["proto"].GetString(1).ShouldBe(token);
    }

    [Fact]
    public void Parse_MissingAmongNumbers_WithoutAnyNumber_StaysText()
    {
        var df = CsvFrameReader.Parse("flag\n-\nnone\n\"\"\n-\n");
        df["flag"].Kind.ShouldBe(ColumnKind.Categorical);
        df["flag"].Levels.ShouldBe(["-", "none"]);
        df["flag"].IsMissing(2).ShouldBeTrue();
    }

    [Fact]
    public void Parse_MissingAmongNumbers_KeepsItsTextWhenTheColumnTurnsOutText()
    {
        var df = CsvFrameReader.Parse("x\n1\n-\nabc\n?\n");
        df["x"].Kind.ShouldBe(ColumnKind.Categorical);
        Enumerable.Range(0, 4).Select(df["x"].GetString).ShouldBe(["1", "-", "abc", "?"]);
    }

    /// <summary>
    /// A probe's file: a column of codes whose numbers came before its first text cell read '007' back as '7' (and
    /// '1.50' as '1.5'), so one code meant two things by row order, and train made a class no row wrote.
    /// </summary>
    [Fact]
    public void Parse_NumbersBeforeTheFirstTextCell_KeepTheirSpelling()
    {
        var frame = CsvFrameReader.Parse("code,x\n007,1\n1.50,2\n1e3,3\n-0,4\n+5,5\nabc,6\n007,7\n");
        var reversed = CsvFrameReader.Parse("code\nabc\n007\n1.50\n");

        frame["code"].Kind.ShouldBe(ColumnKind.Categorical);
        Enumerable.Range(0, 7).Select(frame["code"].GetString).ShouldBe(["007", "1.50", "1e3", "-0", "+5", "abc", "007"]);
        frame["code"].Levels.ShouldBe(["007", "1.50", "1e3", "-0", "+5", "abc"]);
        frame["x"].Numbers.ShouldBe([1.0, 2, 3, 4, 5, 6, 7]);
        Enumerable.Range(0, 3).Select(reversed["code"].GetString).ShouldBe(["abc", "007", "1.50"]);
    }

    /// <summary>The same across the chunks a large file is parsed in, one of them all numbers.</summary>
    [Fact]
    public void Parse_LargeFile_ChunkOfNumbersBeforeTheText_KeepsTheirSpelling()
    {
        var sb = new StringBuilder("code,x\n");
        for (var i = 0; i < 1_400_000; i++)
        {
            sb.Append("0070,1\n");
        }

        for (var i = 0; i < 12; i++)
        {
            sb.Append('t').Append(i % 6).Append(",2\n");
        }

        var frame = CsvFrameReader.Parse(sb.ToString());

        frame["code"].Kind.ShouldBe(ColumnKind.Categorical);
        frame["code"].GetString(0).ShouldBe("0070");
        frame["code"].GetString(1_399_999).ShouldBe("0070");
        frame["code"].GetString(1_400_000).ShouldBe("t0");
        frame["code"].Levels.Length.ShouldBe(7);
    }

    [Fact]
    public void Parse_OnlySomeColumns_LeavesTheOthersUnreadSoTheirTextCannotRefuseTheFile()
    {
        var sb = new StringBuilder("a,comment,b\n");
        for (var i = 0; i < 300; i++)
        {
            sb.Append(i).Append(',').Append(i == 7 ? "oops" : "1").Append(",x\n");
        }

        var options = new CsvReadOptions { Columns = new HashSet<string>(["a", "b"], StringComparer.Ordinal) };
        var frame = CsvFrameReader.Parse(sb.ToString(), options);

        frame.ColumnNames.ShouldBe(["a", "b"]);
        frame.RowCount.ShouldBe(300);
        frame["a"].Numbers[299].ShouldBe(299);
        Should.Throw<InputDataException>(() => CsvFrameReader.Parse(sb.ToString())).Message.ShouldContain("column 'comment' holds 'oops' among numbers");
    }

    [Fact]
    public void Parse_AFewTextCellsAmongNumbers_AreRefusedNamingLineColumnAndValue()
    {
        // Read as categories, 'Flow Duration' lost every number (accuracy 0.62 instead of 0.91, no message).
        var sb = new StringBuilder("Flow Duration, Label\n");
        for (var i = 0; i < 300; i++)
        {
            sb.Append(i == 16 ? "oops" : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",BENIGN\n");
        }

        var ex = Should.Throw<InputDataException>(() => CsvFrameReader.Parse(sb.ToString()));
        ex.Message.ShouldBe("line 18: column 'Flow Duration' holds 'oops' among numbers; make the cell a number, or empty for a missing value");
    }

    [Fact]
    public void Parse_LinesOfSpacesOnly_AreBlank_AndStillCounted()
    {
        // A probe's file: a line of spaces between rows was "1 fields where the header has 3".
        var frame = CsvFrameReader.Parse("a,b,label\n1,2,x\n   \n\t\r\n3,4,y\n  ");
        frame.RowCount.ShouldBe(2);
        frame["a"].Numbers.ShouldBe([1.0, 3.0]);
        Should.Throw<InputDataException>(() => CsvFrameReader.Parse("a,b,label\n1,2,x\n \n3,four,y\n" + string.Concat(Enumerable.Repeat("5,6,z\n", 200))))
            .Message.ShouldStartWith("line 4: column 'b' holds 'four'");
    }

    [Fact]
    public void Parse_StrayTextLine_CountsBlankLinesAndQuotedLineBreaks()
    {
        var sb = new StringBuilder("x,note\n1,\"two\nlines\"\n\n");
        for (var i = 0; i < 200; i++)
        {
            sb.Append(i == 100 ? "\"1,5\"" : "2").Append(",n\n");
        }

        // Header line 1; the quoted note ends on line 3; a blank line 4; the 101st of the 200 rows is line 105.
        Should.Throw<InputDataException>(() => CsvFrameReader.Parse(sb.ToString())).Message
            .ShouldBe("line 105: column 'x' holds '1,5' among numbers; make the cell a number, or empty for a missing value");
    }

    [Theory]
    [InlineData(3, 1, false)] // 3 of 300 cells, one value: 1 % → refused
    [InlineData(4, 1, true)] // 4 of 300: more than 1 % → text
    [InlineData(2, 2, false)]
    [InlineData(6, 6, true)] // 6 distinct values among 1000 numbers: categories
    public void Parse_TextAmongNumbers_RefusedOnlyWhenFewAndRare(int textCells, int distinct, bool categorical)
    {
        var rows = categorical && distinct == 6 ? 1000 : 300 - textCells;
        var sb = new StringBuilder("x\n");
        for (var i = 0; i < rows; i++)
        {
            sb.Append(i).Append('\n');
        }

        for (var i = 0; i < textCells; i++)
        {
            sb.Append("t").Append(i % distinct).Append('\n');
        }

        if (categorical)
        {
            CsvFrameReader.Parse(sb.ToString())["x"].Kind.ShouldBe(ColumnKind.Categorical);
        }
        else
        {
            Should.Throw<InputDataException>(() => CsvFrameReader.Parse(sb.ToString())).Message.ShouldContain("holds 't0' among numbers");
        }
    }

    [Fact]
    public void Parse_ForcedCategorical_WithAFewTextCells_IsNotRefused()
    {
        var text = "zip\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i}\n")) + "abc\n";
        var df = CsvFrameReader.Parse(text, new CsvReadOptions { CategoricalColumns = new HashSet<string> { "zip" } });
        df["zip"].GetString(300).ShouldBe("abc");
    }

    [Fact]
    public void Parse_SourceLines_NameTheLineEachRowStartsOn()
    {
        var df = CsvFrameReader.Parse("a,b\r\n1,x\r\n\r\n2,\"y\r\nz\"\r\n3,w");
        df.SourceLines.ShouldBe([2, 4, 6]);
        df.DescribeRow(2).ShouldBe("line 6");
    }

    [Fact]
    public void Parse_DuplicateHeader_IsRenamedAsPandasDoes_SkippingNamesTheHeaderHolds()
    {
        // Real CICIDS2017 files name 'Fwd Header Length' twice (once with a leading space).
        var df = CsvFrameReader.Parse("Fwd Header Length, Fwd Header Length,a,a,a.1,a\n1,2,3,4,5,6\n");
        df.ColumnNames.ShouldBe(["Fwd Header Length", "Fwd Header Length.1", "a", "a.2", "a.1", "a.3"]);
        df["Fwd Header Length.1"].Numbers.ShouldBe([2.0]);
        df["a.3"].Numbers.ShouldBe([6.0]);
        df.RenamedDuplicates.ShouldBe(new Dictionary<string, string> { ["Fwd Header Length.1"] = "Fwd Header Length", ["a.2"] = "a", ["a.3"] = "a" }, ignoreOrder: true);
    }

    [Fact]
    public void Parse_DuplicatedName_IsRefusedAsTheLabel()
    {
        var df = CsvFrameReader.Parse("x,Label,Label\n1,0,1\n");
        Should.Throw<InputDataException>(() => df.CheckNamedOnce("Label", "label")).Message
            .ShouldBe("the header names the label column 'Label' more than once (the other copies were read as 'Label.1'); which one is the label is ambiguous");
        df.CheckNamedOnce("x", "label");
    }

    [Fact]
    public void Parse_TrailingCommaOnEveryLine_AddsNoColumn()
    {
        // It made an empty 'Unnamed: 6' in TRAIN and 'Unnamed: 7' in STREAM (one more column): the files stopped lining up.
        var df = CsvFrameReader.Parse("x,y,\n1,2,\n3,4,\n");
        df.ColumnNames.ShouldBe(["x", "y"]);
        df["y"].Numbers.ShouldBe([2.0, 4.0]);
    }

    [Fact]
    public void Parse_UnnamedColumnWithValues_IsKeptUnderItsPosition()
    {
        var df = CsvFrameReader.Parse(",x,\n5,1,\n2.5,2,\n");
        df.ColumnNames.ShouldBe(["Unnamed: 0", "x"]);
    }

    [Theory]
    [InlineData(",x,y\n0,1.5,a\n1,2.5,b\n2,3.5,a\n", true)] // df.to_csv("f.csv")
    [InlineData(",x,y\n100,1.5,a\n104,2.5,b\n230,3.5,a\n", true)] // a filtered or split frame keeps its old index
    [InlineData(",x,y\n7,1.5,a\n2,2.5,b\n5,3.5,a\n", true)] // a shuffled split: train and stream of one frame must agree
    [InlineData(",x,y\n0,1.5,a\n2,2.5,b\n2,3.5,a\n", false)] // a value twice: not an index
    [InlineData(",x,y\n7,1.5,a\n", false)] // one row says nothing
    [InlineData(",x,y\n0,1.5,a\n0.5,2.5,b\n1,3.5,a\n", false)] // not whole numbers
    [InlineData("i,x,y\n0,1.5,a\n1,2.5,b\n2,3.5,a\n", false)] // it has a name: the user's column
    [InlineData("x,,y\n1.5,0,a\n2.5,1,b\n3.5,2,a\n", false)] // not the first column
    public void Parse_PandasRowIndex_IsNoColumn(string csv, bool dropped)
    {
        // As a feature the index drifted and left the reference range in every batch of a stream: a fallback for ever.
        var df = CsvFrameReader.Parse(csv);
        df.Contains("x").ShouldBeTrue();
        (df.ColumnNames.Count() == 2).ShouldBe(dropped);
    }

    [Fact]
    public void Parse_AnIndexLikeColumnThatIsTheOnlyOne_IsKept()
    {
        var df = CsvFrameReader.Parse(",\n0,\n1,\n");
        df.ColumnNames.ShouldBe(["Unnamed: 0"]);
    }

    [Fact]
    public void Parse_NoNamesAndNoValues_IsRefused()
    {
        Should.Throw<InputDataException>(() => CsvFrameReader.Parse(",\n,\n")).Message.ShouldContain("names no column");
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
        par.SourceLines.ShouldBe(seq.SourceLines);
        par.SourceLines[^1].ShouldBe(400_001);
        Enumerable.Range(0, par.RowCount).Select(par["c"].GetString)
            .SequenceEqual(Enumerable.Range(0, seq.RowCount).Select(seq["c"].GetString)).ShouldBeTrue();
    }

    [Fact]
    public void Read_ParallelAndSequential_NameTheSameLineForStrayText()
    {
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 400_000; i++)
        {
            sb.Append(i == 399_000 ? "oops" : (i * 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",y\n");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        foreach (var parallel in new[] { true, false })
        {
            Should.Throw<InputDataException>(() => CsvFrameReader.Read(new MemoryStream(bytes), new CsvReadOptions { Parallel = parallel })).Message
                .ShouldStartWith("line 399002: column 'a' holds 'oops' among numbers");
        }
    }
}
