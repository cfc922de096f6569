using DriftCatcher.Twin.Generators;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

/// <summary>
/// The concept mixture is measured from the rows themselves: with SEA θ 8 → 9.5 and no noise, a row
/// with 8 &lt; x1 + x2 ≤ 9.5 is labeled 1 only under the new concept, so its label reveals its concept.
/// </summary>
public sealed class DriftShapeTests
{
    [Fact]
    public void Sudden_SwitchesEveryRowAtTheStartBatch()
    {
        var g = ScenarioGenerator.Generate(Build.Sea() with
        {
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Sudden, Start = 12, To = 3 }],
        });
        for (var b = 0; b < 30; b++)
        {
            NewConceptShare(g, b).ShouldBe(b < 12 ? 0 : 1);
        }

        g.Truth.FirstRealDriftBatch.ShouldBe(12);
    }

    [Fact]
    public void Sudden_WithEnd_RevertsAfterTheEnd()
    {
        var g = ScenarioGenerator.Generate(Build.Sea() with
        {
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Sudden, Start = 12, End = 14, To = 3 }],
        });
        NewConceptShare(g, 11).ShouldBe(0);
        NewConceptShare(g, 14).ShouldBe(1);
        NewConceptShare(g, 15).ShouldBe(0);
        g.Truth.Truth.Where(t => t.RealDrift).Select(t => t.Batch).ShouldBe([12, 13, 14]);
    }

    [Fact]
    public void Gradual_NewConceptShareRisesLinearlyOverTheWidth()
    {
        const int start = 10, width = 8;
        var g = ScenarioGenerator.Generate(Build.Sea() with
        {
            BatchSize = 2000,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Gradual, Start = start, Width = width, To = 3 }],
        });
        NewConceptShare(g, start - 1).ShouldBe(0);
        for (var k = 0; k < width; k++)
        {
            // Mean probability over the batch is (k + ½)/width. About 265 rows of 2000 fall in the
            // revealing band, so the share's sd is at most 0.031; allow 4 sd.
            NewConceptShare(g, start + k).ShouldBe((k + 0.5) / width, 0.125);
            var reported = g.Truth.Truth[start + k].ConceptMix.GetValueOrDefault("3");
            reported.ShouldBe((k + 0.5) / width, 0.05); // over all 2000 rows: sd ≤ 0.011
        }

        NewConceptShare(g, start + width).ShouldBe(1);
    }

    [Fact]
    public void Incremental_BlendsThetaRowByRow()
    {
        const int start = 5, width = 10, bs = 400;
        var g = ScenarioGenerator.Generate(Build.Sea(thetas: [8, 10]) with
        {
            BatchSize = bs,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Incremental, Start = start, Width = width, To = 1 }],
        });
        var x1 = g.Stream["x1"];
        var x2 = g.Stream["x2"];
        var label = g.Stream["label"];
        var batch = g.Stream["batch"];
        for (var r = 0; r < label.Length; r++)
        {
            var b = (int)batch[r];
            var i = r % bs;
            var progress = Math.Clamp((b - start + ((i + 0.5) / bs)) / width, 0, 1);
            var theta = 8 + (2 * progress);
            label[r].ShouldBe(SeaGenerator.Classify(x1[r], x2[r], theta), $"row {r} (batch {b})");
        }

        g.Truth.Truth[start + 4].Blend.ShouldNotBeNull().Progress.ShouldBe(0.45, 1e-9);
    }

    [Fact]
    public void Recurring_AlternatesConceptsEveryPeriod()
    {
        var g = ScenarioGenerator.Generate(new TwinScenario
        {
            Seed = 3,
            Generator = new GeneratorSpec { Type = "stagger" },
            TrainRows = 100,
            Batches = 20,
            BatchSize = 300,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Recurring, Start = 4, Period = 3, Concepts = [1, 2], End = 15 }],
        });
        int[] expected = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0];
        var size = g.Stream["size"];
        var color = g.Stream["color"];
        var shape = g.Stream["shape"];
        var label = g.Stream["label"];
        for (var r = 0; r < label.Length; r++)
        {
            var concept = expected[r / 300];
            label[r].ShouldBe(StaggerGenerator.Classify(concept, (int)size[r], (int)color[r], (int)shape[r]));
        }

        g.Truth.Truth.Select(t => t.ConceptMix.Keys.Single()).ShouldBe(expected.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void IncrementalHyperplane_MovesTheWeights_AndLabelsFollowThem()
    {
        var scenario = new TwinScenario
        {
            Seed = 9,
            Generator = new GeneratorSpec { Type = "hyperplane", Dimensions = 4, Noise = 0, Sigma = 0 },
            TrainRows = 200,
            Batches = 10,
            BatchSize = 500,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Incremental, Start = 3, Width = 4, Magnitude = 0.001 }],
        };
        var g = ScenarioGenerator.Generate(scenario);
        var initial = ((HyperplaneGenerator)TwinGeneratorFactory.Create(scenario.Generator, 9, out _)).WeightsOf(0);
        var final = ((HyperplaneGenerator)g.Generator).WeightsOf(0);

        // sigma 0: every weight moved +0.001 on each of 4 × 500 samples.
        for (var i = 0; i < 4; i++)
        {
            (final[i] - initial[i]).ShouldBe(2.0, 1e-9);
        }

        var x = Enumerable.Range(1, 4).Select(i => g.Stream[$"x{i}"]).ToArray();
        var label = g.Stream["label"];
        int LabelBy(double[] w, int r) => HyperplaneGenerator.Classify(w, [x[0][r], x[1][r], x[2][r], x[3][r]]);
        foreach (var r in Build.RowsOf(g, 0).Concat(Build.RowsOf(g, 2)))
        {
            label[r].ShouldBe(LabelBy(initial, r));
        }

        foreach (var r in Build.RowsOf(g, 8))
        {
            label[r].ShouldBe(LabelBy(final, r));
        }

        g.Truth.Truth.Select(t => t.Moving).ShouldBe([false, false, false, true, true, true, true, false, false, false]);
        g.Truth.FirstRealDriftBatch.ShouldBe(3);
    }

    [Fact]
    public void HarmlessShift_MovesTheFeature_ButNotTheLabels()
    {
        var g = ScenarioGenerator.Generate(Build.Sea() with
        {
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Sudden, Start = 15, Column = "x3", Offset = 5 }],
        });
        var x1 = g.Stream["x1"];
        var x2 = g.Stream["x2"];
        var x3 = g.Stream["x3"];
        var label = g.Stream["label"];
        var batch = g.Stream["batch"];
        for (var r = 0; r < label.Length; r++)
        {
            label[r].ShouldBe(SeaGenerator.Classify(x1[r], x2[r], 8));
            if (batch[r] < 15)
            {
                x3[r].ShouldBeInRange(0, 10);
            }
            else
            {
                x3[r].ShouldBeInRange(5, 15);
            }
        }

        g.Truth.FirstRealDriftBatch.ShouldBeNull();
        g.Truth.Truth.Select(t => t.CovariateShift).ShouldBe(Enumerable.Range(0, 30).Select(b => b >= 15));
    }

    [Fact]
    public void ShiftOfARelevantFeature_CountsAsRealDrift()
    {
        var g = ScenarioGenerator.Generate(Build.Sea() with
        {
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Gradual, Start = 15, Width = 4, Column = "x1", Scale = 2 }],
        });
        g.Truth.FirstRealDriftBatch.ShouldBe(15);
        g.Truth.Truth[16].Shifts["x1"].ShouldBe(0.375, 0.1); // Bernoulli((1 + ½)/4) over 400 rows
    }

    [Fact]
    public void CicidsNewAttack_AppearsOnlyFromTheDriftOn()
    {
        var g = ScenarioGenerator.Generate(new TwinScenario
        {
            Seed = 4,
            Generator = new GeneratorSpec
            {
                Type = "cicids",
                Mixtures =
                [
                    new Dictionary<string, double> { ["BENIGN"] = 0.8, ["DDoS"] = 0.2 },
                    new Dictionary<string, double> { ["BENIGN"] = 0.7, ["DDoS"] = 0.2, ["PortScan"] = 0.1 },
                ],
            },
            TrainRows = 1000,
            Batches = 10,
            BatchSize = 1000,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Sudden, Start = 6, To = 1 }],
        });
        var portScan = CicidsFlowGenerator.Classes.ToList().IndexOf("PortScan");
        g.Train["Label"].ShouldNotContain(portScan);
        var label = g.Stream["Label"];
        for (var b = 0; b < 10; b++)
        {
            var share = Build.RowsOf(g, b).Count(r => label[r] == portScan) / 1000.0;
            if (b < 6)
            {
                share.ShouldBe(0);
            }
            else
            {
                share.ShouldBe(0.1, 0.05); // Binomial(1000, 0.1): sd 0.0095
            }

            var truth = g.Truth.Truth[b];
            truth.UnseenLabels.ShouldBe(b < 6 ? [] : ["PortScan"]);
            truth.RealDrift.ShouldBe(b >= 6);
            truth.LabelMix.GetValueOrDefault("PortScan").ShouldBe(share, 1e-9);
        }
    }

    [Fact]
    public void CicidsBurstOfAKnownClass_IsAPriorShift_NotRealDrift()
    {
        var g = ScenarioGenerator.Generate(new TwinScenario
        {
            Seed = 4,
            Generator = new GeneratorSpec
            {
                Type = "cicids",
                Mixtures =
                [
                    new Dictionary<string, double> { ["BENIGN"] = 0.9, ["DDoS"] = 0.1 },
                    new Dictionary<string, double> { ["BENIGN"] = 0.3, ["DDoS"] = 0.7 },
                ],
            },
            TrainRows = 1000,
            Batches = 8,
            BatchSize = 500,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Sudden, Start = 3, End = 4, To = 1 }],
        });
        g.Truth.FirstRealDriftBatch.ShouldBeNull();
        g.Truth.Truth.Select(t => t.PriorShift).ShouldBe([false, false, false, true, true, false, false, false]);
        g.Truth.Truth[3].LabelMix["DDoS"].ShouldBe(0.7, 0.08); // Binomial(500, 0.7): sd 0.02
        g.Truth.Truth[0].LabelMix["DDoS"].ShouldBe(0.1, 0.06);
    }

    private static double NewConceptShare(GeneratedScenario g, int batch)
    {
        var x1 = g.Stream["x1"];
        var x2 = g.Stream["x2"];
        var label = g.Stream["label"];
        var band = Build.RowsOf(g, batch).Where(r => x1[r] + x2[r] > 8 && x1[r] + x2[r] <= 9.5).ToList();
        band.Count.ShouldBeGreaterThan(20);
        return band.Average(r => label[r]);
    }
}
