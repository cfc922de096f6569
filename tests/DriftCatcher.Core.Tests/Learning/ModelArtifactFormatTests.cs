using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Artifacts;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class ModelArtifactFormatTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("logistic", "linear_wine_train.csv", "label", LearningTask.Classification)]
    [InlineData("linear", "linear_diabetes_train.csv", "target", LearningTask.Regression)]
    [InlineData("gbt", "linear_wine_train.csv", "label", LearningTask.Classification)]
    [InlineData("gbt", "linear_diabetes_train.csv", "target", LearningTask.Regression)]
    public void WriteThenRead_GivesBackTheSameModel(string algorithm, string file, string label, LearningTask task)
    {
        var frame = LearningFixtures.ReadDataset(file);
        var artifact = Train(frame, algorithm, label, task);

        var bytes = ModelArtifactFormat.ToBytes(artifact);
        var read = ModelArtifactFormat.Read(bytes, LearnerCatalog.Default);

        ModelArtifactFormat.ToBytes(read).ShouldBe(bytes);
        read.Metadata.CreatedAt.ShouldBe(Created);
        read.Metadata.Label.ShouldBe(label);
        read.Metadata.Lineage.ContentSha256.ShouldBe(FrameHash.Sha256(frame));
        read.Metadata.Lineage.DatasetRows.ShouldBe(frame.RowCount);
        read.Metadata.HoldoutMetrics.Keys.ShouldBe(artifact.Metadata.HoldoutMetrics.Keys);
        read.Metadata.Schema.Names.ShouldBe(artifact.Metadata.Schema.Names);
        read.Predict(frame).Values.ShouldBe(artifact.Predict(frame).Values);
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("gbt")]
    public void Train_SameSeed_GivesIdenticalFiles_OtherSeedDiffers(string algorithm)
    {
        var frame = LearningFixtures.ReadDataset("linear_breast_cancer_train.csv");
        var a = ModelArtifactFormat.ToBytes(Train(frame, algorithm, "label", LearningTask.Classification, seed: 5));
        var b = ModelArtifactFormat.ToBytes(Train(frame, algorithm, "label", LearningTask.Classification, seed: 5));
        var c = ModelArtifactFormat.ToBytes(Train(frame, algorithm, "label", LearningTask.Classification, seed: 6));

        a.ShouldBe(b);
        a.SequenceEqual(c).ShouldBeFalse();
    }

    [Fact]
    public void Metadata_HoldsCategoricalLevelsAndCreationTime()
    {
        var frame = CsvFrameReader.Parse("x,c,y\n1,a,p\n2,b,q\n3,a,p\n4,b,q\n5,a,p\n6,b,q\n7,a,p\n8,b,q\n");
        var artifact = Train(frame, "logistic", "y", LearningTask.Classification);

        var read = ModelArtifactFormat.Read(ModelArtifactFormat.ToBytes(artifact), LearnerCatalog.Default).Metadata;

        read.Schema.Features.Select(f => f.Kind).ShouldBe([ColumnKind.Numeric, ColumnKind.Categorical]);
        read.Schema.Features[1].Levels.ShouldBe(["a", "b"]);
        read.Classes.ShouldBe(["p", "q"]);
        read.Task.ShouldBe(TaskKind.BinaryClassification);
        // Four rows per class: 15% of 4 rounds to 1 for validation and 1 for holdout.
        read.Lineage.TrainRows.ShouldBe(4);
        read.Lineage.ValidationRows.ShouldBe(2);
        read.Lineage.HoldoutRows.ShouldBe(2);
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "foreign", "not a DriftCatcher model file" },
        { "empty", "empty" },
        { "header-only", "truncated" },
        { "cut", "truncated" },
        { "one-byte-short", "truncated" },
        { "flipped", "checksum mismatch" },
        { "trailing", "unexpected bytes" },
        { "newer", "format version 2 is newer than this build supports (1)" },
        { "zero-version", "corrupt" },
        { "negative-length", "negative" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Read_BrokenFile_SaysWhatIsWrong(string kind, string message)
    {
        var bytes = ModelArtifactFormat.ToBytes(Train(LearningFixtures.ReadDataset("linear_iris_train.csv"), "logistic", "label", LearningTask.Classification));
        byte[] broken = kind switch
        {
            "foreign" => "PK\u0003\u0004 zip file"u8.ToArray(),
            "empty" => [],
            "header-only" => bytes[..10],
            "cut" => bytes[..(bytes.Length * 2 / 3)],
            "one-byte-short" => bytes[..^1],
            "flipped" => Patch(bytes, bytes.Length - 100, b => (byte)(b ^ 1)),
            "trailing" => [.. bytes, 0],
            "newer" => Patch(bytes, 8, _ => 2),
            "zero-version" => Patch(bytes, 8, _ => 0),
            _ => Patch(bytes, 15, _ => 0x80),
        };

        var ex = Should.Throw<InputDataException>(() => ModelArtifactFormat.Read(broken, LearnerCatalog.Default));

        ex.Message.ShouldContain(message);
        ex.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Read_ModelOfAlgorithmThisBuildLacks_NamesIt()
    {
        var bytes = ModelArtifactFormat.ToBytes(Train(LearningFixtures.ReadDataset("linear_iris_train.csv"), "logistic", "label", LearningTask.Classification));
        var onlyLinear = new LearnerCatalog([new LearnerEntry("linear", () => new DriftCatcher.Core.Learning.Linear.LinearLearner(), DriftCatcher.Core.Learning.Linear.LinearPredictor.ReadFrom)]);

        var ex = Should.Throw<InputDataException>(() => ModelArtifactFormat.Read(bytes, onlyLinear));

        ex.Message.ShouldContain("'logistic'");
    }

    [Fact]
    public void Read_FromStream_MatchesBytes()
    {
        var artifact = Train(LearningFixtures.ReadDataset("linear_iris_train.csv"), "logistic", "label", LearningTask.Classification);
        using var ms = new MemoryStream();
        ModelArtifactFormat.Write(ms, artifact);
        ms.Position = 0;

        var read = ModelArtifactFormat.Read(ms, LearnerCatalog.Default);

        read.Metadata.Algorithm.ShouldBe("logistic");
        ms.ToArray().AsSpan(0, 8).SequenceEqual("DCMODEL\0"u8).ShouldBeTrue();
    }

    [Theory]
    [InlineData("\"classes\":[", "\"classes\":null,\"x\":[", "unreadable metadata")] // null classes (the rest kept under an ignored name)
    [InlineData("\"classes\":[\"0\"", "\"classes\":[\"1\"", "a class is listed twice")]
    public void Read_HandEditedMetadata_WithAValidChecksum_IsCorrupt(string find, string replace, string message)
    {
        // The checksum is not a signature: a hand edit can recompute it. The metadata must still make sense.
        var bytes = ModelArtifactFormat.ToBytes(Train(LearningFixtures.ReadDataset("linear_iris_train.csv"), "logistic", "label", LearningTask.Classification));
        var metaLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12, 4));
        var metadata = System.Text.Encoding.UTF8.GetString(bytes, 16, metaLength);
        metadata.ShouldContain(find);
        var edited = System.Text.Encoding.UTF8.GetBytes(metadata.Replace(find, replace, StringComparison.Ordinal));
        var rest = bytes[(16 + metaLength)..^32];
        var lengthBytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(lengthBytes, edited.Length);
        byte[] body = [.. bytes[..12], .. lengthBytes, .. edited, .. rest];
        byte[] file = [.. body, .. System.Security.Cryptography.SHA256.HashData(body)];

        var ex = Should.Throw<InputDataException>(() => ModelArtifactFormat.Read(file, LearnerCatalog.Default));

        ex.Message.ShouldContain(message);
        ex.Message.ShouldNotContain("\n");
    }

    /// <summary>
    /// A body with a valid checksum (the checksum is no signature) but an absurd count: 0x7fffffff as a tree's category
    /// set count or a feature's level count asked for an array of 2^31 entries (OutOfMemoryException, exit 1 in the CLI).
    /// Every 4-byte position of the parameters, set to int.MaxValue and to int.MinValue, gives a model or a clear
    /// "corrupt", never another exception.
    /// </summary>
    [Theory]
    [InlineData("gbt")]
    [InlineData("logistic")]
    [InlineData("linear")]
    public void Read_AnAbsurdCountAnywhereInTheParameters_WithAValidChecksum_IsCorrupt_NeverACrash(string algorithm)
    {
        var random = new Random(3);
        var rows = string.Join("\n", Enumerable.Range(0, 300).Select(i =>
            $"{random.NextDouble() * 10:R},{"abc"[i % 3]},{(algorithm == "linear" ? (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".5" : (i % 3 == 0 ? "p" : "q"))}"));
        var frame = CsvFrameReader.Parse("x,c,y\n" + rows + "\n");
        var artifact = new ModelTrainer(LearnerCatalog.Default, new FixedTime(Created)).Train(frame, new TrainRequest
        {
            Algorithm = algorithm, Label = "y", Task = algorithm == "linear" ? LearningTask.Regression : LearningTask.Classification, Seed = 1, Dataset = "t.csv",
            Parameters = algorithm == "gbt" ? new Dictionary<string, string> { ["max-iter"] = "3" } : new Dictionary<string, string>(),
        }, TestContext.Current.CancellationToken).Artifact;
        var bytes = ModelArtifactFormat.ToBytes(artifact);
        var metaLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12, 4));
        var body = bytes[..^32];
        var corrupt = 0;
        for (var at = 16 + metaLength; at + 4 <= body.Length; at++)
        {
            foreach (var value in new[] { int.MaxValue, int.MinValue })
            {
                var edited = (byte[])body.Clone();
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(edited.AsSpan(at, 4), value);
                byte[] file = [.. edited, .. System.Security.Cryptography.SHA256.HashData(edited)];
                try
                {
                    ModelArtifactFormat.Read(file, LearnerCatalog.Default);
                }
                catch (InputDataException ex)
                {
                    ex.Message.ShouldMatch("^(the model file is (corrupt|truncated)|gbt model body )", customMessage: $"at byte {at}: {ex.Message}");
                    corrupt++;
                }
            }
        }

        corrupt.ShouldBeGreaterThan(0, "some positions are counts the reader checks");
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("gbt")]
    public void Predict_AbsurdButFiniteValues_GiveProbabilities_NotNaN(string algorithm)
    {
        // 1e308 and -1e308 in two features overflowed a logistic model's linear score to +∞ + −∞ = NaN.
        var artifact = Train(LearningFixtures.ReadDataset("linear_iris_train.csv"), algorithm, "label", LearningTask.Classification);
        var columns = artifact.Metadata.Schema.Names.Select((name, i) => Column.Numeric(name, [i % 2 == 0 ? 1e308 : -1e308])).ToList();
        var p = artifact.Predict(new DataFrame(columns));
        p.Values.ShouldAllBe(v => double.IsFinite(v) && v >= 0 && v <= 1);
        p.Values.Sum().ShouldBe(1, 1e-9);
    }

    internal static ModelArtifact Train(DataFrame frame, string algorithm, string label, LearningTask task, int seed = 1) =>
        new ModelTrainer(LearnerCatalog.Default, new FixedTime(Created))
            .Train(frame, new TrainRequest { Algorithm = algorithm, Label = label, Task = task, Seed = seed, Dataset = "test.csv" }, TestContext.Current.CancellationToken)
            .Artifact;

    private static byte[] Patch(byte[] bytes, int at, Func<byte, byte> change)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = change(copy[at]);
        return copy;
    }
}
