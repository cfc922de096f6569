using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.Verification;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A concept that keeps moving: each recovery falls short of the pre-incident baseline because the world has
/// moved on by the time it is verified. Such a recovery is progress when the gate scored it clearly better
/// than the prior version, and must not freeze the model by escalating (measured on the tuning stream
/// regression-incremental-long: MAE 1.4244 with an escalation at batch 29, 1.2497 without; retraining every
/// batch 1.2182).
/// </summary>
public sealed class MovingConceptTests
{
    [Theory]
    [InlineData(0.88, false)] // the gate saw the candidate 18 points better than the prior: progress
    [InlineData(0.72, true)] // 2 points, under the 4-point floor at that level: not clearly better, counted
    public void PartialRecoveries_EscalateOnlyWhenTheGateSawNoClearWin(double candidateGateScore, bool escalates)
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1, rows: 400)
        {
            Observation = _ => Obs.Clean,
            // v1 falls from 0.9 to 0.7 at batch 10; every retrained version recovers only to 0.74 (a fifth of the loss).
            Accuracy = (b, v) => b < 10 ? 0.9 : v == "v1" ? 0.7 : 0.74,
            Scores = _ => (candidateGateScore, 0.7),
        };
        h.Run(0, 40);
        var partials = h.Decisions.SelectMany(d => d.FollowUps.Prepend(d)).Count(d => d.Verification is { Status: VerificationStatus.Failed });
        partials.ShouldBeGreaterThanOrEqualTo(3);
        h.Of(AgentAction.Escalate).Count.ShouldBe(escalates ? 1 : 0);
        h.Of(AgentAction.Rollback).ShouldBeEmpty();
        if (!escalates)
        {
            h.Agent.State.Incident.ShouldNotBeNull().Timeline.ShouldContain(x => x.Contains("progress, not counted", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(2.0, true)] // the champion's MAE on the gate's rows is twice the challenger's
    [InlineData(1.0, false)] // equal: not better by trial_margin
    public void RegressionChallengers_ReplaceTheChampionOnlyWhenTheyBeatItOnTheGatesRows(double championGateRatio, bool promoted)
    {
        var h = new RegressionHarness(DefaultPolicy.Create(), labelDelay: 1);
        // v1's errors double from batch 10; every retrained version is as good as v1 was.
        h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 2 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 14);
        h.Agent.State.Memory.ChallengerActive.ShouldBeTrue("a verified recovery from concept drift starts the challengers");
        h.ChampionGateRatio = championGateRatio;
        h.Run(15, 30);
        var challengers = h.Decisions.SelectMany(d => d.FollowUps.Prepend(d)).Where(d => d.Rule == "challenger").ToList();
        challengers.ShouldNotBeEmpty();
        if (promoted)
        {
            challengers.ShouldContain(d => d.Action == AgentAction.Promote || d.FollowUps.Any(f => f.Action == AgentAction.Promote));
            h.Agent.State.Memory.ChallengerActive.ShouldBeTrue();
        }
        else
        {
            challengers.ShouldContain(d => d.Action == AgentAction.RetrainRejected && d.Reason.Contains("MAE", StringComparison.Ordinal));
            h.Agent.State.Memory.ChallengerActive.ShouldBeFalse("two challengers in a row that do not win end the programme");
            h.Decisions.Where(d => d.Batch > 15).SelectMany(d => d.FollowUps.Prepend(d)).ShouldNotContain(d => d.Action == AgentAction.Promote);
        }
    }
}
