using Shouldly;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// Bad input found by probing the commands (2026-11-27): each gave an internal error, replaced a file it must
/// not touch, or hid a problem. Each must now exit 2 with one line naming the problem, and write nothing.
/// </summary>
public sealed class BadInputTests
{
    private const string Train = "x,label\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n";

    [Theory]
    [InlineData("batch,x,label\n1,1,0\n0,2,1\n", "line 3, row 1 in predictions.csv: batch 0 comes after batch 1; batches must not decrease")]
    [InlineData("batch,x,label\n0,1,0\n1e300,2,1\n", "line 3, row 1 in predictions.csv: batch 1E+300 is beyond the largest batch number 10000000")] // overflowed the simulated clock
    [InlineData("batch,x,label,latency_ms\n0,1,0,slow\n0,2,1,3\n", "line 2, row 0 in predictions.csv: serving signal 'latency_ms' holds 'slow', not a number")] // hid every serving fault
    [InlineData("batch,x,label,arrival_delay_s\n0,1,0,1e308\n0,2,1,3\n", "line 2, row 0 in predictions.csv: serving signal 'arrival_delay_s' is 1E+308; it must be a number from 0 to 1e9")]
    [InlineData("batch,x,label,latency_ms\n0,1,0,-5\n0,2,1,3\n", "line 2, row 0 in predictions.csv: serving signal 'latency_ms' is -5; it must be a number from 0 to 1e9")]
    [InlineData("batch,x,label,failed\n0,1,0,Infinity\n0,2,1,0\n", "line 2, row 0 in predictions.csv: serving signal 'failed' is Infinity; it must be a number from 0 to 1e9")]
    // Rows were named 1-based ("stream row 5") where every other stream message names the file's line and the 0-based
    // row of predictions.csv: "stream row 5" was line 6 and row 4. An empty batch cell read as "batch 'NaN'".
    [InlineData("batch,x,label\n0,1,0\n0,2,1\n\n1,3,0\n5.5,4,1\n", "line 6, row 3 in predictions.csv: batch '5.5' is not a whole number >= 0")]
    [InlineData("batch,x,label\n0,1,0\n,2,1\n", "line 3, row 1 in predictions.csv: batch column 'batch' is empty (or a missing-value marker); every row needs its batch number")]
    [InlineData("batch,x,label\n0,1,0\nNA,2,1\n", "line 3, row 1 in predictions.csv: batch column 'batch' is empty (or a missing-value marker); every row needs its batch number")]
    public async Task Replay_BadStream_ExitsTwoNamingTheRow_AndWritesNothing(string streamCsv, string message)
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", Train);
        var stream = dir.File("stream.csv", streamCsv);
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: replay: stream {stream} {message}" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public async Task Replay_AStreamOfMoreBatchesThanAReplayHolds_IsRefusedBeforeTheReplay()
    {
        using var dir = new TempDir();
        var train = dir.File("train.csv", Train);
        var rows = string.Concat(Enumerable.Range(0, 50_001).Select(b => $"{b},{b % 8},{b % 2}\n"));
        var stream = dir.File("stream.csv", "batch,x,label\n" + rows);
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: replay: the stream has 50001 batches; a replay holds at most 50000 (each batch's decision and report data stay in memory, about 28 KB a batch): split the stream, or use larger batches" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public async Task Replay_TheLabelAsTheBatchColumn_IsRefused()
    {
        // A stream sorted by its label replayed with the labels as batch numbers (two batches, each one class), exit 0.
        using var dir = new TempDir();
        var train = dir.File("train.csv", Train);
        var stream = dir.File("stream.csv", "batch,x,label\n0,1,0\n1,2,0\n2,3,1\n3,4,1\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--batch-column", " label", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: replay: the batch column 'label' is the label column; name the column that numbers the batches" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("inf")]
    public async Task Replay_ATrainFeatureWithNoValues_IsRefused(string cell)
    {
        // Accepted before: the model learned nothing from y and its drift in the stream was never judged.
        using var dir = new TempDir();
        var rows = string.Concat(Enumerable.Range(0, 8).Select(i => $"{i},{cell},{i % 2}\n"));
        var train = dir.File("train.csv", "x,y,label\n" + rows);
        var stream = dir.File("stream.csv", "batch,x,y,label\n0,1,5,0\n0,2,6,1\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: replay: train column 'y' has no values (all missing or non-finite): the model cannot learn it and its drift could never be judged; give it values or drop it from train" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("batch,x,label\n0,1,Infinity\n0,2,1\n", "stream", "line 2, row 0 in predictions.csv: label 'label' is Infinity")]
    [InlineData("batch,x,label\n0,1,0\n0,2,-inf\n", "stream", "line 3, row 1 in predictions.csv: label 'label' is -Infinity")]
    [InlineData("x,label\n1,0\n\n2,Infinity\n", "train", "line 4: label 'label' is Infinity")]
    public async Task Replay_AnInfiniteClassLabel_ExitsTwoNamingTheRow_AndWritesNothing(string csv, string which, string message)
    {
        // A classifier's numeric label of Infinity became a class of its own ("∞"): scored as a wrong answer and learned
        // from by every retrain. Empty and NaN stay "no label"; a regression model's infinite label stays unscored.
        using var dir = new TempDir();
        var train = which == "train" ? dir.File("train.csv", csv) : dir.File("train.csv", Train);
        var stream = which == "stream" ? dir.File("stream.csv", csv) : dir.File("stream.csv", "batch,x,label\n0,1,0\n0,2,1\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        var where = which == "stream" ? $"stream {stream} " : $"train {train} ";
        run.Error.ShouldBe($"error: replay: {where}{message}, not a class; a class is a finite number or a name (leave the cell empty, or NaN, for no label)" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"name":"p","rules":null}""", "rules")]
    [InlineData("""{"name":"p","detection":{"error_detector":null},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}""", "detection.error_detector")]
    [InlineData("""{"name":"p","guards":{"risk":null},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}""", "guards.risk")]
    public async Task Replay_PolicyWithANullField_ExitsTwoNamingIt(string policy, string field)
    {
        using var dir = new TempDir();
        var file = dir.File("p.json", policy);
        var train = dir.File("train.csv", Train);
        var stream = dir.File("stream.csv", "batch,x,label\n0,1,0\n");
        var run = await CliRun.RunAsync("twin", "replay", "--train", train, "--stream", stream, "--label", "label", "--policy", file, "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: --policy {file}: policy field '{field}' must not be null" + Environment.NewLine);
    }

    [Fact]
    public async Task Train_OutToADevice_IsRefused_AndTheDeviceUntouched()
    {
        using var dir = new TempDir();
        var data = dir.File("d.csv", Train);
        var run = await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "logistic", "--out", "/dev/null");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe("error: output '/dev/null' is a device or system file: refusing to replace it" + Environment.NewLine);
        File.ReadAllBytes("/dev/null").ShouldBeEmpty(); // still the device, not a file holding a model
    }

    [Fact]
    public async Task Predict_OutOverItsOwnInput_IsRefused_AndTheInputKept()
    {
        using var dir = new TempDir();
        var data = dir.File("d.csv", Train);
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "logistic", "--out", model)).ExitCode.ShouldBe(0);
        var run = await CliRun.RunAsync("predict", "--model", model, "--data", data, "--out", data);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: output '{data}' is the same file as the input '{data}'" + Environment.NewLine);
        File.ReadAllText(data).ShouldBe(Train);
    }

    /// <summary>A probe: the input named through a symbolic link was compared as written, and predict and train
    /// replaced the data (train wrote its model over its own training file).</summary>
    [Fact]
    public async Task OutOverItsOwnInput_ThroughASymbolicLink_IsRefused_AndTheInputKept()
    {
        using var dir = new TempDir();
        var data = dir.File("d.csv", Train);
        var link = dir.Combine("link.csv");
        File.CreateSymbolicLink(link, data);
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "logistic", "--out", model)).ExitCode.ShouldBe(0);

        var predict = await CliRun.RunAsync("predict", "--model", model, "--data", link, "--out", data);
        var train = await CliRun.RunAsync("train", "--data", link, "--label", "label", "--algorithm", "logistic", "--out", data);

        predict.ExitCode.ShouldBe(2);
        predict.Error.ShouldBe($"error: output '{data}' is the same file as the input '{link}'" + Environment.NewLine);
        train.ExitCode.ShouldBe(2);
        File.ReadAllText(data).ShouldBe(Train);
    }

    /// <summary>A probe: a valid --out name of 226 bytes was refused after all the work, naming the hidden staged
    /// file (its name adds 38 bytes); a name longer than any file system takes is refused before the work.</summary>
    [Fact]
    public async Task OutNamesUpToTheFileSystemLimit_AreWritten_AndLongerOnesRefusedUpFront()
    {
        using var dir = new TempDir();
        var data = dir.File("d.csv", Train);
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "logistic", "--out", model)).ExitCode.ShouldBe(0);
        var longest = dir.Combine(new string('p', 251) + ".csv");
        var tooLong = dir.Combine(new string('p', 252) + ".csv");

        var written = await CliRun.RunAsync("predict", "--model", model, "--data", data, "--out", longest);
        var refused = await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "logistic", "--out", tooLong);

        written.ExitCode.ShouldBe(0, written.Error);
        File.ReadAllLines(longest)[0].ShouldStartWith("prediction");
        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldBe($"error: output '{tooLong}': the file name is 256 bytes long; a file system allows at most 255" + Environment.NewLine);
        Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order().ShouldBe(["d.csv", "m.dcm", Path.GetFileName(longest)]);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("replay")]
    public async Task EmptyOutPath_ExitsTwo(string command)
    {
        using var dir = new TempDir();
        var data = dir.File("d.csv", Train);
        var stream = dir.File("stream.csv", "batch,x,label\n0,1,0\n");
        var run = command == "train"
            ? await CliRun.RunAsync("train", "--data", data, "--label", "label", "--algorithm", "logistic", "--out", "")
            : await CliRun.RunAsync("twin", "replay", "--train", data, "--stream", stream, "--label", "label", "--algorithm", "logistic", "--out", "");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldStartWith("error: ");
        run.Error.ShouldContain("empty");
    }

    [Theory]
    [InlineData("default,default", "--label-delay", "2", "--policies: 'default' is given twice (each policy writes to its own folder)")]
    [InlineData("default,none", "--label-delay", "-1", "--label-delay must be >= 0, got -1")]
    [InlineData("default,periodic:0", "--label-delay", "2", "--policies periodic:0: policy 'periodic:K' needs a whole number K >= 1, got '0'")]
    public async Task TwinRun_BadOptions_ExitTwoBeforeWritingAnything(string policies, string option, string value, string message)
    {
        using var dir = new TempDir();
        var scenario = dir.File("s.json", """{"name":"s","seed":1,"generator":{"type":"sea"},"train_rows":500,"batches":4,"batch_size":100}""");
        var run = await CliRun.RunAsync("twin", "run", scenario, "--policies", policies, option, value, "--out", dir.Combine("out"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: {message}" + Environment.NewLine);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("\"generator\":{\"type\":\"cicids\",\"mixtures\":[{\"BENIGN\":1e308,\"DDoS\":1e308}]}", "generator.mixtures[0].BENIGN: weight must be a number from 0 to 1e12, not 1E+308")]
    [InlineData("\"generator\":{\"type\":\"sea\"},\"serving\":{\"batch_interval_s\":1e308}", "serving.batch_interval_s: must be > 0 and at most a year (31622400 s), not 1E+308")]
    [InlineData("\"generator\":{\"type\":\"sea\"},\"faults\":[{\"kind\":\"latency_spike\",\"start\":2,\"end\":3,\"factor\":1e308}]", "faults[0].factor: must be > 0 and at most 1e6 (the replay refuses latencies above 1e9 ms)")]
    public async Task Generate_HugeScenarioValues_ExitTwoNamingTheField(string part, string message)
    {
        // 1e308 weights normalized to NaN (every row became one class), 1e308 s overflowed the JSON writer after
        // the CSV files were written, a 1e308 latency factor wrote Infinity into the stream.
        using var dir = new TempDir();
        var scenario = dir.File("g.json", $$"""{"name":"g","seed":5,"batches":5,"batch_size":50,{{part}}}""");
        var run = await CliRun.RunAsync("twin", "generate", scenario, "--out", dir.Combine("gen"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: g.json: {message}" + Environment.NewLine);
        Directory.Exists(dir.Combine("gen")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("data", "predict")]
    [InlineData("model", "predict")]
    [InlineData("scenario", "twin run")]
    [InlineData("stream", "twin replay")]
    public async Task AnInputThatIsASymbolicLinkLoop_ExitsTwoNamingIt_NotAnInternalError(string what, string command)
    {
        // Found by a probe in session 19: "internal error: IOException: Too many levels of symbolic links", exit 1.
        using var dir = new TempDir();
        var loop = dir.Combine("loop.csv");
        File.CreateSymbolicLink(loop, loop);
        var model = dir.Combine("m.dcm");
        (await CliRun.RunAsync("train", "--data", dir.File("t.csv", Train), "--label", "label", "--algorithm", "logistic", "--out", model)).ExitCode.ShouldBe(0);
        string[] args = command switch
        {
            "predict" => ["predict", "--model", what == "model" ? loop : model, "--data", what == "data" ? loop : dir.File("d.csv", "x\n1\n2\n"), "--out", dir.Combine("p.csv")],
            "twin run" => ["twin", "run", loop, "--out", dir.Combine("out")],
            _ => ["twin", "replay", "--train", dir.Combine("t.csv"), "--stream", loop, "--label", "label", "--algorithm", "logistic", "--out", dir.Combine("out")],
        };

        var run = await CliRun.RunAsync(args);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"error: {what}: cannot read '{loop}': Too many levels of symbolic links" + Environment.NewLine);
        File.Exists(dir.Combine("p.csv")).ShouldBeFalse();
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }
}
