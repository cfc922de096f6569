using DriftCatcher.Core.Agent.Messages;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

public sealed class RetrainCompletedTests
{
    private static RetrainCompleted Result(double candidate, double champion, int candidateOnly = -1, int championOnly = -1) =>
        new(DateTimeOffset.UnixEpoch, "r1", "v2", true, candidate, champion, "ok") { CandidateOnlyRight = candidateOnly, ChampionOnlyRight = championOnly };

    [Theory]
    [InlineData(30, 14, 2.4120908)] // (30 - 14) / sqrt(44)
    [InlineData(14, 30, -2.4120908)]
    [InlineData(5, 5, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(9, 0, 3)]
    public void ImprovementZ_IsMcNemarOnTheDiscordantRows(int candidateOnly, int championOnly, double z) =>
        Result(0.9, 0.8, candidateOnly, championOnly).ImprovementZ().ShouldBe(z, 1e-6);

    [Fact]
    public void ImprovementZ_WithoutPairs_FallsBackToTheSignOfTheScores()
    {
        Result(0.9, 0.8).ImprovementZ().ShouldBe(double.PositiveInfinity);
        Result(0.8, 0.9).ImprovementZ().ShouldBe(double.NegativeInfinity);
        Result(0.8, 0.8).ImprovementZ().ShouldBe(0);
    }
}
