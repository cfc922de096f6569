using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Scenarios;

public sealed class DeterminismTests
{
    public static TheoryData<string> Generators => new() { "sea", "stagger", "hyperplane", "agrawal", "rbf", "cicids" };

    [Theory]
    [MemberData(nameof(Generators))]
    public void SameSeed_GivesByteIdenticalFiles(string type)
    {
        var scenario = new TwinScenario
        {
            Seed = 7,
            Generator = new GeneratorSpec { Type = type },
            TrainRows = 300,
            Batches = 6,
            BatchSize = 100,
            Drifts = [new DriftEventSpec { Shape = DriftShapes.Gradual, Start = 2, Width = 2, To = 0 }],
            Faults = [new FaultSpec { Kind = FaultKinds.FailureBurst, Start = 3, End = 4 }],
        };
        var a = ScenarioGenerator.Generate(scenario);
        var b = ScenarioGenerator.Generate(scenario);
        Build.Csv(a.WriteTrainCsv).ShouldBe(Build.Csv(b.WriteTrainCsv));
        Build.Csv(a.WriteStreamCsv).ShouldBe(Build.Csv(b.WriteStreamCsv));
        Build.Csv(a.WriteScenarioJson).ShouldBe(Build.Csv(b.WriteScenarioJson));

        var c = ScenarioGenerator.Generate(scenario with { Seed = 8 });
        Build.Csv(c.WriteStreamCsv).ShouldNotBe(Build.Csv(a.WriteStreamCsv));
    }

    [Fact]
    public void AddingAFault_DoesNotChangeOtherBatches()
    {
        var clean = ScenarioGenerator.Generate(Build.Sea());
        var faulty = ScenarioGenerator.Generate(Build.Sea() with
        {
            Faults = [new FaultSpec { Kind = FaultKinds.MissingColumn, Column = "x2", Start = 10, End = 12 }],
        });
        foreach (var name in new[] { "x1", "x3", "label", "latency_ms", "failed" })
        {
            faulty.Stream[name].ShouldBe(clean.Stream[name]);
        }

        faulty.Train["x2"].ShouldBe(clean.Train["x2"]);
    }
}
