using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

public sealed class ValidationTests
{
    private const string Ok = """{ "seed": 1, "generator": { "type": "sea" }, "batches": 10 """;

    private const string Friedman = """{ "seed": 1, "generator": { "type": "friedman" }, "batches": 10 """;

    private const string Cicids = """{ "seed": 1, "generator": { "type": "cicids" }, "batches": 10, "batch_size": 50, "train_rows": 100 """;

    [Theory]
    [InlineData("""{ "generator": { "type": "sea" } }""", "seed:")]
    [InlineData("""{ "seed": 1 }""", "generator:")]
    [InlineData("""{ "seed": 1, "generator": { "type": "seaa" } }""", "generator.type: 'seaa'")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea", "thetas": [8, 25] } }""", "generator.thetas[1]:")]
    [InlineData("""{ "seed": 1, "generator": { "type": "stagger", "thetas": [8] } }""", "generator.thetas: not a parameter of the stagger")]
    [InlineData("""{ "seed": 1, "generator": { "type": "agrawal", "functions": [1, 11] } }""", "generator.functions[1]:")]
    [InlineData("""{ "seed": 1, "generator": { "type": "cicids", "mixtures": [{ "BENIGN": 1, "Heartbleedz": 1 }] } }""", "generator.mixtures[0]: 'Heartbleedz'")]
    [InlineData(Ok + """, "batch_size": 0 }""", "batch_size:")]
    [InlineData(Ok + """, "train_concept": 4 }""", "train_concept:")]
    [InlineData(Ok + """, "serving": { "failure_rate": 2 } }""", "serving.failure_rate:")]
    [InlineData(Ok + """, "drifts": [{ "shape": "sudenn", "start": 3, "to": 1 }] }""", "drifts[0].shape: 'sudenn'")]
    [InlineData(Ok + """, "drifts": [{ "shape": "sudden", "start": 10, "to": 1 }] }""", "drifts[0].start:")]
    [InlineData(Ok + """, "drifts": [{ "shape": "sudden", "start": 3 }] }""", "drifts[0].to:")]
    [InlineData(Ok + """, "drifts": [{ "shape": "sudden", "start": 3, "to": 9 }] }""", "drifts[0].to:")]
    [InlineData(Ok + """, "drifts": [{ "shape": "gradual", "start": 3, "to": 1 }] }""", "drifts[0].width:")]
    [InlineData(Ok + """, "drifts": [{ "shape": "incremental", "start": 3, "width": 2, "magnitude": 0.1 }] }""", "drifts[0].magnitude: the sea generator")]
    [InlineData(Ok + """, "drifts": [{ "shape": "recurring", "start": 3, "concepts": [1] , "period": 2 }] }""", "drifts[0].concepts:")]
    [InlineData(Ok + """, "drifts": [{ "shape": "sudden", "start": 3, "column": "x9", "offset": 1 }] }""", "drifts[0].column: 'x9'")]
    [InlineData(Ok + """, "drifts": [{ "shape": "gradual", "start": 2, "width": 4, "to": 1 }, { "shape": "sudden", "start": 4, "to": 2 }] }""", "drifts[1].start: batch 4 falls inside drifts[0]")]
    [InlineData(Ok + """, "faults": [{ "kind": "unit_change", "column": "x1", "start": 2 }] }""", "faults[0].factor:")]
    [InlineData(Ok + """, "faults": [{ "kind": "unit_change", "column": "label", "start": 2, "factor": 2 }] }""", "faults[0].column: 'label' is the label")]
    [InlineData(Ok + """, "faults": [{ "kind": "missing_column", "start": 2 }] }""", "faults[0].column:")]
    [InlineData(Ok + """, "faults": [{ "kind": "latency_spike", "start": 5, "end": 3 }] }""", "faults[0].end:")]
    [InlineData(Ok + """, "faults": [{ "kind": "meltdown", "start": 5 }] }""", "faults[0].kind: 'meltdown'")]
    [InlineData(Ok + """, "faults": [{ "kind": "failure_burst", "start": 5, "rate": 1.5 }] }""", "faults[0].rate:")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_respelled", "class": "1", "spelling": "one", "start": 2 }] }""", "faults[0].kind: the sea generator's label 'label' is a number, not a class name")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_respelled", "class": "BENING", "spelling": "benign", "start": 2 }] }""", "faults[0].class: 'BENING' is not a class of the cicids generator's label")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_respelled", "class": "BENIGN", "start": 2 }] }""", "faults[0].spelling: label_respelled needs the spelling")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_respelled", "class": "BENIGN", "spelling": "DDoS", "start": 2 }] }""", "faults[0].spelling: 'DDoS' is a class of the label already")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_respelled", "class": "BENIGN", "spelling": "a,b", "start": 2 }] }""", "faults[0].spelling: must be at most 200 characters without commas")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_delay", "delay": 1, "class": "BENIGN", "start": 2 }] }""", "faults[0].class: label_delay takes no class")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_respelled", "class": "BENIGN", "spelling": "benign", "start": 2 }, { "kind": "label_respelled", "class": "BENIGN", "spelling": "Benign", "start": 4 }] }""", "faults[1].start: batch 4 falls inside faults[0] (another label_respelled of 'BENIGN'")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_unit_change", "factor": 1000, "start": 2 }] }""", "faults[0].kind: label_unit_change needs numeric labels (a regression generator: friedman); the sea generator's labels are classes")]
    [InlineData(Friedman + """, "faults": [{ "kind": "label_stuck", "class": "0", "start": 2 }] }""", "faults[0].kind: label_stuck needs class labels; the friedman generator's labels are numbers (use label_unit_change)")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_stuck", "start": 2 }] }""", "faults[0].class: label_stuck needs the class every label is written as (one of BENIGN,")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_stuck", "class": "BENING", "start": 2 }] }""", "faults[0].class: 'BENING' is not a class of the cicids generator's label")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_stuck", "class": "zero", "start": 2 }] }""", "faults[0].class: 'zero' is not a class number of the sea generator's label (e.g. 0)")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_stuck", "class": "0", "factor": 2, "start": 2 }] }""", "faults[0].factor: label_stuck takes no factor")]
    [InlineData(Friedman + """, "faults": [{ "kind": "label_swapped", "classes": ["0", "1"], "start": 2 }] }""", "faults[0].kind: label_swapped needs class labels; the friedman generator's labels are numbers (use label_unit_change)")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_swapped", "start": 2 }] }""", "faults[0].classes: label_swapped needs two or more classes whose names the feed exchanges, e.g. [\"BENIGN\", \"DDoS\"] (one of BENIGN,")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_swapped", "classes": ["0"], "start": 2 }] }""", "faults[0].classes: label_swapped needs two or more classes whose names the feed exchanges, e.g. [\"0\", \"1\"] (a class number, e.g. 0)")]
    [InlineData(Cicids + """, "faults": [{ "kind": "label_swapped", "classes": ["BENIGN", "DDOS"], "start": 2 }] }""", "faults[0].classes[1]: 'DDOS' is not a class of the cicids generator's label")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_swapped", "classes": ["0", null], "start": 2 }] }""", "faults[0].classes[1]: a class, not null (a class number, e.g. 0)")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_swapped", "classes": ["1", "1.0"], "start": 2 }] }""", "faults[0].classes: names a class twice (1, 1.0): each class is written as the next, so each appears once")]
    [InlineData(Ok + """, "faults": [{ "kind": "label_stuck", "class": "0", "classes": ["0", "1"], "start": 2 }] }""", "faults[0].classes: label_stuck takes no classes")]
    [InlineData(Friedman + """, "faults": [{ "kind": "label_unit_change", "start": 2 }] }""", "faults[0].factor: label_unit_change needs a finite, non-zero factor")]
    [InlineData(Friedman + """, "faults": [{ "kind": "label_unit_change", "factor": 0, "start": 2 }] }""", "faults[0].factor: label_unit_change needs a finite, non-zero factor")]
    [InlineData(Friedman + """, "faults": [{ "kind": "label_unit_change", "factor": 1e13, "start": 2 }] }""", "faults[0].factor: must be between 1e-12 and 1e12 in size")]
    [InlineData(Friedman + """, "faults": [{ "kind": "label_unit_change", "factor": 10, "column": "y", "start": 2 }] }""", "faults[0].column: label_unit_change does not act on a column")]
    public void BadScenario_NamesTheField(string json, string expectedStart)
    {
        var ex = Should.Throw<InputDataException>(() => ScenarioValidator.Validate(ScenarioJson.Parse(json)));
        ex.Message.ShouldStartWith(expectedStart);
        ex.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData(Ok + """, "drifts": [{ "shap": "sudden" }] }""", "drifts[0].shap")]
    [InlineData(Ok + """, "batches": "many" }""", "batches")]
    [InlineData("""{ "seed": 1, "generator": { "type": "sea" }""", "scenario:")]
    public void MalformedJson_NamesThePlace(string json, string expected)
    {
        var ex = Should.Throw<InputDataException>(() => ScenarioJson.Parse(json));
        ex.Message.ShouldStartWith("scenario:");
        ex.Message.ShouldContain(expected);
        ex.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void MinimalScenario_TakesTheDefaults()
    {
        var g = ScenarioGenerator.Generate(ScenarioJson.Parse("""{ "seed": 3, "generator": { "type": "sea" } }"""));
        g.Truth.TrainRows.ShouldBe(TwinScenario.DefaultTrainRows);
        g.Truth.StreamRows.ShouldBe(TwinScenario.DefaultBatches * TwinScenario.DefaultBatchSize);
        g.Truth.Scenario.Generator!.Thetas.ShouldBe([8, 9, 7, 9.5]);
    }
}
