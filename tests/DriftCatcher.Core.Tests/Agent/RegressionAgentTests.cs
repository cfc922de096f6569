using System.Text.Json;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Verification;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

public sealed class RegressionAgentTests
{
    private static RegressionHarness Default(int delay = 1, int rows = 200, int seed = 1) => new(DefaultPolicy.Create(), delay, rows, seed);

    [Theory]
    [InlineData(20, 1)]
    [InlineData(20, 2)]
    [InlineData(50, 3)]
    [InlineData(500, 4)]
    [InlineData(20_000, 5)]
    public void GaussianNoise_NoAlarm_AtSmallAndLargeBatches(int rows, int seed)
    {
        var h = Default(rows: rows, seed: seed);
        h.Run(0, 60);
        h.Requests.ShouldBeEmpty();
        h.Decisions.ShouldAllBe(d => d.IncidentId == null);
    }

    [Theory]
    [InlineData(20, 6)]
    [InlineData(30, 7)]
    [InlineData(5_000, 8)]
    public void HeavyTailedNoise_NoAlarm(int rows, int seed)
    {
        // Laplace errors with the same variance: the absolute errors are exponential, skewed at n = 20.
        var h = Default(rows: rows, seed: seed);
        var laplaceMae = 1 / Math.Sqrt(2);
        h.Agent = new ModelAgent(AgentState.CreateRegression("m", "v1", AgentHarness.Start, laplaceMae, laplaceMae, 1000));
        h.Error = (_, _, rng) => RegressionHarness.Laplace(rng);
        h.Run(0, 60);
        h.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void SmallIncrease_OnHugeBatches_IsBelowTheRelativeFloor_NoAlarm()
    {
        // +5 % MAE is many standard errors at n = 20 000, but under min_mae_increase (10 %): not worth a retrain.
        var h = Default(rows: 20_000, seed: 9);
        h.Error = (b, _, rng) => (b >= 10 ? 1.05 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 30);
        h.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void Degradation_InputsStable_IsConceptDrift_RetrainedWithinDelayPlusTwo_AndVerified()
    {
        const int delay = 2;
        var h = Default(delay);
        h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 1.6 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 25);
        var retrain = h.Decisions.First(d => d.Action == AgentAction.Retrain);
        retrain.Batch.ShouldBeLessThanOrEqualTo(10 + delay + 2);
        retrain.Assessment.Cause.ShouldBe(Cause.ConceptDrift);
        retrain.Assessment.PerformanceDrop.ShouldBeTrue();
        retrain.Metrics.MaeRealized.ShouldNotBeNull().ShouldBeGreaterThan(1.4 * RegressionHarness.UnitMae);
        retrain.Metrics.MaeBaseline.ShouldNotBeNull().ShouldBe(RegressionHarness.UnitMae, 0.08);
        retrain.Metrics.AccuracyRealized.ShouldBeNull();
        retrain.Metrics.AccuracyBaseline.ShouldBeNull();
        retrain.FollowUps.ShouldContain(f => f.Action == AgentAction.Promote);

        var verified = h.Decisions.First(d => d.Verification is { Status: VerificationStatus.Succeeded });
        verified.Verification!.Observed.ShouldNotBeNull().ShouldBeLessThan(1.1 * RegressionHarness.UnitMae);
        verified.Verification.Baseline.ShouldNotBeNull().ShouldBe(RegressionHarness.UnitMae, 0.08);
        h.Agent.State.Incident.ShouldBeNull();
        h.Agent.State.ClosedIncidents.ShouldHaveSingleItem().Outcome.ShouldBe("resolved");
        h.Agent.State.Versions.LastKnownGood.ShouldBe("v2");
    }

    [Theory]
    [InlineData(3, 2, 2, "fatal")] // below the delay: no labeled batch in time, "not available", escalated
    [InlineData(3, 2, 3, "warning")] // judged on 1 of its 2 batches
    [InlineData(3, 2, 4, "none")] // delay + window - 1: a full window
    [InlineData(5, 1, 4, "fatal")]
    [InlineData(5, 1, 5, "none")]
    public void MaxWaitBatches_AgainstTheLabelDelay_CheckLabelDelaySaysWhatTheVerificationDoes(int delay, int window, int maxWait, string expected)
    {
        // What a host is told when it loads a policy (VerificationOptions.CheckLabelDelay) against what the agent then
        // does: v1 fails at 10, the retrain is promoted, and its verification waits max_wait_batches for labels. A
        // regression model's window is mae_window_batches.
        var policy = DefaultPolicy.Create() with { Verification = new VerificationOptions { MaeWindowBatches = window, MaxWaitBatches = maxWait } };
        var h = new RegressionHarness(policy, delay);
        h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 1.6 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 40);

        var verdict = h.Decisions.First(d => d.Verification is { Status: not VerificationStatus.Pending }).Verification!;
        var check = policy.Verification.CheckLabelDelay(delay, regression: true);
        (check is null ? "none" : check.Value.Fatal ? "fatal" : "warning").ShouldBe(expected);
        if (check is { Fatal: true })
        {
            verdict.Observed.ShouldBeNull();
            h.Of(AgentAction.Escalate).ShouldContain(r => r.Reason.StartsWith("no labels to verify", StringComparison.Ordinal));
            check.Value.Problem.ShouldContain($"set it to at least {delay + window - 1}");
            return;
        }

        // "batches a..b": the labeled batches it judged.
        var range = verdict.Window["batches ".Length..].Split("..").Select(long.Parse).ToArray();
        var judged = range[1] - range[0] + 1;
        if (check is null)
        {
            judged.ShouldBe(window);
        }
        else
        {
            check.Value.Problem.ShouldContain($"stops waiting with {judged} of its mae_window_batches {window} labeled batches");
            judged.ShouldBeLessThan(window);
        }
    }

    [Fact]
    public void ShadowPromotionPolicy_RegressionCandidate_IsPromotedDirectly()
    {
        // Trials compare class answers (McNemar); until they judge errors, a regression candidate goes straight in.
        var policy = DefaultPolicy.Create() with { Retrain = DefaultPolicy.Create().Retrain with { Promotion = "shadow" } };
        var h = new RegressionHarness(policy, 1);
        h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 1.6 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 25);
        h.Of(AgentAction.Promote).ShouldNotBeEmpty();
        h.Requests.ShouldNotContain(r => r.Action == AgentAction.Shadow || r.Action == AgentAction.Canary);
    }

    [Fact]
    public void Degradation_WithDriftedInputs_IsCovariateDrift()
    {
        var h = Default();
        h.Observation = b => b >= 10 ? Obs.Drifted() : Obs.Clean;
        h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 1.8 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 16);
        var retrain = h.Decisions.First(d => d.Action == AgentAction.Retrain);
        retrain.Assessment.Cause.ShouldBe(Cause.CovariateDrift);
    }

    [Fact]
    public void Verification_PromotedModelNoBetter_Fails_AndRevertsToThePrior()
    {
        // v1 degrades to twice its error; the retrained v2 does worse still (three times): a failed recovery.
        // The gate found the candidate within tolerance of the prior (prior 1 % better on its rows): reverting is expected to help.
        var h = Default();
        h.ChampionGateRatio = 0.99;
        h.Error = (b, v, rng) => (v != "v1" ? 3 : b >= 10 ? 2 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 20);
        var failed = h.Decisions.First(d => d.Verification is { Status: VerificationStatus.Failed });
        failed.Verification!.Observed.ShouldNotBeNull().ShouldBeGreaterThan(2.6 * RegressionHarness.UnitMae);
        failed.Requests.ShouldContain(r => r.Action == AgentAction.Rollback && r.TargetVersion == "v1");
        failed.Reason.ShouldContain("MAE", Case.Sensitive);
    }

    [Fact]
    public void Verification_Failed_ButThePriorDidWorseOnTheGateRows_IsKeptNotReverted()
    {
        // On a concept that keeps moving the promoted model can miss the baseline while the prior would do
        // worse still: the gate scored the prior at twice the candidate's MAE on the same rows.
        var h = Default();
        h.Error = (b, v, rng) => (v != "v1" ? 3 : b >= 10 ? 2 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 20);
        var failed = h.Decisions.First(d => d.Verification is { Status: VerificationStatus.Failed });
        failed.Action.ShouldBe(AgentAction.Retrain); // kept; the rules try again on newer data
        h.Agent.State.Incident.ShouldNotBeNull().Timeline.ShouldContain(x => x.Contains("the prior is expected worse", StringComparison.Ordinal));
        failed.Requests.ShouldNotContain(r => r.Action == AgentAction.Rollback);
        h.Of(AgentAction.Rollback).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(3.0, true)] // the prior's errors on the same rows are 3× the unit: far worse than the promoted (2×), keep
    [InlineData(1.0, false)] // the prior would do better on the same rows (1×): revert
    public void Verification_WithThePriorAnsweringBeside_JudgesOnTheSameRows_ByAPairedTest(double priorErrorNow, bool kept)
    {
        // v1 degrades to twice its error at batch 10; v2 serves at 2× too (a failed recovery), while the prior,
        // answering the same rows, would now err at priorErrorNow×.
        var h = Default();
        h.ShadowPrior = true;
        h.ChampionGateRatio = 0.99; // the gate alone would revert
        h.Error = (b, v, rng) => (v == "v1" ? (b < 10 ? 1 : b < 12 ? 2 : priorErrorNow) : 2.6) * RegressionHarness.Gaussian(rng);
        h.Run(0, 20);
        var failed = h.Decisions.SelectMany(d => d.FollowUps.Prepend(d)).First(d => d.Verification is { Status: VerificationStatus.Failed });
        failed.Verification!.PairedRows.ShouldBeGreaterThan(0);
        failed.Verification.PriorObserved.ShouldNotBeNull().ShouldBe(priorErrorNow * RegressionHarness.UnitMae, 0.15 * priorErrorNow);
        if (kept)
        {
            failed.Requests.ShouldNotContain(r => r.Action == AgentAction.Rollback);
            h.Agent.State.Incident.ShouldNotBeNull().Timeline.ShouldContain(x => x.Contains("the prior did no better on the same rows", StringComparison.Ordinal));
        }
        else
        {
            failed.Requests.ShouldContain(r => r.Action == AgentAction.Rollback && r.TargetVersion == "v1");
            failed.Requests.First(r => r.Action == AgentAction.Rollback).Reason.ShouldContain("paired t", Case.Sensitive);
        }
    }

    [Fact]
    public void Verification_PromotedModelNoWorseThanTheDegradedOne_IsAPartialRecovery_Kept()
    {
        var h = Default();
        h.Error = (b, _, rng) => (b >= 10 ? 2 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 20);
        var partial = h.Decisions.First(d => d.Verification is { Status: VerificationStatus.Failed });
        // Kept (no revert); the rules then try the next option on the still-open incident.
        partial.Action.ShouldNotBe(AgentAction.Rollback);
        partial.IncidentId.ShouldNotBeNull();
        partial.Requests.ShouldNotContain(r => r.Action == AgentAction.Rollback);
        partial.Verification!.Observed.ShouldNotBeNull().ShouldBeGreaterThan(1.5 * RegressionHarness.UnitMae);
    }

    [Fact]
    public void Verification_WithoutLabelsInTime_IsNotAvailable_Escalates_NothingInvented()
    {
        // Labels stop after the promotion: a classifier would fall back on its label-free estimate; a regression
        // model has none, so the agent neither declares success nor reverts.
        var h = Default();
        h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 2 : 1) * RegressionHarness.Gaussian(rng);
        long? promotedAt = null;
        for (long b = 0; b <= 40; b++)
        {
            if (promotedAt is null)
            {
                var d = h.Step(b);
                promotedAt = d.FollowUps.Any(f => f.Action == AgentAction.Promote) ? b : null;
                continue;
            }

            h.Monitor.Next = Obs.Clean;
            h.Agent.Handle(new PredictionBatch(AgentHarness.TimeOf(b), b, h.Agent.State.Versions.Champion, [AgentHarness.Id(b, 0)], new DataFrame([Column.Numeric("x", [0])]), [0], 1), h.Context);
            h.Decisions.Add(h.Agent.Handle(new Tick(AgentHarness.TimeOf(b), b), h.Context).Decision!);
        }

        promotedAt.ShouldNotBeNull();
        var verdict = h.Decisions.Single(d => d.Verification is { Status: not VerificationStatus.Pending });
        verdict.Verification!.Status.ShouldBe(VerificationStatus.Failed);
        verdict.Verification.Observed.ShouldBeNull();
        verdict.Reason.ShouldContain("not available", Case.Sensitive);
        verdict.Action.ShouldBe(AgentAction.Escalate);
        h.Agent.State.Versions.LastKnownGood.ShouldBe("v1");
        h.Decisions.ShouldNotContain(d => d.Action == AgentAction.Rollback);
    }

    [Fact]
    public void ErrorDetector_IsPageHinkleyOnStandardizedErrors_StateKept_AlarmIsAFinding()
    {
        var h = Default();
        h.Error = (b, _, rng) => (b >= 10 ? 1.7 : 1) * RegressionHarness.Gaussian(rng);
        h.Run(0, 12);
        h.Agent.State.Drift.ErrorDetector.ShouldNotBeNull().ShouldBeOfType<DriftCatcher.Core.Detectors.PageHinkleyState>();
        h.Decisions.SelectMany(d => d.Findings).ShouldContain(f => f.Kind == FindingKind.ErrorRateChange);
    }

    [Fact]
    public void ClassLabels_ForARegressionModel_AreRejected()
    {
        var h = Default();
        h.Step(0);
        Should.Throw<ArgumentException>(() => h.Agent.Handle(new LabelBatch(AgentHarness.TimeOf(0), ["0-0"], [1]), h.Context));
    }

    [Fact]
    public void DuplicateAndUnknownLabels_CountOnce_OrAsUnmatched()
    {
        var h = Default(delay: 5, rows: 4);
        h.Step(0);
        var ids = new[] { "0-0", "0-1", "0-0", "nope" };
        h.Agent.Handle(LabelBatch.Numeric(AgentHarness.TimeOf(0), ids, [1.0, -3.0, 100.0, 5.0]), h.Context);
        var batch = h.Agent.State.Window.Batches.Single(b => b.Batch == 0);
        batch.Labeled.ShouldBe(2);
        batch.Mae.ShouldBe(2.0); // predictions are 0: |1| and |−3|
        batch.Rmse.ShouldBe(Math.Sqrt(5.0));
        h.Agent.State.Window.UnmatchedLabels.ShouldBe(1);
    }

    [Fact]
    public void State_RoundTripsThroughJson_AndResumesIdentically()
    {
        RegressionHarness Make()
        {
            var h = Default(delay: 2);
            h.Error = (b, v, rng) => (v == "v1" && b >= 10 ? 1.8 : 1) * RegressionHarness.Gaussian(rng);
            h.Observation = b => b is 20 or 21 ? Obs.Fault() : b >= 25 ? Obs.Drifted() : Obs.Clean;
            return h;
        }

        var uninterrupted = Make();
        uninterrupted.Run(0, 35);
        var resumed = Make();
        for (long b = 0; b <= 35; b++)
        {
            var json = JsonSerializer.Serialize(resumed.Agent.State, AgentJson.Options);
            resumed.Agent = new ModelAgent(JsonSerializer.Deserialize<AgentState>(json, AgentJson.Options)!);
            resumed.Step(b);
        }

        static string Dump(RegressionHarness h) => JsonSerializer.Serialize(h.Decisions, AgentJson.Options);
        Dump(resumed).ShouldBe(Dump(uninterrupted));
        uninterrupted.Requests.Count.ShouldBeGreaterThan(2);
        resumed.Agent.State.Task.ShouldBe(ModelTask.Regression);
        JsonSerializer.Serialize(resumed.Agent.State, AgentJson.Options).ShouldContain("\"task\":\"regression\"");
    }

    [Fact]
    public void StateSize_DoesNotGrowWithRowsSeen()
    {
        static int SizeAfter(int batches)
        {
            var h = new RegressionHarness(DefaultPolicy.Create(), 1, rows: 100) { Observation = _ => Obs.Drifted() };
            h.Run(0, batches - 1);
            return JsonSerializer.Serialize(h.Agent.State, AgentJson.Options).Length;
        }

        ((double)SizeAfter(400) / SizeAfter(100)).ShouldBeLessThan(1.1);
    }

    [Fact]
    public void Decisions_OfAClassifier_KeepMaeFieldsNull()
    {
        var h = new AgentHarness(DefaultPolicy.Create()) { Observation = _ => Obs.Clean };
        h.Run(0, 5);
        h.Decisions.ShouldAllBe(d => d.Metrics.MaeRealized == null && d.Metrics.RmseRealized == null && d.Metrics.MaeBaseline == null);
        h.Decisions[^1].Metrics.AccuracyRealized.ShouldNotBeNull();
        var line = JsonSerializer.Serialize(h.Decisions[^1], AgentJson.Options);
        line.ShouldContain("\"mae_realized\":null");
        line.ShouldContain("\"accuracy_realized\":");
    }

    [Fact]
    public void Monitor_Regression_ComparesPredictedNumbers_AndEstimatesNothing()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 2000).Select(_ => rng.NextDouble()).ToArray();
        var reference = ModelReference.BuildRegression(new DataFrame([Column.Numeric("x", x)]), [.. x.Select(v => 10 * v)]);
        var monitor = new EngineBatchMonitor(reference);
        var batch = Enumerable.Range(0, 500).Select(_ => rng.NextDouble()).ToArray();
        var same = monitor.Observe(new DataFrame([Column.Numeric("x", batch)]), [.. batch.Select(v => 10 * v)], 1);
        same.Findings.ShouldNotContain(f => f.Kind == FindingKind.PredictionDrift && f.Severity >= Severity.Warning);
        same.EstimatedAccuracy.ShouldBe(double.NaN);
        same.MeanConfidence.ShouldBe(double.NaN);

        var shifted = monitor.Observe(new DataFrame([Column.Numeric("x", batch)]), [.. batch.Select(v => (10 * v) + 5)], 1);
        shifted.Findings.ShouldContain(f => f.Kind == FindingKind.PredictionDrift && f.Subject == ModelReference.PredictionColumn && f.Severity >= Severity.Warning);
    }
}
