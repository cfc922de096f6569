using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A data fault that does not clear: the fallback holds the line, but no model ever learns from the faulty rows, so a
/// column that moved for good (hand-made harmless-s2 in bench/foreign: a column pushed wholly out of range from one
/// batch on) would be served by the fallback for ever with nobody told after its first alert.
/// </summary>
public sealed class LastingFaultTests
{
    private static AgentHarness Harness(int lasting = 24) =>
        new(DefaultPolicy.Create() with { Verification = DefaultPolicy.Create().Verification with { LastingFaultBatches = lasting } })
        {
            Observation = _ => Obs.Clean,
        };

    [Fact]
    public void AFaultThatLasts_IsToldToAPersonOnce_AfterLastingFaultBatches_WithoutHoldingTheAgent()
    {
        var h = Harness();
        h.Observation = b => b >= 10 ? Obs.Fault("amount") : Obs.Clean;
        h.Run(0, 60);
        h.Decisions.Single(d => d.Action == AgentAction.Fallback).Batch.ShouldBe(10);
        var told = h.Of(AgentAction.Escalate).ShouldHaveSingleItem();
        told.Reason.ShouldContain("'amount' has lasted 24 batches in a row (since batch 10)");
        told.Reason.ShouldContain("retrain on them by hand");
        h.Decisions.ShouldContain(d => d.Batch == 33 && d.Requests.Any(r => r.Action == AgentAction.Escalate));
        h.Agent.State.Mode.ShouldBe(ServingMode.Fallback);
        h.Agent.State.Incident.ShouldNotBeNull().Status.ShouldNotBe("escalated");
        h.Of(AgentAction.Retrain).ShouldBeEmpty();
    }

    [Fact]
    public void ACleanBatch_EndsTheRun_AndAFaultBackAfterItCountsAfresh()
    {
        var h = Harness();
        h.Observation = b => b is >= 10 and <= 30 || b >= 32 ? Obs.Fault("amount") : Obs.Clean;
        h.Run(0, 60);
        h.Of(AgentAction.Escalate).ShouldHaveSingleItem().Reason.ShouldContain("since batch 32");
    }

    [Fact]
    public void ATimerTickBetweenBatches_DoesNotEndTheRun_SoItIsToldOnce()
    {
        // A tick with no batch of its own sees no fault; it used to end the run, and every later faulty batch told again.
        var h = Harness();
        h.Observation = b => b >= 10 ? Obs.Fault("amount") : Obs.Clean;
        for (long b = 0; b <= 45; b++)
        {
            h.Step(b);
            h.Agent.Handle(new Tick(AgentHarness.TimeOf(b).AddMinutes(30), b + 1), h.Context);
        }

        h.Of(AgentAction.Escalate).ShouldHaveSingleItem().Reason.ShouldContain("lasted 24 batches in a row (since batch 10)");
    }

    [Fact]
    public void BatchesWithRespelledLabels_AreNoDataFault_AndDoNotLengthenTheRun()
    {
        // Respelled labels keep their batches out of training (the faulty-batch list) but the inputs are clean.
        var h = Harness();
        h.Observation = b => b >= 30 ? Obs.Fault("amount") : Obs.Clean;
        h.Respell = (_, k) => k == 0 ? "benign" : null;
        h.Run(0, 60);
        h.Of(AgentAction.Escalate).Where(r => r.Reason.Contains("has lasted", StringComparison.Ordinal))
            .ShouldHaveSingleItem().Reason.ShouldContain("lasted 24 batches in a row (since batch 30)");
    }

    [Fact]
    public void FaultsShorterThanTheSetting_OrASettingOfZero_TellNobody()
    {
        var shortFault = Harness();
        shortFault.Observation = b => b is >= 10 and <= 32 ? Obs.Fault("amount") : Obs.Clean;
        shortFault.Run(0, 40);
        shortFault.Of(AgentAction.Escalate).ShouldBeEmpty();

        var off = Harness(lasting: 0);
        off.Observation = b => b >= 10 ? Obs.Fault("amount") : Obs.Clean;
        off.Run(0, 60);
        off.Of(AgentAction.Escalate).ShouldBeEmpty();
    }
}
