using System.Globalization;
using System.Text.Json;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Reporting;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>A regression model end to end: numeric labels, the task inferred, MAE throughout, the report in MAE.</summary>
public sealed class RegressionReplayTests
{
    private const string SmallRegressionDrift = """
        {"name":"small-regression-drift","seed":21,"generator":{"type":"friedman","noise":1},"train_rows":2000,"batches":20,"batch_size":500,
         "drifts":[{"shape":"sudden","start":8,"to":1}]}
        """;

    [Fact]
    public void LabelsNearTheDoubleLimit_AreNotTrainedOn_AndNoReasonSaysNaN()
    {
        // Two labels of ±1e308 in batch 9, after the concept changed: a candidate trained on them predicts
        // beyond the range of a double; the gate's reason said "held-out MAE NaN".
        var data = ReplayFixture.Generate(SmallRegressionDrift);
        var labels = data.Stream["y"].Numbers.ToArray();
        var batch = data.Stream["batch"].Numbers;
        var first = Array.IndexOf(batch, 9.0);
        labels[first] = 1e308;
        labels[first + 1] = -1e308;
        var stream = new DataFrame([.. data.Stream.ColumnNames.Select(n => n == "y" ? Column.Numeric("y", labels) : data.Stream[n])]);
        var result = ReplayFixture.Replay(data with { Stream = stream }, DefaultPolicy.Create(), 1, "gbt");

        // The window holding them lost to the window after them (before, the overflowed window won: its NaN
        // errors made the paired test fail) and no promoted model learned from batch 9.
        var promoted = result.Actions.Where(x => x.Action == "promote").Select(x => x.VersionAfter).ToHashSet();
        var trained = result.Actions.Where(x => x.Action == "retrain" && promoted.Contains(x.VersionAfter)).ToList();
        trained.ShouldNotBeEmpty();
        trained.ShouldAllBe(x => x.TrainingBatches![0] > 9 || x.TrainingBatches![1] < 9);
        var audit = JsonSerializer.Serialize(result.Decisions, Core.Agent.AgentJson.Options);
        audit.ShouldNotContain("MAE NaN");
        audit.ShouldNotContain("(NaN)");
    }

    [Fact]
    public void SuddenConceptChange_IsAnsweredWithinDelayPlusTwo_AndMaeRecovers()
    {
        const int delay = 2;
        var data = ReplayFixture.Generate(SmallRegressionDrift);
        var result = ReplayFixture.Replay(data, DefaultPolicy.Create(), delay, "gbt");

        result.Task.ShouldBe(ModelTask.Regression);
        result.FinalState.Task.ShouldBe(ModelTask.Regression);
        result.Accuracy.ShouldBe(double.NaN);
        result.BatchAccuracy.ShouldBeEmpty();
        result.BatchMae.Count.ShouldBe(20);

        // Every answered prediction is the model's number; the served model predicts, never echoes a class.
        var labels = data.Stream["y"].Numbers;
        result.Predictions.Count.ShouldBe(labels.Length);
        var answered = result.Predictions.Where(p => p.Prediction is not null).ToList();
        answered.Count.ShouldBeGreaterThan(labels.Length * 9 / 10);
        var mae = answered.Average(p => Math.Abs(double.Parse(p.Prediction!, CultureInfo.InvariantCulture) - labels[p.Row]));
        mae.ShouldBe(result.Mae, 1e-9);

        var first = result.Actions.First(a => a.Action != "alert");
        first.Action.ShouldBe("retrain");

        // The window offered reaches back before the change (min_rows); the short one after it wins the paired
        // comparison of absolute errors on the held-out rows and is the one trained on.
        first.TrainingBatches.ShouldNotBeNull()[0].ShouldBeGreaterThanOrEqualTo(8);
        first.Batch.ShouldBeGreaterThanOrEqualTo(8);
        first.Batch.ShouldBeLessThanOrEqualTo(8 + delay + 2);
        result.Actions.ShouldContain(a => a.Action == "promote");

        // Before the change, after the change unanswered, and once recovered: the retrained model brings MAE back down.
        var before = result.BatchMae.Where(kv => kv.Key < 8).Average(kv => kv.Value);
        var hit = result.BatchMae.Where(kv => kv.Key is >= 8 and <= 10).Average(kv => kv.Value);
        var after = result.BatchMae.Where(kv => kv.Key >= 17).Average(kv => kv.Value);
        hit.ShouldBeGreaterThan(2 * before);
        after.ShouldBeLessThan(hit / 1.5);

        // The audit speaks MAE for a regression model and keeps the classifier's fields null.
        var labeledTick = result.Decisions.First(d => d.Metrics.LabeledBatch is not null);
        labeledTick.Metrics.MaeRealized.ShouldNotBeNull();
        labeledTick.Metrics.RmseRealized.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(labeledTick.Metrics.MaeRealized!.Value);
        labeledTick.Metrics.MaeBaseline.ShouldNotBeNull();
        result.Decisions.ShouldAllBe(d => d.Metrics.AccuracyRealized == null && d.Metrics.AccuracyEstimated == null && d.Metrics.MeanConfidence == null);
    }

    [Fact]
    public void APromotionUnderVerification_IsJudgedWithThePriorsMaeOnTheSameRows()
    {
        // The prior (v1) answers beside the promoted version while it is verified; the report's prior_observed
        // must be v1's MAE on the window's rows, as a run in which v1 serves everything computes it.
        var data = ReplayFixture.Generate(SmallRegressionDrift);
        var result = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");
        var verified = result.Decisions.SelectMany(d => d.FollowUps.Prepend(d))
            .First(d => d.Verification is { Action: "promote", Status: not Core.Agent.Verification.VerificationStatus.Pending });
        result.Actions.First(a => a.Action == "promote").VersionBefore.ShouldBe("v1");
        var report = verified.Verification!;
        var window = report.Window["batches ".Length..].Split("..").Select(long.Parse).ToArray();
        var targets = data.Stream[data.Truth.LabelColumn].Numbers;
        var v1 = ReplayFixture.Replay(data, AgentPolicy.NoAction, 2, "gbt").Predictions
            .Where(p => p.Batch >= window[0] && p.Batch <= window[1] && p.Prediction is not null).ToList();
        report.PairedRows.ShouldBe(v1.Count);
        var v1Mae = v1.Average(p => Math.Abs(double.Parse(p.Prediction!, CultureInfo.InvariantCulture) - targets[p.Row]));
        report.PriorObserved.ShouldNotBeNull().ShouldBe(v1Mae, 1e-9);
    }

    [Fact]
    public void SmallBatches_AfterAConceptChange_RecoverWithoutTheInitialTrainingSet()
    {
        // 200-row batches: six are 1 200 rows, short of min_rows (2 000), so every recovery was made up with the 2 000
        // TRAIN rows of the old concept, which held its MAE up: default 2.23 against doing nothing 2.94 and retraining
        // every batch 1.58. The window alone, kept on a clear paired win over it on the same held-out rows, recovers (1.65).
        var data = ReplayFixture.Generate("""
            {"name":"small-batch-regression-drift","seed":23,"generator":{"type":"friedman","noise":1},"train_rows":2000,"batches":36,"batch_size":200,
             "drifts":[{"shape":"sudden","start":10,"to":1}]}
            """);
        var agent = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");
        var periodic = ReplayFixture.Replay(data, AgentPolicy.Periodic(1), 2, "gbt");
        agent.Mae.ShouldBeLessThan(periodic.Mae * 1.1);
        agent.ModelChanges.ShouldBeLessThanOrEqualTo(periodic.ModelChanges / 4);
        JsonSerializer.Serialize(agent.Decisions, Core.Agent.AgentJson.Options).ShouldContain("without the initial training set kept");
    }

    [Fact]
    public void GradualDrift_MixedRowsRejected_Escalated_ThenRecoveredOnRowsNoRejectedCandidateSaw()
    {
        // data/scenarios/regression-gradual-drift.json: while the two concepts are mixed a model of the newest rows
        // predicts their mean and loses to the champion on MAE, so three candidates are rejected and the incident is
        // handed to a person. Before session 15 the 24-batch hold kept v1 to the end: MAE 2.3148, the same as doing
        // nothing (retraining every batch 1.3237). Measured since: 1.5866 with 3 model changes; 1.5740
        // with 2 once a regression recovery was judged on one batch (mae_window_batches).
        var data = ReplayFixture.GenerateFile(ReplayFixture.RepoFile("data", "scenarios", "regression-gradual-drift.json"));
        var run = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");
        var none = ReplayFixture.Replay(data, AgentPolicy.NoAction, 2, "gbt");

        var escalate = run.Actions.Single(a => a.Action == "escalate");
        escalate.Reason.ShouldBe("3 candidates rejected by the gate: a person must look");
        var rejected = run.Actions.Where(a => a.Action == "retrain" && a.Batch <= escalate.Batch).ToList();
        rejected.Count.ShouldBe(3);
        var retry = run.Actions.First(a => a.Action == "retrain" && a.Batch > escalate.Batch);
        retry.Reason.ShouldContain("one more try");
        retry.TrainingBatches![0].ShouldBeGreaterThan(rejected.Max(a => a.TrainingBatches![1]));
        run.Actions.ShouldContain(a => a.Action == "promote" && a.VersionAfter == retry.VersionAfter);
        run.Mae.ShouldBeLessThan(none.Mae * 0.75);
    }

    [Fact]
    public void StableRegressionStream_NoModelChange()
    {
        var data = ReplayFixture.Generate("""
            {"name":"small-regression-stable","seed":22,"generator":{"type":"friedman","noise":1},"train_rows":2000,"batches":20,"batch_size":300}
            """);
        var result = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");
        result.ModelChanges.ShouldBe(0);
        result.Alerts.ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Files_PredictionsAreNumbers_ReportPlotsMae()
    {
        var data = ReplayFixture.Generate(SmallRegressionDrift);
        var result = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");
        var dir = Directory.CreateTempSubdirectory("regression-replay-");
        try
        {
            using (var fs = File.Create(Path.Combine(dir.FullName, ReplayOutput.PredictionsFile)))
            {
                ReplayOutput.WritePredictions(result, fs);
            }

            using (var fs = File.Create(Path.Combine(dir.FullName, ReplayOutput.DecisionsFile)))
            {
                ReplayOutput.WriteDecisions(result, fs);
            }

            using (var fs = File.Create(Path.Combine(dir.FullName, ReplayOutput.ActionsFile)))
            {
                ReplayOutput.WriteActions(result, fs);
            }

            var lines = File.ReadAllLines(Path.Combine(dir.FullName, ReplayOutput.PredictionsFile));
            lines[0].ShouldBe("batch,row,prediction,served_version");
            double.TryParse(lines[1].Split(',')[2], NumberStyles.Float, CultureInfo.InvariantCulture, out _).ShouldBeTrue();
            using (var decision = JsonDocument.Parse(File.ReadLines(Path.Combine(dir.FullName, ReplayOutput.DecisionsFile)).Skip(5).First()))
            {
                var metrics = decision.RootElement.GetProperty("metrics");
                metrics.GetProperty("mae_realized").ValueKind.ShouldBe(JsonValueKind.Number);
                metrics.GetProperty("accuracy_realized").ValueKind.ShouldBe(JsonValueKind.Null);
            }

            var run = TwinRunData.Load(dir.FullName, data.Stream, "y");
            run.IsRegression.ShouldBeTrue();
            run.Summary.MeanMae.ShouldNotBeNull().ShouldBe(result.Mae, 1e-6);
            run.Summary.MeanAccuracy.ShouldBeNull();
            var html = TwinReport.Render(run);
            html.ShouldContain("MAE over time");
            html.ShouldContain("MAE per batch, by served version");
            html.ShouldNotContain("Accuracy over time");
            html.ShouldContain("MAE realized / baseline");
            html.ShouldContain("Not available for a regression model");
            var comparison = TwinComparisonReport.Render([("default", run), ("again", run)]);
            comparison.ShouldContain("Mean MAE");
            comparison.ShouldContain("MAE per batch, one line per policy");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void LogisticLearner_ForANumericTarget_IsRefusedNamingTheFix()
    {
        var data = ReplayFixture.Generate(SmallRegressionDrift);
        Should.Throw<InputDataException>(() => ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "logistic"))
            .Message.ShouldContain("use gbt or linear");
    }

    [Fact]
    public void LinearLearner_Regresses_Too()
    {
        var data = ReplayFixture.Generate(SmallRegressionDrift);
        var result = ReplayFixture.Replay(data, AgentPolicy.NoAction, 2, "linear");
        result.Task.ShouldBe(ModelTask.Regression);
        double.IsFinite(result.Mae).ShouldBeTrue();
        result.Actions.ShouldBeEmpty();
    }
}
