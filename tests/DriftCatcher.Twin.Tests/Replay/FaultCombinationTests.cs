using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// Faults combined with other faults, with drift and with the agent's own actions
/// (data/scenarios/faults/, from an adversarial probe), replayed end to end: GBT, label delay 2, default policy.
/// </summary>
public sealed class FaultCombinationTests
{
    private static ReplayResult Run(string name) => ReplayFixture.ReplayShipped("faults", name + ".json");

    private static IEnumerable<ActionRecord> Of(ReplayResult run, string action) => run.Actions.Where(a => a.Action == action);

    [Fact]
    public void AUnitChangeInsideTheReferenceRange_IsAFault_AtOnce_AndNeverTrainedOn()
    {
        var run = Run("unit-shrink-in-range");
        var none = ReplayFixture.Replay(ReplayFixture.GenerateFile(ReplayFixture.RepoFile("data", "scenarios", "faults", "unit-shrink-in-range.json")), AgentPolicy.NoAction, 2, "gbt");
        var fault = run.Decisions.Single(d => d.Batch == 15).Findings.Where(f => f.Code == "scale_change").ShouldHaveSingleItem();
        fault.Subject.ShouldBe("x4");
        fault.Evidence["factor"].ShouldBe(0.01, 0.002);
        Of(run, "fallback").Single().Batch.ShouldBe(15);
        Of(run, "restore").Single().Batch.ShouldBe(25);
        run.Actions.ShouldNotContain(a => a.Action == "retrain" || a.Action == "promote");

        // Before: two retrains on the shrunken x4, then 15 fallback/restore switches on clean data, MAE 2.386
        // against 1.971 for doing nothing.
        run.Mae.ShouldBeLessThan(none.Mae);
    }

    [Fact]
    public void AUnitChangeByANamedFactor_MilesToKilometres_IsAFault_AtOnce_AndNeverTrainedOn()
    {
        var run = Run("unit-change-miles");
        foreach (var batch in Enumerable.Range(20, 10))
        {
            var fault = run.Decisions.Single(d => d.Batch == batch).Findings.Where(f => f.Code == "scale_change").ShouldHaveSingleItem();
            fault.Subject.ShouldBe("x1");
            fault.Message.ShouldContain("mi → km");
        }

        Of(run, "fallback").Single().Batch.ShouldBe(20);

        // The fallback without x1 answers the converted rows worse than the champion reading x1 in kilometres: once
        // the labels of 20 (champion) and 21 (fallback) are in, the champion serves through the fault (before: the
        // fallback served to 30, accuracy 0.8328 against 0.8615 for doing nothing).
        var restore = Of(run, "restore").Single();
        restore.Batch.ShouldBe(23);
        restore.Reason.ShouldStartWith("the fault goes on, but the champion answers it better than the fallback without x1: accuracy 0.81");
        run.FinalState.Memory.FaultyBatches.ShouldBe([.. Enumerable.Range(20, 10).Select(b => (long)b)]);
        Enumerable.Range(24, 6).Average(b => run.BatchAccuracy[b]).ShouldBeGreaterThan(Enumerable.Range(21, 3).Average(b => run.BatchAccuracy[b]) + 0.05);

        // Before: covariate drift, retrains on x1 in kilometres at 22 and 26 (windows [16, 20] and [20, 24]), both
        // promoted, and a third retrain once the unit was fixed.
        run.Actions.ShouldNotContain(a => a.Action == "retrain" || a.Action == "promote");
        var before = Enumerable.Range(10, 10).Average(b => run.BatchAccuracy[b]);
        var after = Enumerable.Range(30, 10).Average(b => run.BatchAccuracy[b]);
        after.ShouldBeGreaterThan(before - 0.03);
    }

    [Fact]
    public void AUnitChangeThatShrinksInsideTheRange_PoundsToKilograms_IsAFault_AndNeverTrainedOn()
    {
        var run = Run("unit-change-pounds");
        var fault = run.Decisions.Single(d => d.Batch == 15).Findings.Where(f => f.Code == "scale_change").ShouldHaveSingleItem();
        fault.Subject.ShouldBe("x4");
        fault.Message.ShouldContain("lb → kg");
        fault.Evidence["factor"].ShouldBe(0.45359237, 1e-9);
        Of(run, "fallback").Single().Batch.ShouldBe(15);
        Of(run, "restore").Single().Batch.ShouldBe(25);

        // A regression gate's numbers are MAEs, lower is better: "passed the gate: 1.117 against the champion's 1.146"
        // named neither, and read as a score the candidate lost.
        Of(run, "promote").Single().Reason.ShouldBe("candidate v2 trained on batches 7..11 (2400 rows) passed the gate: MAE 1.117 against the champion's 1.146 on the same held-out rows");
        run.Actions.Where(a => a.TrainingBatches is not null).ShouldAllBe(a => a.TrainingBatches![1] < 15 || a.TrainingBatches[0] > 24);
        run.Actions.ShouldNotContain(a => a.Batch >= 15 && (a.Action == "retrain" || a.Action == "promote"));

        // The promotion at 13 is verified on v2's judgeable batches: with a window of 2 (a regression model's was 2
        // before session 15, mae_window_batches) 14, then (15 faulty, 16-25 the fallback) 26. Its window said
        // "batches 14..26", thirteen batches for two; and its verdict "succeeded: MAE 1.009 against baseline 0.942"
        // gave no reason and left out that the prior did better on the same rows. The default judges batch 14 alone.
        run.Decisions.SelectMany(d => d.FollowUps.Prepend(d))
            .First(d => d.Verification is { Action: "promote", Status: Core.Agent.Verification.VerificationStatus.Succeeded })
            .Verification!.Window.ShouldBe("batches 14..14");
        var policy = DefaultPolicy.Create();
        run = ReplayFixture.Replay(ReplayFixture.GenerateFile(ReplayFixture.RepoFile("data", "scenarios", "faults", "unit-change-pounds.json")),
            policy with { Verification = policy.Verification with { MaeWindowBatches = 2 } }, 2, "gbt");
        var verified = run.Decisions.SelectMany(d => d.FollowUps.Prepend(d))
            .First(d => d.Verification is { Action: "promote", Status: Core.Agent.Verification.VerificationStatus.Succeeded });
        verified.Verification!.Window.ShouldBe("batches 14, 26");
        verified.Reason.ShouldStartWith("verification of the promote succeeded: MAE 1.009 against baseline 0.942 (recovered ");
        verified.Reason.ShouldContain("; on the same 1000 labeled rows the prior v1 scored MAE 0.925");
    }

    [Fact]
    public void ALabelFeedThatWritesAKnownClassAnotherWay_IsToldAsALabelFault_AndNothingLearnsFromIt()
    {
        var run = Run("label-respelled");
        var none = ReplayFixture.Replay(ReplayFixture.GenerateFile(ReplayFixture.RepoFile("data", "scenarios", "faults", "label-respelled.json")), AgentPolicy.NoAction, 2, "gbt");

        // Before: 'benign' was a new class, realized accuracy fell to 0.103 from batch 15, and the agent retrained on
        // batch 15 and promoted at 17, again at 22, and rolled back at 27 (accuracy 0.7589, none 0.6995).
        var alert = Of(run, "alert").ShouldHaveSingleItem();
        alert.Batch.ShouldBe(17);
        alert.Reason.ShouldContain("Evidence: 'benign' for the class 'BENIGN' in");
        alert.Reason.ShouldContain("labels of batch 15");
        run.Actions.ShouldHaveSingleItem("nothing but the alert: the model is not the problem");
        run.FinalState.Memory.FaultyBatches.ShouldBe(Enumerable.Range(15, 10).Select(b => (long)b));
        run.Decisions.Where(d => d.Batch is >= 17 and <= 26).ShouldAllBe(d => d.Findings.Any(f => f.Code == "label_respelled"));
        run.Accuracy.ShouldBe(none.Accuracy);
        run.Accuracy.ShouldBeGreaterThan(0.99);
    }

    [Fact]
    public void ARegressionLabelFeedThatChangesUnits_IsToldAsALabelFault_AndNothingLearnsFromIt()
    {
        var (data, run) = ReplayFixture.Shipped("faults", "label-unit-change.json");
        var none = ReplayFixture.Replay(data, AgentPolicy.NoAction, 2, "gbt");
        var periodic = ReplayFixture.Replay(data, AgentPolicy.Periodic(1), 2, "gbt");

        // Before: the labels of batch 20, a thousand times too large, read as MAE 14 638 against 1.18; the agent retrained
        // on batch 21 and promoted at 23 and 26, models answering in thousands, served until 29 (6 model changes).
        var alert = Of(run, "alert").ShouldHaveSingleItem();
        alert.Batch.ShouldBe(22);
        alert.Reason.ShouldContain("Evidence: scale_change in the labels of batch 20 (500 labels not used): 'label': every quartile is");
        run.FinalState.Memory.FaultyBatches.ShouldBe(Enumerable.Range(20, 5).Select(b => (long)b));
        run.Decisions.Single(d => d.Batch == 22).Findings.ShouldContain(f => f.Code == "scale_change" && f.Subject == "label");
        run.Actions.Where(a => a.TrainingBatches is not null).ShouldAllBe(a => a.TrainingBatches![1] < 20 || a.TrainingBatches[0] > 24);
        run.Actions.ShouldNotContain(a => a.Batch >= 21 && a.Batch <= 31 && a.Action != "alert", "no model change caused by the faulty labels");

        // The run is scored on the true targets: the concept change is answered, the label fault costs nothing.
        run.Mae.ShouldBeLessThan(none.Mae * 0.6);
        run.Mae.ShouldBeLessThan(periodic.Mae, "retraining every batch learns the thousandfold labels");
        Enumerable.Range(20, 5).Max(b => run.BatchMae[b]).ShouldBeLessThan(2, "scored on the true targets, not the written ones");
    }

    [Fact]
    public void AClassLabelFeedStuckOnBenign_IsToldAsALabelFault_AndNothingLearnsFromIt()
    {
        // Before: the stuck labels read as concept drift (accuracy 0.811 against 0.999); the agent retrained on batches
        // 13..15 and promoted a model that missed 511 of the 2 407 attacks after batch 17 (true accuracy 0.9826).
        var (data, run) = ReplayFixture.Shipped("faults", "label-stuck.json");
        ShouldBeToldOnlyOfItsLabels(data, run, "constant_column", "every one of 1000 labels is 'BENIGN', yet the model called");
    }

    [Fact]
    public void AClassLabelFeedThatSwappedTwoAttacks_IsToldAsALabelFault_AndNothingLearnsFromIt()
    {
        var (data, run) = ReplayFixture.Shipped("faults", "label-swapped.json");
        ShouldBeToldOnlyOfItsLabels(data, run, "swapped_classes", "the labels disagree with the model on");

        // Without the check: the swapped labels read as concept drift (accuracy 0.807 against 1.000); the agent promoted
        // a model that learned DDoS as PortScan and PortScan as DDoS at 17 (true accuracy 0.9311, 3 model changes).
        var policy = DefaultPolicy.Create();
        var withoutCheck = ReplayFixture.Replay(data, policy with { Detection = policy.Detection with { SwappedClassCheck = false } }, 2, "gbt");
        withoutCheck.Actions.Where(a => a.Action == "promote").ShouldNotBeEmpty();
        withoutCheck.Accuracy.ShouldBeLessThan(0.95);
    }

    [Fact]
    public void AClassLabelFeedThatRenamedAnAttack_IsToldAsALabelFault_AndNothingLearnsFromIt()
    {
        var (data, run) = ReplayFixture.Shipped("faults", "label-renamed.json");
        ShouldBeToldOnlyOfItsLabels(data, run, "renamed_class", "the labels disagree with the model on 99 of 1000 rows");
        run.Actions.Single().Reason.ShouldContain("99 rows the model calls 'DDoS' are labeled 'DDoS-LOIC', a class no held-out row had, and 0 rows are labeled 'DDoS'");

        // Without the check: DDoS-LOIC reads as a new attack type; the agent promoted a model that calls DDoS flows
        // DDoS-LOIC (true accuracy 0.9659, 3 model changes).
        var policy = DefaultPolicy.Create();
        var withoutCheck = ReplayFixture.Replay(data, policy with { Detection = policy.Detection with { SwappedClassCheck = false } }, 2, "gbt");
        withoutCheck.Actions.Where(a => a.Action == "promote").ShouldNotBeEmpty();
        withoutCheck.Accuracy.ShouldBeLessThan(0.98);
    }

    /// <summary>A class label feed wrong in batches 15–24 of a stream without drift: one alert at 17 with the finding <paramref name="code"/>, those batches flagged, nothing else done, and the accuracy on the true classes that of policy none.</summary>
    private static void ShouldBeToldOnlyOfItsLabels((Core.Data.DataFrame Train, Core.Data.DataFrame Stream, Twin.Scenarios.ScenarioTruth Truth) data, ReplayResult run, string code, string evidence)
    {
        var alert = Of(run, "alert").ShouldHaveSingleItem();
        alert.Batch.ShouldBe(17);
        alert.Reason.ShouldContain($"Evidence: {code} in the labels of batch 15 (1000 labels not used): {evidence}");
        run.Actions.ShouldHaveSingleItem("nothing but the alert: the model is not the problem");
        run.FinalState.Memory.FaultyBatches.ShouldBe(Enumerable.Range(15, 10).Select(b => (long)b));
        run.Decisions.Single(d => d.Batch == 17).Findings.ShouldContain(f => f.Code == code && f.Subject == "label");

        // Scored on the true classes: the faulty feed costs nothing.
        var none = ReplayFixture.Replay(data, AgentPolicy.NoAction, 2, "gbt");
        run.Accuracy.ShouldBe(none.Accuracy);
        run.Accuracy.ShouldBeGreaterThan(0.99);
    }

    [Fact]
    public void ANewAttackThatStretchesSeveralColumnsAlike_IsANewRegion_NotAUnitChange()
    {
        var run = Run("not-a-fault-slow-dos");

        // Flow IAT Min's quartiles move by about ten in some attack batches, with many other columns: the agent
        // retrains on the new traffic. Taken for a unit change it fell back and flapped (accuracy 0.8217).
        run.Decisions.SelectMany(d => d.Findings).ShouldContain(f => f.Code == "scale_change", "the quality check still reports the pattern");
        run.Actions.ShouldNotContain(a => a.Action == "fallback" || a.Action == "disable");
        Of(run, "promote").First().Batch.ShouldBe(12);
        run.Accuracy.ShouldBeGreaterThan(0.88);
    }

    [Fact]
    public void AFaultThatComesAndGoes_IsSatOutInTheFallback_AndAPersonIsTold()
    {
        var run = Run("intermittent-stuck");

        // Before: fallback at every faulty batch, restore at every clean one, 12 switches in 12 batches.
        Of(run, "fallback").Select(a => a.Batch).ShouldBe([10, 12, 14]);
        Of(run, "restore").Select(a => a.Batch).ShouldBe([11, 13, 22]);
        var escalate = Of(run, "escalate").ShouldHaveSingleItem();
        escalate.Batch.ShouldBe(14);
        escalate.Reason.ShouldContain("the fault came back in the first batch after each of the last 2 restores");
    }

    [Fact]
    public void ASecondFaultWhileAFallbackServes_GetsAFallbackWithoutBothColumns_ThenNarrowsWhenTheFirstClears()
    {
        var run = Run("second-fault-in-fallback");
        var fallbacks = run.Decisions.SelectMany(d => d.Requests).Where(r => r.Action == AgentAction.Fallback).ToList();
        fallbacks.Count.ShouldBe(3);
        fallbacks[0].ExcludedFeatures.ShouldBe(["x1"]);
        fallbacks[1].ExcludedFeatures.ShouldBe(["x1", "x3"], ignoreOrder: true);
        fallbacks[2].ExcludedFeatures.ShouldBe(["x3"]); // x1 is clean again from 19 (stuck in 10–18)
        Of(run, "fallback").Select(a => a.Batch).ShouldBe([10, 14, 19]);
        Of(run, "restore").Single().Batch.ShouldBe(23);

        // The fallback that does not read x3 answers the batches where x3 is missing better than the one that
        // reads it, and the one that reads x1 again better still once x1 is clean (measured MAE 1.4499 overall;
        // 1.5519 without narrowing, 1.5844 with the first fallback kept).
        run.Mae.ShouldBeLessThan(1.50);
    }

    [Fact]
    public void AFaultRightAfterARecovery_DoesNotRevertIt_OnTheFaultyBatchesEstimate()
    {
        var run = Run("fault-during-verification");
        var promote = Of(run, "promote").First();
        promote.Batch.ShouldBe(17);
        Of(run, "rollback").ShouldBeEmpty();
        Of(run, "escalate").ShouldBeEmpty();
        Of(run, "restore").Single().VersionAfter.ShouldBe(promote.VersionAfter);
        var verdict = run.Decisions.Select(d => d.Verification).Single(v => v is { Status: not Core.Agent.Verification.VerificationStatus.Pending, Action: "promote" });
        verdict!.Status.ShouldBe(Core.Agent.Verification.VerificationStatus.Succeeded);
        verdict.Estimated.ShouldBeFalse();
    }
}
