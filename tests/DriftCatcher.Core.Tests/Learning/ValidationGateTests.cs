using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Versions;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class ValidationGateTests
{
    private static readonly GateOptions Options = new() { Floor = 0.9, RecentTolerance = 0.01, ForgettingTolerance = 0.02 };

    [Fact]
    public void Gate_NoChampion_JudgesFloorOnly()
    {
        var result = ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = Acc(0.95) }, Options);
        result.Accepted.ShouldBeTrue();
        result.Reasons.Count.ShouldBe(3);
        result.Reasons[1].ShouldContain("no champion");
    }

    [Fact]
    public void Gate_BelowFloor_Rejected()
    {
        var result = ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = Acc(0.85) }, Options);
        result.Accepted.ShouldBeFalse();
        result.Checks.Single(c => !c.Passed).Reason.ShouldBe("holdout accuracy 0.85 is below the floor 0.9");
    }

    [Theory]
    [InlineData(0.93, 0.935, 0.90, 0.91, true, "")]
    [InlineData(0.92, 0.935, 0.90, 0.91, false, "recent")]
    [InlineData(0.95, 0.935, 0.88, 0.91, false, "forgetting")]
    [InlineData(0.95, 0.935, 0.89, 0.91, true, "")]
    public void Gate_ComparesWithChampion(double candidateRecent, double championRecent, double candidateReference, double championReference, bool accepted, string failed)
    {
        var evidence = new GateEvidence
        {
            CandidateHoldout = Acc(0.95),
            CandidateRecent = Acc(candidateRecent),
            ChampionRecent = Acc(championRecent),
            CandidateReference = Acc(candidateReference),
            ChampionReference = Acc(championReference),
        };

        var result = ValidationGate.Evaluate(evidence, Options);

        result.Accepted.ShouldBe(accepted);
        if (!accepted)
        {
            result.Checks.Where(c => !c.Passed).Select(c => c.Name).ShouldBe([failed]);
            result.Checks.Single(c => !c.Passed).Reason.ShouldContain("more than the tolerance");
        }
    }

    [Fact]
    public void Gate_ChampionButNoCandidateEvidence_Rejected()
    {
        var result = ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = Acc(0.95), ChampionRecent = Acc(0.9) }, Options);
        result.Accepted.ShouldBeFalse();
        result.Checks.Single(c => c.Name == "recent").Reason.ShouldContain("not scored");
    }

    [Fact]
    public void Gate_LowerIsBetterMetric_FlipsDirection()
    {
        var options = new GateOptions { Metric = MetricNames.LogLoss, Floor = 0.3, RecentTolerance = 0.05 };
        var loss = (double v) => new Dictionary<string, double> { [MetricNames.LogLoss] = v };
        ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = loss(0.2), CandidateRecent = loss(0.34), ChampionRecent = loss(0.3) }, options).Accepted.ShouldBeTrue();
        ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = loss(0.2), CandidateRecent = loss(0.36), ChampionRecent = loss(0.3) }, options).Accepted.ShouldBeFalse();
        ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = loss(0.31) }, options).Accepted.ShouldBeFalse();
    }

    [Fact]
    public void Gate_NaNMetric_Rejected() =>
        ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = Acc(double.NaN) }, Options).Accepted.ShouldBeFalse();

    [Fact]
    public void Gate_BadOptions_Throw()
    {
        Should.Throw<ArgumentException>(() => ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = Acc(1) }, Options with { Metric = "speed" }));
        Should.Throw<ArgumentException>(() => ValidationGate.Evaluate(new GateEvidence { CandidateHoldout = Acc(1) }, Options with { RecentTolerance = -1 }));
    }

    internal static Dictionary<string, double> Acc(double v) => new() { [MetricNames.Accuracy] = v };
}
