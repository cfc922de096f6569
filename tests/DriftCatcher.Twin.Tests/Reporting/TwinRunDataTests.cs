using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Twin.Reporting;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Reporting;

public sealed class TwinRunDataTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Load_SmallRun_MeanAccuracyMatchesHandCount()
    {
        using var dir = SmallRun.Write();

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");

        data.Summary.MeanAccuracy!.Value.ShouldBe(SmallRun.MeanAccuracy, Tolerance);
        data.Summary.IncidentAccuracy!.Value.ShouldBe(SmallRun.IncidentAccuracy, Tolerance);
        data.Summary.Answered.ShouldBe(11);
        data.Summary.Abstained.ShouldBe(1);
        data.Summary.Rows.ShouldBe(12);
    }

    [Fact]
    public void Load_SmallRun_SplitsBatchAccuracyByServedVersion()
    {
        using var dir = SmallRun.Write();

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");

        data.Batches.Select(b => b.Batch).ShouldBe([0, 1, 2]);
        data.Batches[0].Accuracy!.Value.ShouldBe(1.0, Tolerance);
        data.Batches[1].Accuracy!.Value.ShouldBe(2.0 / 3.0, Tolerance);
        var last = data.Batches[2];
        last.PrimaryVersion.ShouldBe("v2");
        last.Versions.Single(v => v.Version == "v1").Accuracy!.Value.ShouldBe(1.0, Tolerance);
        last.Versions.Single(v => v.Version == "v2").Accuracy!.Value.ShouldBe(0.0, Tolerance);
        data.Versions.ShouldBe(["v1", "v2"]);
    }

    [Fact]
    public void Load_ALabelWrittenAnotherWay_IsScoredAsItsClass_AsTheReplayScoresIt()
    {
        // Rows 1 and 2 are labeled "benign" and " Benign" where the model answers BENIGN (a label_respelled fault); row 3's
        // "PortScan" is a class of its own. The replay scores the first two as BENIGN: 3 of 4 right, as its summary line
        // says. The report read them as another class: 1 of 4, and 70.0 % against 0.9997 on label-respelled.json.
        using var dir = new RunDir()
            .File("predictions.csv", "batch,row,prediction,served_version\n0,0,BENIGN,v1\n0,1,BENIGN,v1\n0,2,BENIGN,v1\n0,3,DDoS,v1\n");
        var stream = new DataFrame([Column.Categorical("Label", ["BENIGN", "benign", " Benign", "PortScan"])]);

        var data = TwinRunData.Load(dir.Path, stream, "Label");

        data.Summary.MeanAccuracy!.Value.ShouldBe(0.75, Tolerance);
    }

    [Fact]
    public void Load_SmallRun_CountsActionsAndModelChanges()
    {
        using var dir = SmallRun.Write();

        var s = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y").Summary;

        s.Alerts.ShouldBe(1);
        s.Escalations.ShouldBe(1);
        s.ModelChanges.ShouldBe(1);
        s.FirstResponseBatch.ShouldBe(2); // the alert at batch 1 is not a response
        s.Incidents.ShouldBe(2);
    }

    [Fact]
    public void Load_SmallRun_FoldsIncidentsWithTheirActionsAndOutcome()
    {
        using var dir = SmallRun.Write();

        var incidents = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y").Incidents;

        incidents.Select(i => i.Id).ShouldBe(["inc-1", "inc-2"]);
        incidents[0].Cause.ShouldBe("covariate_shift");
        incidents[0].VerificationStatus.ShouldBe("passed");
        incidents[0].Outcome.ShouldBe(TwinIncidentOutcome.Resolved);
        incidents[0].Actions.Select(a => a.Action).ShouldBe(["alert"]);
        incidents[1].Outcome.ShouldBe(TwinIncidentOutcome.Escalated);
        incidents[1].Actions.Select(a => a.Action).ShouldBe(["retrain", "escalate"]);
    }

    [Fact]
    public void Load_RunJson_FillsHeaderFieldsTheCallerLeftOut()
    {
        using var dir = SmallRun.Write();

        var info = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y", new TwinRunInfo(Policy: "given")).Info;

        info.ShouldBe(new TwinRunInfo("tiny-shift", "given", "gbt", 1, 1));
    }

    [Fact]
    public void Load_ReadsFindingsMetricsAndTrainingSpan()
    {
        using var dir = SmallRun.Write();

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");

        var d1 = data.Decisions[1];
        d1.Findings.Single().Severity.ShouldBe(Severity.Warning);
        d1.Findings.Single().Evidence.ShouldContain(new KeyValuePair<string, string>("psi", "0.31"));
        d1.Metrics.MaxPsi.ShouldBe(0.31);
        d1.Verification!.Window.ShouldBe("2");
        data.Decisions[0].Metrics.AccuracyRealized.ShouldBeNull();
        data.Actions[1].TrainingFirstBatch.ShouldBe(0);
        data.Actions[1].TrainingLastBatch.ShouldBe(1);
    }

    [Fact]
    public void Load_MissingAndNullFields_AreTolerated()
    {
        using var dir = new RunDir()
            .File("predictions.csv", SmallRun.Predictions)
            .File("actions.jsonl", string.Empty)
            .File("decisions.jsonl", string.Join('\n',
                """{"batch":0}""",
                "",
                """{"batch":1,"metrics":null,"findings":null,"assessment":"odd","alternatives":["rollback"],"verification":{"status":null},"incident_id":7}""",
                """{"Batch":"2","findings":[{"severity":"bogus"},3],"Metrics":{"maxPsi":"0.4","share_drifted":null},"extra":{"nested":[1,2]}}""",
                """{"no_batch":true}"""));

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");

        data.Actions.ShouldBeEmpty();
        data.Decisions.Select(d => d.Batch).ShouldBe([0, 1, 2]);
        data.Decisions[1].Alternatives.Single().Action.ShouldBe("rollback");
        data.Decisions[1].IncidentId.ShouldBe("7");
        data.Decisions[2].Metrics.MaxPsi.ShouldBe(0.4);
        data.Decisions[2].Findings.Single().Severity.ShouldBeNull();
        data.Summary.FirstResponseBatch.ShouldBeNull();
    }

    [Fact]
    public void Load_FollowUpDecisions_AreListedAfterTheirParent()
    {
        // The agent nests decisions taken on action results (a promote once a retrain completed) in follow_ups.
        using var dir = new RunDir()
            .File("predictions.csv", SmallRun.Predictions)
            .File("decisions.jsonl", string.Join('\n',
                """{"batch":1,"trigger":"tick","action":"retrain","incident_id":"inc-9","follow_ups":[{"batch":1,"trigger":"retrain_completed","action":"promote","reason":"gate passed","incident_id":"inc-9","verification":{"status":"succeeded","baseline":0.9,"observed":0.91,"window":"3 batches","action":"promote"},"follow_ups":[]}]}""",
                """{"batch":2,"trigger":"tick","action":"none","incident_id":null,"follow_ups":[]}"""));

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");

        data.Decisions.Select(d => (d.Batch, d.Trigger, d.Action)).ShouldBe([(1, "tick", "retrain"), (1, "retrain_completed", "promote"), (2, "tick", null)]);
        data.Decisions[1].Verification!.Action.ShouldBe("promote");
        var incident = data.Incidents.Single();
        incident.VerificationStatus.ShouldBe("succeeded");
        incident.Outcome.ShouldBe(TwinIncidentOutcome.Resolved);
    }

    [Fact]
    public void Load_WithoutAgentFiles_StillScoresThePredictions()
    {
        using var dir = new RunDir().File("predictions.csv", SmallRun.Predictions);

        var data = TwinRunData.Load(dir.Path, SmallRun.Stream(), "y");

        data.Summary.MeanAccuracy!.Value.ShouldBe(SmallRun.MeanAccuracy, Tolerance);
        data.Decisions.ShouldBeEmpty();
        data.Incidents.ShouldBeEmpty();
        data.Summary.IncidentAccuracy.ShouldBeNull();
    }

    [Fact]
    public void Load_NumericLabels_MatchPredictionsWrittenWithDecimals()
    {
        using var dir = new RunDir().File("predictions.csv", "batch,row,prediction,served_version\n0,0,1.0,m\n0,1,0,m\n0,2,1,m\n");
        var stream = new DataFrame([Column.Numeric("label", [1, 1, 1])]);

        var data = TwinRunData.Load(dir.Path, stream, "label");

        data.Summary.MeanAccuracy!.Value.ShouldBe(2.0 / 3.0, Tolerance);
    }

    [Fact]
    public void Load_MissingLabel_LeavesTheRowOutOfTheAccuracy()
    {
        using var dir = new RunDir().File("predictions.csv", "batch,row,prediction,served_version\n0,0,a,m\n0,1,b,m\n");
        var stream = new DataFrame([Column.Categorical("y", ["a", null])]);

        var data = TwinRunData.Load(dir.Path, stream, "y");

        data.Batches.Single().Answered.ShouldBe(1);
        data.Summary.MeanAccuracy.ShouldBe(1.0);
    }

    [Fact]
    public void Load_NoPredictionsFile_ThrowsInputDataException()
    {
        using var dir = new RunDir();

        Should.Throw<InputDataException>(() => TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"))
            .Message.ShouldContain("predictions.csv");
    }

    [Fact]
    public void Load_RowOutsideTheStream_ThrowsInputDataExceptionNamingTheRow()
    {
        using var dir = new RunDir().File("predictions.csv", "batch,row,prediction,served_version\n0,12,a,v1\n");

        Should.Throw<InputDataException>(() => TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"))
            .Message.ShouldContain("row 12");
    }

    [Fact]
    public void Load_BrokenJsonLine_ThrowsInputDataExceptionNamingTheLine()
    {
        using var dir = SmallRun.Write().File("decisions.jsonl", "{\"batch\":0}\n{\"batch\":1,\n");

        Should.Throw<InputDataException>(() => TwinRunData.Load(dir.Path, SmallRun.Stream(), "y"))
            .Message.ShouldContain("decisions.jsonl line 2");
    }

    [Fact]
    public void Load_UnknownLabelColumn_ThrowsInputDataException()
    {
        using var dir = SmallRun.Write();

        Should.Throw<InputDataException>(() => TwinRunData.Load(dir.Path, SmallRun.Stream(), "label"))
            .Message.ShouldContain("'label'");
    }

    [Fact]
    public void MeanAccuracy_EqualsCorrectOverAnswered_OnRandomRuns()
    {
        var gen =
            from rows in Gen.Choose(1, 120)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (rows, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var rng = new Random(t.seed);
            var labels = Enumerable.Range(0, t.rows).Select(_ => rng.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var lines = new List<string> { "batch,row,prediction,served_version" };
            int answered = 0, correct = 0;
            for (var r = 0; r < t.rows; r++)
            {
                var abstain = rng.Next(5) == 0;
                var p = abstain ? string.Empty : rng.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!abstain)
                {
                    answered++;
                    correct += p == labels[r] ? 1 : 0;
                }

                lines.Add($"{r / 10},{r},{p},v{rng.Next(2)}");
            }

            using var csv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            var data = TwinRunData.Parse(csv, null, null, new DataFrame([Column.Categorical("y", labels)]), "y");
            var expected = answered == 0 ? (double?)null : (double)correct / answered;
            return data.Summary.MeanAccuracy == expected
                && data.Summary.Abstained == t.rows - answered
                && data.Batches.Sum(b => b.Versions.Sum(v => v.Correct)) == correct;
        }).QuickCheckThrowOnFailure();
    }
}
