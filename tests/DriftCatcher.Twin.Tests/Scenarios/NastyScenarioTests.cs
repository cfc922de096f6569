using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

/// <summary>Scenario files an ML platform team might write by mistake (session-8 probe): each is refused naming the field.</summary>
public sealed class NastyScenarioTests
{
    private const string Sea = """{ "seed": 1, "generator": { "type": "sea" }, "train_rows": 300, "batches": 6, "batch_size": 100 """;

    [Theory]
    // Sizes that would need gigabytes are refused before anything is allocated: 200 features × 20M rows is 4·10⁹ cells.
    [InlineData("""{ "seed": 1, "generator": { "type": "hyperplane", "dimensions": 200 }, "batches": 40, "batch_size": 500000 }""", "batch_size: the scenario would generate")]
    [InlineData("""{ "seed": 1, "generator": { "type": "hyperplane", "dimensions": 200 }, "train_rows": 10000000, "batches": 1, "batch_size": 1 }""", "batch_size: the scenario would generate")]
    [InlineData("""{ "seed": 1, "generator": { "type": "cicids" }, "batches": 1000, "batch_size": 20000 }""", "batch_size: the scenario would generate")]
    // A million one-row batches passed the cell budget: the replay keeps 28 KB a batch (28 GB) and took hours.
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "batches": 1000000, "batch_size": 1 }""", "batches: must be between 1 and 50000, not 1000000")]
    // A width past the end and an end: the old message read "must be between 2147483647 and 5, not 5".
    [InlineData(Sea + """, "drifts": [{ "shape": "gradual", "start": 1, "width": 2147483647, "end": 5, "to": 1 }] }""", "drifts[0].width: must be at most the 6 batches")]
    [InlineData(Sea + """, "drifts": [{ "shape": "gradual", "start": 2, "width": 6, "end": 5, "to": 1 }] }""", "drifts[0].end: the gradual drift from batch 2 lasts to batch 7")]
    [InlineData(Sea + """, "drifts": [{ "shape": "recurring", "start": 1, "period": 2147483647, "concepts": [0, 1] }] }""", "drifts[0].period: with 2147483647 batches a turn from batch 1")]
    [InlineData(Sea + """, "drifts": [{ "shape": "recurring", "start": 5, "period": 1, "concepts": [0, 1] }] }""", "drifts[0].start: a recurring drift from batch 5")]
    [InlineData(Sea + """, "label_delay": 6 }""", "label_delay: 6 batches is not less than the 6 batches")]
    [InlineData(Sea + """, "faults": [{ "kind": "label_delay", "delay": 2147483647, "start": 1 }] }""", "faults[0].delay: 2147483647 batches")]
    // Two faults of one kind on one target at once: which stuck value, which delay? Two unit changes multiply silently.
    [InlineData(Sea + """, "faults": [{ "kind": "stuck_value", "column": "x1", "value": 1, "start": 1 }, { "kind": "stuck_value", "column": " x1", "value": 5, "start": 3 }] }""", "faults[1].start: batch 3 falls inside faults[0] (another stuck_value of 'x1' lasting to batch 5)")]
    [InlineData(Sea + """, "faults": [{ "kind": "label_delay", "delay": 2, "start": 1, "end": 3 }, { "kind": "label_delay", "delay": 4, "start": 2 }] }""", "faults[1].start: batch 2 falls inside faults[0] (another label_delay lasting to batch 3)")]
    [InlineData(Sea + """, "faults": [{ "kind": "latency_spike", "factor": 1000, "start": 1 }, { "kind": "latency_spike", "factor": 1000, "start": 1 }] }""", "faults[1].start: batch 1 falls inside faults[0]")]
    // Factors that overflow every value to infinity (x1 ≤ 10, × 1e308) or flush it to 0.
    [InlineData(Sea + """, "faults": [{ "kind": "unit_change", "column": "x1", "factor": 1e308, "start": 1 }] }""", "faults[0].factor: must be between 1e-12 and 1e12 in size")]
    [InlineData(Sea + """, "faults": [{ "kind": "unit_change", "column": "x1", "factor": 1e-320, "start": 1 }] }""", "faults[0].factor: must be between 1e-12 and 1e12 in size")]
    [InlineData(Sea + """, "drifts": [{ "shape": "sudden", "start": 3, "column": "x1", "scale": 1e308 }] }""", "drifts[0].scale: must be at most 1e12 in size")]
    [InlineData("""{ "seed": 1, "generator": { "type": "rbf", "dimensions": 200, "centroids": 10000, "concept_count": 50 } }""", "generator.centroids: concept_count × centroids × dimensions is 100000000 center coordinates")]
    // Latencies the replay would refuse are refused here, naming the scenario's field instead of a stream row.
    [InlineData(Sea + """, "serving": { "latency_ms": 1e300 } }""", "serving.latency_ms: with latency_sigma 0.25, latencies could reach")]
    [InlineData(Sea + """, "serving": { "latency_sigma": 1000 } }""", "serving.latency_ms: with latency_sigma 1000")]
    [InlineData(Sea + """, "serving": { "latency_ms": 1000 }, "faults": [{ "kind": "latency_spike", "factor": 1e6, "start": 1 }] }""", "serving.latency_ms: with latency_sigma 0.25 and a latency_spike factor of 1000000")]
    [InlineData(Sea + """, "serving": { "latency_ms": 1000 }, "faults": [{ "kind": "latency_spike", "factor": 1000, "start": 1 }, { "kind": "latency_creep", "factor": 1000, "start": 1 }] }""", "serving.latency_ms: with latency_sigma 0.25 and a latency_spike factor of 1000 and a latency_creep factor of 1000")]
    [InlineData(Sea + """, "faults": [{ "kind": "arrival_gap", "start": 0 }] }""", "faults: arrival_gap covers every batch (0..5)")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "train_rows": 300, "batches": 100, "batch_size": 10, "serving": { "batch_interval_s": 31000000 }, "faults": [{ "kind": "arrival_gap", "start": 0, "end": 50 }] }""", "faults: arrival_gap loses 51 batches before batch 51")]
    [InlineData(Sea + """, "name": "two\nlines" }""", "name: must be one line")]
    // Typos are answered with the name most likely meant.
    [InlineData("""{ "seed": 1, "generator": { "type": "SEA" } }""", "generator.type: 'SEA' is not one of sea, stagger, hyperplane, agrawal, rbf, cicids, friedman; did you mean 'sea'?")]
    [InlineData(Sea + """, "drifts": [{ "shape": "suden", "start": 3, "to": 1 }] }""", "drifts[0].shape: 'suden' is not one of sudden, gradual, incremental, recurring; did you mean 'sudden'?")]
    [InlineData(Sea + """, "faults": [{ "kind": "missing_colum", "column": "x1", "start": 1 }] }""", "faults[0].kind: 'missing_colum' is not one of")]
    [InlineData(Sea + """, "faults": [{ "kind": "missing_column", "column": "x11", "start": 1 }] }""", "faults[0].column: 'x11' is not a feature of the sea generator (x1, x2, x3); did you mean 'x1'?")]
    public void NastyScenario_IsRefusedNamingTheField(string json, string expectedStart)
    {
        var ex = Should.Throw<InputDataException>(() => ScenarioValidator.Validate(ScenarioJson.Parse(json)));
        ex.Message.ShouldStartWith(expectedStart);
        ex.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("", "scenario: the file is empty")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" """, "scenario: generator: the file ends before every object and array is closed")]
    // Text after the object was "the file ends before every object and array is closed" (review probe).
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" } } {}""", "scenario: text after the scenario's closing brace (a scenario file holds one JSON object)")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" } },""", "scenario: text after the scenario's closing brace (a scenario file holds one JSON object)")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea", "noise": NaN } }""", "scenario: generator.noise: not a JSON value (NaN, Infinity and unquoted text are not allowed)")]
    [InlineData("""{ "seed": 1, "seed": 2, "generator": { "type": "sea" } }""", "scenario: seed: the field is given twice")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea", "theta": [8] } }""", "scenario: generator.theta: unknown field, did you mean 'thetas'?")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "batchsize": 100 }""", "scenario: batchsize: unknown field, did you mean 'batch_size'?")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "colour": 1 }""", "scenario: colour: unknown field; the fields here are name, description")]
    // A number beyond Int32 is no "wrong type", and Int32's range is not the field's (the stress probe's seed).
    [InlineData("""{ "seed": 3000000000, "generator": { "type": "sea" } }""", "scenario: seed: must be an integer from 0 to 2147483583 (line 1)")]
    [InlineData("""{ "seed": -3000000000, "generator": { "type": "sea" } }""", "scenario: seed: must be an integer from 0 to 2147483583 (line 1)")]
    [InlineData("""{ "seed": 1.5, "generator": { "type": "sea" } }""", "scenario: seed: must be an integer from 0 to 2147483583 (line 1)")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }, "batch_size": 1e10 }""", "scenario: batch_size: must be an integer from 1 to 10000000 (line 1)")]
    public void MalformedScenario_SaysWhatIsWrongInPlainWords(string json, string expectedStart)
    {
        var ex = Should.Throw<InputDataException>(() => ScenarioJson.Parse(json));
        ex.Message.ShouldStartWith(expectedStart);
        ex.Message.ShouldNotContain("\n");
        ex.Message.ShouldNotContain("isFinalBlock");
    }

    [Fact]
    public void InvalidUtf8_IsNamedAsSuch()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("""{ "seed": 1, "generator": { "type": "sea" }, "name": "__" }""");
        var at = Array.IndexOf(bytes, (byte)'_');
        bytes[at] = 0xff;
        bytes[at + 1] = 0xfe;
        var ex = Should.Throw<InputDataException>(() => ScenarioJson.Parse(new MemoryStream(bytes)));
        ex.Message.ShouldStartWith("scenario: name: not valid UTF-8 text");
    }

    [Fact]
    public void ScenarioAtTheCellLimit_IsAccepted_AndOneRowMoreIsNot()
    {
        // sea: 3 features + label = 4 train columns, + batch and three signals = 8 stream columns.
        var trainRows = (int)((ScenarioValidator.MaxCells - (8L * 1000 * 4000)) / 4);
        var at = $$"""{ "seed": 1, "generator": { "type": "sea" }, "train_rows": {{trainRows}}, "batches": 1000, "batch_size": 4000 }""";
        var over = $$"""{ "seed": 1, "generator": { "type": "sea" }, "train_rows": {{trainRows + 1}}, "batches": 1000, "batch_size": 4000 }""";
        Should.NotThrow(() => ScenarioValidator.Validate(ScenarioJson.Parse(at)));
        Should.Throw<InputDataException>(() => ScenarioValidator.Validate(ScenarioJson.Parse(over))).Message.ShouldContain("40000004 cells");
    }
}
