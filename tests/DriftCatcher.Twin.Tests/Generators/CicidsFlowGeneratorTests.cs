using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Generators;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Generators;

public sealed class CicidsFlowGeneratorTests
{
    [Fact]
    public void Columns_UseTheRealCicids2017Names_WithTheirLeadingSpaces()
    {
        var g = Make([1, 0, 0, 0, 0, 0, 0, 0, 0]);
        var names = g.Features.Select(c => c.Name).ToList();
        names.ShouldContain(" Destination Port");
        names.ShouldContain(" Flow Duration");
        names.ShouldContain(" Total Fwd Packets");
        names.ShouldContain(" Total Backward Packets");
        names.ShouldContain("Total Length of Fwd Packets");
        names.ShouldContain("Flow Bytes/s");
        names.ShouldContain(" Flow Packets/s");
        names.ShouldContain("Init_Win_bytes_forward");
        names.ShouldContain(" Init_Win_bytes_backward");
        names.Count.ShouldBeInRange(20, 40);
        names.Distinct(StringComparer.Ordinal).Count().ShouldBe(names.Count);
        g.Label.Name.ShouldBe(" Label");
        g.Label.Levels.ShouldNotBeNull().ShouldContain("BENIGN");
        g.Label.Levels.ShouldContain("DDoS");
        g.Label.Levels.ShouldContain("PortScan");
        g.Label.Levels.ShouldContain("DoS slowloris");
        g.Label.Levels.ShouldContain("DoS Hulk");
    }

    [Fact]
    public void Rates_AreInfiniteOrNaN_ExactlyWhenTheDurationIsZero()
    {
        var g = Make([0.5, 0, 0.5, 0, 0, 0, 0, 0, 0]);
        var rng = new Random(3);
        var x = new double[g.Features.Count];
        int inf = 0, nan = 0;
        for (var i = 0; i < 5000; i++)
        {
            g.Next(rng, ConceptState.Of(0), x);
            var duration = x[1];
            var bytes = x[4] + x[5];
            var packets = x[2] + x[3];
            var flowBytes = x[CicidsFlowGenerator.FlowBytesPerSecond];
            var flowPackets = x[CicidsFlowGenerator.FlowPacketsPerSecond];
            if (duration == 0)
            {
                double.IsPositiveInfinity(flowPackets).ShouldBeTrue();
                if (bytes == 0)
                {
                    double.IsNaN(flowBytes).ShouldBeTrue();
                    nan++;
                }
                else
                {
                    double.IsPositiveInfinity(flowBytes).ShouldBeTrue();
                    inf++;
                }

                x[18].ShouldBe(0); // "Fwd Packets/s": the flow meter guards this one
            }
            else
            {
                flowBytes.ShouldBe(bytes / (duration / 1e6), 1e-9 * Math.Max(1, flowBytes));
                flowPackets.ShouldBe(packets / (duration / 1e6), 1e-9 * Math.Max(1, flowPackets));
            }

            if (x[3] == 0)
            {
                x[28].ShouldBe(-1); // " Init_Win_bytes_backward" with nothing coming back
            }
        }

        inf.ShouldBeGreaterThan(0);
        nan.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Classes_OccupyDifferentRegions()
    {
        var rng = new Random(4);
        var x = new double[CicidsFlowGenerator.ColumnNames.Count];
        double MedianDuration(int cls)
        {
            var d = new List<double>();
            for (var i = 0; i < 2001; i++)
            {
                CicidsFlowGenerator.WriteFeatures(rng, CicidsFlowGenerator.DrawFlow(rng, cls), x);
                d.Add(x[1]);
            }

            d.Sort();
            return d[1000];
        }

        var portScan = MedianDuration(2);
        var slowloris = MedianDuration(4);
        portScan.ShouldBeLessThan(1000); // µs: a probe and maybe a reset
        slowloris.ShouldBeGreaterThan(5e6); // seconds-long half-open requests
    }

    [Fact]
    public void Csv_ReadsBack_WithInfinityNaNAndTrimmedNames()
    {
        var scenario = new TwinScenario
        {
            Seed = 5,
            Generator = new GeneratorSpec { Type = "cicids", Mixtures = [new Dictionary<string, double> { ["BENIGN"] = 1, ["PortScan"] = 1 }] },
            TrainRows = 2000,
            Batches = 1,
            BatchSize = 10,
        };
        var generated = ScenarioGenerator.Generate(scenario);
        using var ms = new MemoryStream();
        generated.WriteTrainCsv(ms);
        ms.Position = 0;
        var text = new StreamReader(ms).ReadToEnd();
        text.ShouldStartWith(" Destination Port, Flow Duration,");
        text.ShouldContain(",Infinity,");
        text.ShouldContain(",NaN,");
        var frame = CsvFrameReader.Parse(text);
        frame.ColumnNames.ShouldBe([.. CicidsFlowGenerator.ColumnNames.Select(n => n.Trim()), "Label"]); // no name doubled, none dropped
        frame.RenamedDuplicates.ShouldBeEmpty();
        frame.Columns.Where(c => c.Name != "Label").ShouldAllBe(c => c.Kind == ColumnKind.Numeric);
        frame.Contains("Label").ShouldBeTrue();
        frame.Contains("Flow Duration").ShouldBeTrue();
        frame["Label"].Levels.ShouldBe(["BENIGN", "PortScan"], ignoreOrder: true);
        frame["Flow Packets/s"].Numbers.ShouldContain(double.PositiveInfinity);
        frame["Flow Bytes/s"].Numbers.Any(double.IsNaN).ShouldBeTrue();
        generated.Truth.LabelColumn.ShouldBe("Label");
    }

    private static CicidsFlowGenerator Make(double[] mixture) => new([mixture]);
}
