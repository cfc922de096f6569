using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

/// <summary>Each fault is compared with the same scenario without it: changed exactly in its batch range, identical elsewhere.</summary>
public sealed class FaultTests
{
    private static readonly GeneratedScenario Clean = ScenarioGenerator.Generate(Build.Sea());

    [Fact]
    public void UnitChange_MultipliesTheColumn_OnlyInItsBatches()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.UnitChange, Column = "x1", Start = 10, End = 14, Factor = 1000 });
        CompareInRange(g, "x1", 10, 14, (faulty, clean) => faulty.ShouldBe(clean * 1000));
        g.Truth.Truth.Select(t => t.Faults.Count > 0).ShouldBe(Range(10, 14));
        g.Truth.Truth[12].Faults.ShouldBe(["unit_change:x1"]);
        g.Truth.FirstRealDriftBatch.ShouldBeNull();
        g.Truth.FirstFaultBatch.ShouldBe(10);
    }

    [Fact]
    public void MissingColumn_IsNaN_OnlyInItsBatches_AndToTheEndWithoutEnd()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.MissingColumn, Column = "x2", Start = 25 });
        CompareInRange(g, "x2", 25, 29, (faulty, _) => double.IsNaN(faulty).ShouldBeTrue());
        Build.Csv(g.WriteStreamCsv).ShouldContain(",NaN,");
    }

    [Fact]
    public void StuckValue_HoldsTheFirstValueOfTheRange()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.StuckValue, Column = "x3", Start = 5, End = 6 });
        var first = Clean.Stream["x3"][5 * 400];
        CompareInRange(g, "x3", 5, 6, (faulty, _) => faulty.ShouldBe(first));
    }

    [Fact]
    public void StuckValue_UsesTheGivenValue()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.StuckValue, Column = "x3", Start = 5, End = 6, Value = 3.25 });
        CompareInRange(g, "x3", 5, 6, (faulty, _) => faulty.ShouldBe(3.25));
    }

    [Fact]
    public void LatencySpike_ScalesLatency_OnlyInItsBatches()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.LatencySpike, Start = 20, End = 21, Factor = 10 });
        CompareInRange(g, TwinColumns.LatencyMs, 20, 21, (faulty, clean) => faulty.ShouldBe(clean * 10, 0.001));
    }

    [Fact]
    public void LatencyCreep_ScalesLatency_InGeometricSteps_ToTheFactor()
    {
        // Batches 20–23, factor 16: ×2, ×4, ×8, ×16.
        var g = WithFault(new FaultSpec { Kind = FaultKinds.LatencyCreep, Start = 20, End = 23, Factor = 16 });
        var batch = g.Stream["batch"];
        CompareInRange(g, TwinColumns.LatencyMs, 20, 23, (_, _) => { });
        var faulty = g.Stream[TwinColumns.LatencyMs];
        var clean = Clean.Stream[TwinColumns.LatencyMs];
        for (var r = 0; r < faulty.Length; r++)
        {
            if (batch[r] is >= 20 and <= 23)
            {
                faulty[r].ShouldBe(clean[r] * Math.Pow(2, batch[r] - 19), 0.002);
            }
        }
    }

    [Fact]
    public void FailureBurst_RaisesTheFailureRate_OnlyInItsBatches()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.FailureBurst, Start = 3, End = 4, Rate = 0.4 });
        CompareInRange(g, TwinColumns.Failed, 3, 4, (_, _) => { });
        var failed = g.Stream[TwinColumns.Failed];
        var share = Enumerable.Range(3 * 400, 800).Average(r => failed[r]);
        share.ShouldBe(0.4, 0.07); // Binomial(800, 0.4): sd 0.017
        Enumerable.Range(0, 3 * 400).Average(r => failed[r]).ShouldBeLessThan(0.01);
    }

    [Fact]
    public void ArrivalGap_DropsTheBatches_AndDelaysTheNextOne()
    {
        var g = WithFault(new FaultSpec { Kind = FaultKinds.ArrivalGap, Start = 8, End = 10 });
        var batches = g.Stream["batch"];
        batches.Distinct().ShouldBe(Enumerable.Range(0, 30).Where(b => b is < 8 or > 10).Select(b => (double)b));
        for (var r = 1; r < batches.Length; r++)
        {
            batches[r].ShouldBeGreaterThanOrEqualTo(batches[r - 1]);
        }

        var delay = g.Stream[TwinColumns.ArrivalDelayS];
        for (var r = 0; r < batches.Length; r++)
        {
            delay[r].ShouldBe(batches[r] == 11 ? 180 : 0);
        }

        g.Stream.RowCount.ShouldBe(27 * 400);
        g.Truth.Truth[9].Arrived.ShouldBeFalse();
        g.Truth.Truth[9].Rows.ShouldBe(0);
        g.Truth.Truth[11].ArrivalDelayS.ShouldBe(180);
        g.Truth.StreamRows.ShouldBe(27 * 400);
    }

    [Fact]
    public void LabelDelay_IsRecordedPerBatch()
    {
        var g = ScenarioGenerator.Generate(Build.Sea() with
        {
            LabelDelay = 2,
            Faults = [new FaultSpec { Kind = FaultKinds.LabelDelay, Start = 4, End = 6, Delay = 9 }],
        });
        g.Truth.Truth.Select(t => t.LabelDelay).ShouldBe(Enumerable.Range(0, 30).Select(b => b is >= 4 and <= 6 ? 9 : 2));
        g.Stream["label"].ShouldBe(Clean.Stream["label"]);
    }

    [Fact]
    public void SignalColumns_AreNamedAndPresent()
    {
        var names = Clean.Stream.Columns.Select(c => c.Name).ToList();
        names[0].ShouldBe(TwinColumns.Batch);
        names.ShouldContain(TwinColumns.LatencyMs);
        names.ShouldContain(TwinColumns.Failed);
        names.ShouldContain(TwinColumns.ArrivalDelayS);
        Clean.Truth.SignalColumns.ShouldBe(TwinColumns.Signals);
        Clean.Truth.FeatureColumns.ShouldBe(["x1", "x2", "x3"]);
        Clean.Stream[TwinColumns.LatencyMs].Average().ShouldBe(20 * Math.Exp(0.25 * 0.25 / 2), 0.5); // log-normal mean
    }

    [Fact]
    public void LabelRespelled_WritesTheClassAnotherWay_OnlyInItsBatches_TheTruthKeepsTheClass()
    {
        var scenario = new TwinScenario
        {
            Seed = 5,
            Generator = new GeneratorSpec { Type = "cicids", Mixtures = [new Dictionary<string, double> { ["BENIGN"] = 0.8, ["DDoS"] = 0.2 }] },
            TrainRows = 200,
            Batches = 6,
            BatchSize = 100,
        };
        var clean = ScenarioGenerator.Generate(scenario).Stream.ToDataFrame()["Label"];
        var g = ScenarioGenerator.Generate(scenario with { Faults = [new FaultSpec { Kind = FaultKinds.LabelRespelled, Class = "BENIGN", Spelling = "Benign", Start = 2, End = 3 }] });
        var faulty = g.Stream.ToDataFrame()["Label"];
        for (var r = 0; r < faulty.Length; r++)
        {
            var inRange = r / 100 is 2 or 3;
            faulty.GetString(r).ShouldBe(inRange && clean.GetString(r) == "BENIGN" ? "Benign" : clean.GetString(r));
        }

        faulty.Length.ShouldBe(600);
        Enumerable.Range(200, 200).Count(r => faulty.GetString(r) == "Benign").ShouldBeGreaterThan(100);
        g.Truth.Truth[2].Faults.ShouldBe(["label_respelled"]);
        g.Truth.Truth[2].LabelMix.Keys.ShouldBe(["BENIGN", "DDoS"], ignoreOrder: true);
        g.Truth.FirstFaultBatch.ShouldBe(2);

        // TrueLabels too, so that a spelling the replay reads as a new name (a renamed class) is scored on the class.
        g.Truth.TrueLabels.Keys.Order().ShouldBe(Enumerable.Range(200, 200).Where(r => faulty.GetString(r) == "Benign"));
        g.Truth.TrueLabels.Values.ShouldAllBe(v => v == "BENIGN");
    }

    [Fact]
    public void LabelUnitChange_MultipliesTheWrittenLabelsOnlyInItsBatches_AndTheTruthKnowsTheFactor()
    {
        var scenario = new TwinScenario { Seed = 5, Generator = new GeneratorSpec { Type = "friedman" }, TrainRows = 200, Batches = 6, BatchSize = 100 };
        var clean = ScenarioGenerator.Generate(scenario).Stream.ToDataFrame()["y"].Numbers;
        var g = ScenarioGenerator.Generate(scenario with { Faults = [new FaultSpec { Kind = FaultKinds.LabelUnitChange, Factor = 1000, Start = 2, End = 3 }] });
        var faulty = g.Stream.ToDataFrame()["y"].Numbers;
        for (var r = 0; r < faulty.Length; r++)
        {
            faulty[r].ShouldBe(r / 100 is 2 or 3 ? clean[r] * 1000 : clean[r], Math.Abs(clean[r]) * 1e-12);
        }

        g.Truth.Truth[2].Faults.ShouldBe(["label_unit_change"]);
        g.Truth.FirstFaultBatch.ShouldBe(2);
        g.Truth.FaultLabelFactors().ShouldBe(new Dictionary<long, double> { [2] = 1000, [3] = 1000 });
    }

    [Fact]
    public void LabelStuck_WritesOneClassOnlyInItsBatches_AndTheTruthKeepsTheClasses()
    {
        // Batch 1 never arrives: the truth's rows are stream.csv's, after the gap.
        var scenario = Build.Sea() with { Batches = 6, BatchSize = 100 };
        var gap = new FaultSpec { Kind = FaultKinds.ArrivalGap, Start = 1, End = 1 };
        var clean = ScenarioGenerator.Generate(scenario with { Faults = [gap] }).Stream.ToDataFrame()["label"];
        var g = ScenarioGenerator.Generate(scenario with { Faults = [gap, new FaultSpec { Kind = FaultKinds.LabelStuck, Class = "1", Start = 3, End = 4 }] });
        var written = g.Stream.ToDataFrame()["label"];
        var batch = g.Stream.ToDataFrame()["batch"].Numbers;
        var rewritten = 0;
        for (var r = 0; r < written.Length; r++)
        {
            if (batch[r] is 3 or 4)
            {
                written.GetString(r).ShouldBe("1");
                if (clean.GetString(r) != "1")
                {
                    g.Truth.TrueLabels[r].ShouldBe(clean.GetString(r));
                    rewritten++;
                }
            }
            else
            {
                written.GetString(r).ShouldBe(clean.GetString(r));
            }
        }

        rewritten.ShouldBeGreaterThan(50, "SEA's classes are about 60/40");
        g.Truth.TrueLabels.Count.ShouldBe(rewritten);
        g.Truth.Truth[3].Faults.ShouldBe(["label_stuck"]);
        g.Truth.FirstFaultBatch.ShouldBe(1);
        Should.Throw<Core.Data.InputDataException>(() => ScenarioGenerator.Generate(scenario with { Faults = [new FaultSpec { Kind = FaultKinds.LabelStuck, Class = "7", Start = 3 }] }))
            .Message.ShouldBe("faults: label_stuck class '7' is not a class of the training labels (0, 1)");
    }

    [Fact]
    public void LabelSwapped_WritesEachClassAsTheNextOnlyInItsBatches_AndTheTruthKeepsTheClasses()
    {
        var scenario = Build.Sea() with { Batches = 6, BatchSize = 100 };
        var clean = ScenarioGenerator.Generate(scenario).Stream.ToDataFrame()["label"];
        var g = ScenarioGenerator.Generate(scenario with { Faults = [new FaultSpec { Kind = FaultKinds.LabelSwapped, Classes = ["0", "1"], Start = 2, End = 3 }] });
        var written = g.Stream.ToDataFrame()["label"];
        for (var r = 0; r < written.Length; r++)
        {
            written.GetString(r).ShouldBe(r is >= 200 and < 400 ? (clean.GetString(r) == "1" ? "0" : "1") : clean.GetString(r));
        }

        g.Truth.TrueLabels.Count.ShouldBe(200);
        g.Truth.TrueLabels.ShouldAllBe(kv => kv.Value == clean.GetString(kv.Key));
        g.Truth.Truth[2].Faults.ShouldBe(["label_swapped"]);
        Should.Throw<Core.Data.InputDataException>(() => ScenarioGenerator.Generate(scenario with { Faults = [new FaultSpec { Kind = FaultKinds.LabelSwapped, Classes = ["0", "7"], Start = 3 }] }))
            .Message.ShouldBe("faults: label_swapped class '7' is not a class of the training labels (0, 1)");
    }

    [Fact]
    public void LabelSwapped_RotatesThreeClasses_AndAStuckFeedOverItKeepsTheFirstTruth()
    {
        var scenario = new TwinScenario
        {
            Seed = 4,
            Generator = new GeneratorSpec { Type = "cicids", Mixtures = [new Dictionary<string, double> { ["BENIGN"] = 0.6, ["DDoS"] = 0.2, ["PortScan"] = 0.2 }] },
            TrainRows = 1000,
            Batches = 4,
            BatchSize = 200,
        };
        var clean = ScenarioGenerator.Generate(scenario).Stream.ToDataFrame()["Label"];
        var rotate = new FaultSpec { Kind = FaultKinds.LabelSwapped, Classes = ["BENIGN", "DDoS", "PortScan"], Start = 1 };
        var g = ScenarioGenerator.Generate(scenario with { Faults = [rotate, new FaultSpec { Kind = FaultKinds.LabelStuck, Class = "BENIGN", Start = 3 }] });
        var written = g.Stream.ToDataFrame()["Label"];
        var next = new Dictionary<string, string> { ["BENIGN"] = "DDoS", ["DDoS"] = "PortScan", ["PortScan"] = "BENIGN" };
        for (var r = 0; r < written.Length; r++)
        {
            var truth = clean.GetString(r) ?? "";
            written.GetString(r).ShouldBe(r < 200 ? truth : r < 600 ? (next.TryGetValue(truth, out var n) ? n : truth) : "BENIGN");
            if (r >= 200 && next.ContainsKey(truth))
            {
                g.Truth.TrueLabels[r].ShouldBe(truth);
            }
        }
    }

    private static GeneratedScenario WithFault(FaultSpec fault) =>
        ScenarioGenerator.Generate(Build.Sea() with { Faults = [fault] });

    private static IEnumerable<bool> Range(int first, int last) => Enumerable.Range(0, 30).Select(b => b >= first && b <= last);

    private static void CompareInRange(GeneratedScenario g, string column, int first, int last, Action<double, double> inRange)
    {
        var faulty = g.Stream[column];
        var clean = Clean.Stream[column];
        var batch = g.Stream["batch"];
        var changed = 0;
        for (var r = 0; r < faulty.Length; r++)
        {
            if (batch[r] >= first && batch[r] <= last)
            {
                inRange(faulty[r], clean[r]);
                changed += faulty[r].Equals(clean[r]) ? 0 : 1;
            }
            else
            {
                faulty[r].ShouldBe(clean[r]);
            }
        }

        changed.ShouldBeGreaterThan(0);
    }
}
