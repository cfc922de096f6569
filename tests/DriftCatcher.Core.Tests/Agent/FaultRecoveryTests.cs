using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Faults that do not behave: one that comes back as soon as the champion serves again, a second fault on
/// another feature while a fallback serves, and a fault that hides a promotion under verification.
/// </summary>
public sealed class FaultRecoveryTests
{
    private static AgentHarness Default(int delay = 1) => new(DefaultPolicy.Create(), delay) { Observation = _ => Obs.Clean };

    private static List<long> BatchesOf(AgentHarness h, AgentAction action) =>
        [.. h.Decisions.Where(d => d.Requests.Any(r => r.Action == action)).Select(d => d.Batch)];

    [Fact]
    public void AFaultBackInTheFirstBatchAfterEachRestore_DoublesTheWait_AndTellsAPersonOnce()
    {
        // The champion's own reference calls the data faulty (it learned from a faulty feed), the fallback's
        // does not: each restore brings the fault straight back.
        var h = Default();
        h.Observation = b => b >= 10 && h.Agent.State.Mode == ServingMode.Champion ? Obs.Fault() : Obs.Clean;
        h.Run(0, 40);

        // One clean batch after the first relapse (it may be a new fault that happened to start then), then
        // waits of 2, 4, 8 and 16: 15 restores with one clean batch each would have been the flapping this replaces.
        BatchesOf(h, AgentAction.Restore).ShouldBe([11, 13, 16, 21, 30]);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 12, 14, 17, 22, 31]);
        var escalate = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        escalate.Reason.ShouldContain("the fault came back in the first batch after each of the last 2 restores");
        BatchesOf(h, AgentAction.Escalate).ShouldBe([14]);
        h.Agent.State.Memory.Relapses.ShouldBe(5);
    }

    [Fact]
    public void ARetrainAfterAFault_NeverReachesBackAcrossIt_ItsWindowStartsAfterTheFault()
    {
        // x faulty in batches 10–11, a concept change from 14: the retrain's window wants 6 clean labeled batches
        // (200 rows each, short of min_rows). It used to reach back across the fault, [8, 15] with 10–11 excluded:
        // actions.jsonl, which gives training_batches as [first, last] only, then read as a model trained on the
        // faulty batches. Now the window ends at the fault and the initial training set makes up the rows.
        var h = Default();
        h.Observation = b => b is 10 or 11 ? Obs.Fault() : Obs.Clean;
        h.Accuracy = (b, v) => b >= 14 && v == "v1" ? 0.6 : 0.9;
        h.Run(0, 20);
        h.Agent.State.Memory.FaultyBatches.ShouldBe([10, 11]);
        var retrain = h.Of(AgentAction.Retrain).First();
        retrain.FirstBatch.ShouldBe(12);
        retrain.ExcludedBatches.ShouldBeEmpty();
        retrain.IncludeInitialTraining.ShouldBeTrue();
        foreach (var r in h.Of(AgentAction.Retrain))
        {
            (r.FirstBatch > 11 || r.LastBatch < 10).ShouldBeTrue($"window {r.FirstBatch}..{r.LastBatch} spans the fault");
        }
    }

    [Fact]
    public void AConsolidationAfterAFault_WaitsForItsWindowPastTheFault()
    {
        // Concept change at 10, recovery retrain at 11, x faulty in batch 16. The consolidation waits for 6 clean
        // labeled batches since the change, but the window never reaches back across a fault: it went out at 21 on
        // [17, 20], 4 batches (and the initial training set), and never came again. Now it waits for 6 past the fault.
        var h = Default();
        h.Observation = b => b is 16 ? Obs.Fault() : Obs.Clean;
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.88;
        h.Run(0, 30);
        var consolidate = h.Decisions.Single(d => d.Rule == "consolidate-after-recovery").Requests.Single(r => r.Action == AgentAction.Retrain);
        consolidate.FirstBatch.ShouldBe(17);
        consolidate.LastBatch.ShouldBe(22);
        consolidate.ExcludedBatches.ShouldBeEmpty();
    }

    [Fact]
    public void AnIntermittentFault_IsSatOutInTheFallback_NotFollowedBatchByBatch()
    {
        var h = Default();
        h.Observation = b => b is >= 10 and <= 20 && b % 2 == 0 ? Obs.Fault() : Obs.Clean;
        h.Accuracy = (b, v) => b is >= 10 and <= 20 && b % 2 == 0 && v == "v1" ? 0.3 : 0.9;
        h.Run(0, 30);

        // Before: fallback at every faulty batch and restore at every clean one (12 switches in 12 batches).
        // After the second relapse the fallback waits for two clean batches in a row, which come after the fault.
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 12, 14]);
        BatchesOf(h, AgentAction.Restore).ShouldBe([11, 13, 22]);
        BatchesOf(h, AgentAction.Escalate).ShouldBe([14]);
        h.Agent.State.Memory.Relapses.ShouldBe(0, "the first batch after the last restore was clean");
    }

    [Fact]
    public void ASecondFaultOnAFeatureTheFallbackReads_GetsAFallbackWithoutEither()
    {
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 15 => Obs.Fault("amount"),
            >= 15 and <= 20 => Obs.Faults("amount", "merchant"),
            > 20 and <= 25 => Obs.Fault("merchant"),
            _ => Obs.Clean,
        };
        h.Run(0, 30);

        var fallbacks = h.Of(AgentAction.Fallback);
        fallbacks.Count.ShouldBe(3);
        fallbacks[0].ExcludedFeatures.ShouldBe(["amount"]);
        fallbacks[1].ExcludedFeatures.ShouldBe(["amount", "merchant"], ignoreOrder: true);
        // amount is clean again from 21: the fallback narrows to one without merchant only (it reads amount again).
        fallbacks[2].ExcludedFeatures.ShouldBe(["merchant"]);
        fallbacks[2].Reason.ShouldBe("narrow the fallback: amount clean again for 1 batch(es), merchant still faulty: serve a fallback without only merchant");
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 15, 21]);

        // A fault on a feature the serving fallback already leaves out asks for nothing new.
        h.Decisions.Where(d => d.Batch is > 15 and <= 20 or > 21 and <= 25).ShouldAllBe(d => d.Requests.All(r => r.Action != AgentAction.Fallback));
        BatchesOf(h, AgentAction.Restore).ShouldBe([26]);
        h.Agent.State.Mode.ShouldBe(ServingMode.Champion);
    }

    [Fact]
    public void ANarrowedFallbackTheHostCannotBuild_KeepsTheServingFallback()
    {
        // The fallback without amount and merchant serves; amount clears. The host has no fallback without merchant
        // only: the narrowing fails. The wider fallback still serves safe answers: it must go on serving (before,
        // the failure was taken as "no fallback at all" and the model was disabled, abstaining on every row).
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 15 => Obs.Faults("amount", "merchant"),
            >= 15 and < 25 => Obs.Fault("merchant"),
            _ => Obs.Clean,
        };
        h.FallbackFails = r => r.ExcludedFeatures.Count == 1;
        h.Run(0, 24);

        h.Of(AgentAction.Disable).ShouldBeEmpty();
        h.Agent.State.Mode.ShouldBe(ServingMode.Fallback);
        h.Agent.State.Memory.FallbackExcludes.ShouldBe(["amount", "merchant"], ignoreOrder: true);
        h.Of(AgentAction.Fallback).Count(r => r.ExcludedFeatures.Count == 1).ShouldBe(1, "a narrowing the host cannot build is not asked for again and again");
    }

    [Fact]
    public void ANarrowingAPersonRefused_IsNotAskedForAgainEveryBatch()
    {
        // Approval mode: the fallbacks for the faults are approved, the narrowing once amount clears is refused. The
        // wider fallback serves on; before, the narrowing was asked for again at every faulty batch after the refusal.
        var policy = DefaultPolicy.Create();
        policy = policy with { Guards = policy.Guards with { ApprovalMode = true, ApprovalRisk = RiskLevel.Medium } };
        var h = new AgentHarness(policy)
        {
            Observation = b => b switch
            {
                >= 10 and < 15 => Obs.Faults("amount", "merchant"),
                >= 15 and < 25 => Obs.Fault("merchant"),
                _ => Obs.Clean,
            },
        };
        var asked = 0;
        for (var b = 0; b <= 24; b++)
        {
            h.Step(b);
            foreach (var pending in h.Agent.State.Memory.PendingApprovals.ToList())
            {
                var narrowing = pending.Request.Reason.StartsWith("narrow the fallback", StringComparison.Ordinal);
                asked += narrowing ? 1 : 0;
                var answer = h.Agent.Handle(new Core.Agent.Messages.ApprovalGiven(AgentHarness.TimeOf(b), pending.Request.RequestId, !narrowing, "ops"), h.Context);
                h.Execute(answer.Requests, b, []);
            }
        }

        h.Agent.State.Mode.ShouldBe(ServingMode.Fallback);
        asked.ShouldBe(1);
        h.Agent.State.Memory.FallbackExcludes.ShouldBe(["amount", "merchant"], ignoreOrder: true);
    }

    [Fact]
    public void ANarrowing_KeepsTheFallbackCooldown()
    {
        // A policy with a 10-hour fallback cooldown (hourly batches): the narrowing is a fallback like any other and
        // waits for it (before, it came 5 batches after the first, the cooldown ignored).
        var policy = DefaultPolicy.Create();
        policy = policy with { Guards = policy.Guards with { CooldownMinutes = new Dictionary<AgentAction, double>(policy.Guards.CooldownMinutes) { [AgentAction.Fallback] = 600 } } };
        var h = new AgentHarness(policy)
        {
            Observation = b => b switch
            {
                >= 10 and < 15 => Obs.Faults("amount", "merchant"),
                >= 15 and < 30 => Obs.Fault("merchant"),
                _ => Obs.Clean,
            },
        };
        h.Run(0, 29);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 20]);
        h.Of(AgentAction.Fallback)[1].ExcludedFeatures.ShouldBe(["merchant"]);
    }

    [Fact]
    public void ThreeFaultsClearingOneByOne_NarrowTheFallbackStepByStep()
    {
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 15 => Obs.Faults("amount", "merchant", "hour"),
            >= 15 and < 20 => Obs.Faults("merchant", "hour"),
            >= 20 and < 25 => Obs.Fault("hour"),
            _ => Obs.Clean,
        };
        h.Run(0, 30);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 15, 20]);
        h.Of(AgentAction.Fallback)[1].ExcludedFeatures.ShouldBe(["hour", "merchant"]);
        h.Of(AgentAction.Fallback)[2].ExcludedFeatures.ShouldBe(["hour"]);
        BatchesOf(h, AgentAction.Restore).ShouldBe([25]);
        h.Of(AgentAction.Disable).ShouldBeEmpty();
    }

    [Fact]
    public void AClearedFaultThatFlickers_DoesNotSwapTheFallbackEveryBatch()
    {
        // merchant stays faulty 10–29; amount is faulty every other batch. Each clean amount batch narrowed the
        // fallback, each faulty one widened it again: a new fallback model every batch. A narrowing whose cleared
        // feature is back at once is a relapse, and the wait before the next one grows as a restore's does.
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 30 when b % 2 == 0 => Obs.Faults("amount", "merchant"),
            >= 10 and < 30 => Obs.Fault("merchant"),
            _ => Obs.Clean,
        };
        h.Run(0, 35);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 11, 12]); // one narrowing, its relapse; then the wait of 2 never passes
    }

    [Fact]
    public void NarrowingRelapses_EndWithTheirEpisode()
    {
        // The flicker of 10–29 makes the narrowing wait 2; after the restore at 30 a later, steady episode narrows
        // after the usual 1 batch again.
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 30 when b % 2 == 0 => Obs.Faults("amount", "merchant"),
            >= 10 and < 30 => Obs.Fault("merchant"),
            >= 50 and < 55 => Obs.Faults("amount", "merchant"),
            >= 55 and < 60 => Obs.Fault("merchant"),
            _ => Obs.Clean,
        };
        h.Run(0, 65);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 11, 12, 50, 55]);
    }

    [Fact]
    public void ANarrowedFallback_WidensAgain_WhenTheClearedFaultComesBack()
    {
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 15 => Obs.Faults("amount", "merchant"),
            >= 15 and < 18 => Obs.Fault("merchant"),
            >= 18 and <= 22 => Obs.Faults("amount", "merchant"),
            _ => Obs.Clean,
        };
        h.Run(0, 30);

        var fallbacks = h.Of(AgentAction.Fallback);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10, 15, 18]);
        fallbacks[1].ExcludedFeatures.ShouldBe(["merchant"]);
        fallbacks[2].ExcludedFeatures.ShouldBe(["amount", "merchant"], ignoreOrder: true);
        BatchesOf(h, AgentAction.Restore).ShouldBe([23]);
    }

    [Fact]
    public void AFallbackForOneFault_IsNotNarrowed()
    {
        var h = Default();
        h.Observation = b => b is >= 10 and < 20 ? Obs.Fault("amount") : Obs.Clean;
        h.Run(0, 25);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10]);
        BatchesOf(h, AgentAction.Restore).ShouldBe([20]);
    }

    [Fact]
    public void AFaultDuringVerification_IsWaitedOut_NotCountedAgainstThePromotion()
    {
        // A concept change at 10 is recovered by a promotion; a long fault starts at once, so the promoted
        // version never serves a clean batch until the fault clears at 30. The label-free estimate of the
        // faulty batches (0.6) is not the promoted version's doing.
        var h = Default(delay: 2);
        h.Accuracy = (b, v) => b >= 10 && v == "v1" ? 0.6 : 0.9;
        var promoted = -1L;
        h.Observation = b => promoted >= 0 && b > promoted && b < 30 ? Obs.Fault() : Obs.Clean;
        for (var b = 0L; b <= 45; b++)
        {
            var d = h.Step(b);
            if (promoted < 0 && d.FollowUps.Any(f => f.Action == AgentAction.Promote))
            {
                promoted = b;
            }
        }

        var trace = string.Join("\n", h.Decisions.Select(d => $"{d.Batch} {d.Action}: {d.Reason} | verification {d.Verification?.Status} {d.Verification?.Action}"));
        promoted.ShouldBeGreaterThan(10, trace);
        h.Of(AgentAction.Rollback).ShouldBeEmpty(trace);
        h.Of(AgentAction.Escalate).ShouldBeEmpty(trace);

        // The promotion's verification goes on through the fault and the restore, and is judged on the
        // promoted version's own labeled batches after it, not on the estimate of the faulty ones; the
        // promoted version becomes last known good (a later consolidation may retrain it once more).
        var verdict = h.Decisions.Select(d => d.Verification).Single(v => v is { Status: not Core.Agent.Verification.VerificationStatus.Pending, Action: "promote" });
        verdict!.Status.ShouldBe(Core.Agent.Verification.VerificationStatus.Succeeded, trace);
        verdict.Estimated.ShouldBeFalse(trace);
        verdict.Observed!.Value.ShouldBe(0.9, 1e-9);
        h.Decisions.First(d => d.Verification == verdict).Batch.ShouldBeGreaterThan(30);
        h.Agent.State.Versions.LastKnownGood.ShouldNotBe("v1");
        h.Agent.State.Versions.Champion.ShouldNotBe("v1");
    }

    [Fact]
    public void ALongMaxWait_StillEndsAVerification_PastTheBoundedHistory()
    {
        // Labels never arrive; a fault at 10–12 is answered by fallback and restore, and the restore is judged
        // on the label-free estimate after max_wait_batches judgeable batches — more than the 64 batches of
        // history the agent keeps, which once capped the count and left the verification pending for ever.
        var policy = DefaultPolicy.Create();
        policy = policy with { Verification = policy.Verification with { MaxWaitBatches = 100 } };
        var h = new AgentHarness(policy, labelDelay: 1000) { Observation = b => b is >= 10 and <= 12 ? Obs.Fault() : Obs.Clean };
        h.Run(0, 130);

        BatchesOf(h, AgentAction.Restore).ShouldBe([13]);
        var judged = h.Decisions.Where(d => d.Verification is { Status: not Core.Agent.Verification.VerificationStatus.Pending }).ToList();
        var verdict = judged.ShouldHaveSingleItem();
        verdict.Batch.ShouldBe(114, "100 batches after the restore at 13 had to pass first");
        verdict.Verification!.Estimated.ShouldBeTrue();
        verdict.Verification.Status.ShouldBe(Core.Agent.Verification.VerificationStatus.Succeeded);
        h.Agent.State.Verification.ShouldBeNull();
    }

    [Fact]
    public void InApprovalMode_OneFallbackWaits_AndOnceApprovedItKnowsWhatItLeavesOut()
    {
        var policy = DefaultPolicy.Create();
        policy = policy with { Guards = policy.Guards with { ApprovalMode = true, ApprovalRisk = RiskLevel.Medium } };
        var h = new AgentHarness(policy) { Observation = b => b is >= 10 and <= 20 ? Obs.Fault() : Obs.Clean };
        h.Run(0, 12);

        // Before: a new fallback was queued for approval on every faulty batch.
        var waiting = h.Agent.State.Memory.PendingApprovals.ShouldHaveSingleItem();
        waiting.Request.Action.ShouldBe(AgentAction.Fallback);
        h.Decisions.Where(d => d.Batch is 11 or 12).ShouldAllBe(d => d.Alternatives.Any(a => a.Action == AgentAction.Fallback && a.RejectedBecause.Contains("a fallback already waits for approval", StringComparison.Ordinal)));

        var approved = h.Agent.Handle(new Core.Agent.Messages.ApprovalGiven(AgentHarness.TimeOf(12), waiting.Request.RequestId, true, "ops"), h.Context);
        var followUps = new List<Core.Agent.Audit.AgentDecision>();
        h.Execute(approved.Requests, 12, followUps);
        h.Agent.State.Mode.ShouldBe(ServingMode.Fallback);
        h.Agent.State.Memory.FallbackExcludes.ShouldBe(["amount"]);

        // Serving that fallback, the same fault asks for nothing more.
        h.Run(13, 20);
        h.Agent.State.Memory.PendingApprovals.ShouldNotContain(p => p.Request.Action == AgentAction.Fallback);
    }

    [Fact]
    public void ASecondFallbackThatCannotBeBuilt_FailsClosed()
    {
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and < 14 => Obs.Fault("amount"),
            >= 14 and <= 20 => Obs.Faults("amount", "merchant"),
            _ => Obs.Clean,
        };
        h.Run(0, 13);
        h.Agent.State.Mode.ShouldBe(ServingMode.Fallback);

        h.Monitor.Next = Obs.Faults("amount", "merchant");
        h.Agent.Handle(new Core.Agent.Messages.PredictionBatch(AgentHarness.TimeOf(14), 14, "fallback-amount", ["a"], new Core.Data.DataFrame([Core.Data.Column.Numeric("x", [1])]), [0.9, 0.1], 2), h.Context);
        var tick = h.Agent.Handle(new Core.Agent.Messages.Tick(AgentHarness.TimeOf(14), 14), h.Context);
        var second = tick.Requests.ShouldHaveSingleItem();
        second.Action.ShouldBe(AgentAction.Fallback);
        var failed = h.Agent.Handle(new Core.Agent.Messages.ActionApplied(AgentHarness.TimeOf(14), second.RequestId, AgentAction.Fallback, false, "fallback-amount", "every feature is faulty"), h.Context);
        failed.Requests.ShouldHaveSingleItem().Action.ShouldBe(AgentAction.Disable);
    }

    [Fact]
    public void AScaleChangeAlone_IsAFault_ButWithTwoOtherFeaturesDrifting_ItIsANewRegion()
    {
        var alone = Default();
        alone.Observation = b => b is >= 10 and <= 14 ? Obs.Scaled("amount") : Obs.Clean;
        alone.Run(0, 20);
        BatchesOf(alone, AgentAction.Fallback).ShouldBe([10]);
        alone.Of(AgentAction.Fallback).Single().ExcludedFeatures.ShouldBe(["amount"]);
        alone.Agent.State.Memory.FaultyBatches.ShouldBe([10, 11, 12, 13, 14]);

        // One other feature drifting with it may be chance; two mean the inputs moved together: new traffic.
        var oneOther = Default();
        oneOther.Observation = b => b is >= 10 and <= 14 ? Obs.Scaled("amount", "merchant") : Obs.Clean;
        oneOther.Run(0, 20);
        BatchesOf(oneOther, AgentAction.Fallback).ShouldBe([10]);

        var world = Default();
        world.Observation = b => b is >= 10 and <= 14 ? Obs.Scaled("amount", "merchant", "hour") : Obs.Clean;
        world.Run(0, 20);
        world.Of(AgentAction.Fallback).ShouldBeEmpty();
        world.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
        world.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 14).ShouldAllBe(b => b.NewRegion && !b.QualityFault);
    }

    [Fact]
    public void WhileTheFallbackLeavesAColumnOut_ItsValuesOutOfRange_AreTheFaultGoingOn_NotANewRegion()
    {
        // A unit change the checker names in most batches but not all (×1.8 read as nautical miles in 9 of 10):
        // the batch where it is not named still has 40 % of the column out of range, which alone reads as a new
        // region. Restoring there swapped the model back, and the next batch fell back again.
        var h = Default();
        h.Observation = b => b switch
        {
            >= 10 and <= 19 when b == 13 => Obs.PartlyOutOfRange("amount"),
            >= 10 and <= 19 => Obs.Scaled("amount"),
            _ => Obs.Clean,
        };
        h.Run(0, 25);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10]);
        BatchesOf(h, AgentAction.Restore).ShouldBe([20]);
        h.Agent.State.Memory.FaultyBatches.ShouldContain(13);

        // The same finding with no fallback serving is still a new region: new inputs, not a broken feed.
        var fresh = Default();
        fresh.Observation = b => b is >= 10 and <= 12 ? Obs.PartlyOutOfRange("amount") : Obs.Clean;
        fresh.Run(0, 20);
        fresh.Of(AgentAction.Fallback).ShouldBeEmpty();
        fresh.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 12).ShouldAllBe(b => b.NewRegion && !b.QualityFault);
    }

    [Fact]
    public void ANamedUnitConversion_IsAFault_WhenSudden_ButNotAtTheEndOfADrift()
    {
        var sudden = Default();
        sudden.Observation = b => b is >= 10 and <= 19 ? Obs.Converted("amount") : Obs.Clean;
        sudden.Run(0, 25);
        BatchesOf(sudden, AgentAction.Fallback).ShouldBe([10]);
        BatchesOf(sudden, AgentAction.Restore).ShouldBe([20]);
        sudden.Agent.State.Memory.FaultyBatches.ShouldBe([.. Enumerable.Range(10, 10).Select(b => (long)b)]);

        // One batch of drift before it may be the onset the check did not name: still sudden.
        var missedOnset = Default();
        missedOnset.Observation = b => b switch { 10 => Obs.DriftedOn("amount"), >= 11 and <= 19 => Obs.Converted("amount"), _ => Obs.Clean };
        missedOnset.Run(0, 25);
        BatchesOf(missedOnset, AgentAction.Fallback).ShouldBe([11]);

        // A column that drifted for six batches and then looks converted got there by drifting (a world that
        // rescales salaries by 1.5, taken now and then for miles to kilometres): not a fault, nothing falls back.
        var ramp = Default();
        ramp.Observation = b => b switch { >= 10 and <= 15 => Obs.DriftedOn("amount"), >= 16 and <= 30 => b % 3 == 0 ? Obs.Converted("amount") : Obs.DriftedOn("amount"), _ => Obs.Clean };
        ramp.Run(0, 35);
        ramp.Of(AgentAction.Fallback).ShouldBeEmpty();
        ramp.Agent.State.Memory.FaultyBatches.ShouldBeEmpty();
    }

    [Fact]
    public void WhileTheFallbackLeavesOutAColumnThatChangedUnits_ItsDriftIsTheFaultGoingOn()
    {
        // A lb → kg change named in most batches but not in 13 (the ventiles missed the factor by more than 6 %,
        // about one 300-row batch in ten): only the column's drift is left, nothing out of range. Restoring there
        // served the champion on kilograms, and from then on the column had drifted for batches, so every later
        // naming read as a world that got there by drifting: retrained and promoted on kilograms (twin, SEA x1
        // ×0.4536 in batches 20–34 of 300 rows: fallback 20, restore 24, retrains 28 and 32).
        var h = Default();
        h.Observation = b => b switch
        {
            13 => Obs.DriftedOn("amount"),
            >= 10 and <= 19 => Obs.Converted("amount"),
            _ => Obs.Clean,
        };
        h.Run(0, 25);
        BatchesOf(h, AgentAction.Fallback).ShouldBe([10]);
        BatchesOf(h, AgentAction.Restore).ShouldBe([20]);
        h.Agent.State.Memory.FaultyBatches.ShouldContain(13);

        // A column that goes on drifting once the conversion is no longer named (the world moved it after the unit
        // was fixed) is not held out for ever: three batches of drift alone, then the champion serves again.
        var moved = Default();
        moved.Observation = b => b switch { >= 10 and <= 19 => Obs.Converted("amount"), >= 20 and <= 30 => Obs.DriftedOn("amount"), _ => Obs.Clean };
        moved.Run(0, 35);
        BatchesOf(moved, AgentAction.Fallback).ShouldBe([10]);
        BatchesOf(moved, AgentAction.Restore).ShouldBe([23]);

        // A column left out for another fault (stuck, missing) that drifts once the feed is back is restored as before.
        var other = Default();
        other.Observation = b => b switch { >= 10 and <= 12 => Obs.Faults("amount"), >= 13 and <= 16 => Obs.DriftedOn("amount"), _ => Obs.Clean };
        other.Run(0, 20);
        BatchesOf(other, AgentAction.Restore).ShouldBe([13]);
    }

    [Fact]
    public void AUnitChangeStaysAFault_WhileItGoesOn_AlsoWhenNoFallbackServes()
    {
        // Approval mode: the fallback waits for a person. From the third batch the column had drifted for two, so the
        // conversion still named in every batch read as a world that got there by drifting: the batches were no
        // longer faulty and the agent retrained on the new unit (twin unit-change-miles with approval_mode, approval_risk
        // medium: pending fallback at 20, retrains at 24, 26, 28 on x1 in kilometres).
        var policy = DefaultPolicy.Create();
        policy = policy with { Guards = policy.Guards with { ApprovalMode = true, ApprovalRisk = RiskLevel.Medium } };
        var h = new AgentHarness(policy) { Observation = b => b is >= 10 and <= 19 ? Obs.Converted("amount") : Obs.Clean };
        h.Run(0, 25);
        h.Decisions.Single(d => d.Batch == 10).Action.ShouldBe(AgentAction.PendingApproval);
        h.Agent.State.Memory.FaultyBatches.ShouldBe([.. Enumerable.Range(10, 10).Select(b => (long)b)]);
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 19).ShouldAllBe(b => b.QualityFault);
    }
}
