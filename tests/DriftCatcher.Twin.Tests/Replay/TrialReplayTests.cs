using System.Text;
using System.Text.Json;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>The replay runs the agent's trials: a canary serves its share of rows, a shadow never changes what is served.</summary>
public sealed class TrialReplayTests
{
    private static AgentPolicy With(string promotion) => DefaultPolicy.Create() with { Retrain = new RetrainOptions { Promotion = promotion } };

    [Fact]
    public void Canary_PredictionsAndActionsCarryTheCandidateRows()
    {
        var data = ReplayFixture.Generate(ReplayFixture.SmallConceptDrift);
        var result = ReplayFixture.Replay(data, With("canary"));

        var start = result.Actions.First(a => a.Action == "canary");
        start.VersionAfter.ShouldNotBe(start.VersionBefore);
        var candidate = start.VersionAfter;
        var champion = start.VersionBefore;
        var end = result.Actions.First(a => a.Batch > start.Batch && (a.Action == "promote" || (a.Action == "canary" && a.VersionBefore == candidate)));

        // Rows of the trial's batches: about 0.2 served by the candidate (hash-routed), the rest by the champion.
        for (var b = start.Batch + 1; b <= end.Batch; b++)
        {
            var rows = result.Predictions.Where(p => p.Batch == b).ToList();
            rows.ShouldAllBe(p => p.ServedVersion == candidate || p.ServedVersion == champion);
            rows.Count(p => p.ServedVersion == candidate).ShouldBeInRange(20, 90, $"batch {b} of {rows.Count} rows");
        }

        result.Predictions.Where(p => p.Batch <= start.Batch || p.Batch > end.Batch).ShouldAllBe(p => p.ServedVersion != candidate || end.Action == "promote");
        // Every batch the canary served says so in decisions.jsonl, the one whose tick ends the trial too (its rows
        // carry the candidate above; its decision used to say "champion").
        result.Decisions.Where(d => d.Batch > start.Batch && d.Batch <= end.Batch).ShouldAllBe(d => d.Mode == Core.Agent.Decisions.ServingMode.Canary);

        // The files carry them: predictions.csv's served_version and actions.jsonl's canary rows.
        using var csv = new MemoryStream();
        ReplayOutput.WritePredictions(result, csv);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("batch,row,prediction,served_version");
        lines.Skip(1).Count(l => l.EndsWith("," + candidate, StringComparison.Ordinal)).ShouldBeGreaterThan(0);

        using var jsonl = new MemoryStream();
        ReplayOutput.WriteActions(result, jsonl);
        var canaryRows = Encoding.UTF8.GetString(jsonl.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("action").GetString() == "canary").ToList();
        canaryRows.ShouldNotBeEmpty();
        canaryRows[0].GetProperty("version_before").GetString().ShouldBe(champion);
        canaryRows[0].GetProperty("version_after").GetString().ShouldBe(candidate);
        canaryRows[0].GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("passed the gate");
    }

    [Fact]
    public void Shadow_NeverChangesTheServedVersion_UntilPromoted()
    {
        var data = ReplayFixture.Generate(ReplayFixture.SmallConceptDrift);
        var result = ReplayFixture.Replay(data, With("shadow"));
        var start = result.Actions.First(a => a.Action == "shadow");
        start.VersionAfter.ShouldBe(start.VersionBefore);
        var candidate = result.Actions.Last(a => a.Action == "retrain" && a.Batch == start.Batch).VersionAfter;
        var promote = result.Actions.FirstOrDefault(a => a.Action == "promote" && a.VersionAfter == candidate);
        var until = promote?.Batch ?? long.MaxValue;
        result.Predictions.Where(p => p.Batch <= until).ShouldAllBe(p => p.ServedVersion != candidate);
        result.Decisions.ShouldContain(d => d.Mode == Core.Agent.Decisions.ServingMode.Shadow);
        if (promote is not null)
        {
            promote.Reason.ShouldContain("trial won");
            result.Predictions.Where(p => p.Batch == until + 1).ShouldAllBe(p => p.ServedVersion == candidate);
        }
    }

    [Fact]
    public void APromotionUnderVerification_IsJudgedWithThePriorAnsweringTheSameRows()
    {
        // No trial: the prior version answers beside the promoted one until the verification ends, and the
        // verification reports the prior's accuracy on exactly the labeled rows of its window.
        var data = ReplayFixture.Generate(ReplayFixture.SmallConceptDrift);
        var result = ReplayFixture.Replay(data, DefaultPolicy.Create());
        var verified = result.Decisions.SelectMany(d => d.FollowUps.Prepend(d))
            .First(d => d.Verification is { Action: "promote", Status: not Core.Agent.Verification.VerificationStatus.Pending });
        var report = verified.Verification!;
        var window = report.Window["batches ".Length..].Split("..").Select(long.Parse).ToArray();
        var answered = result.Predictions.Count(p => p.Batch >= window[0] && p.Batch <= window[1] && p.Prediction is not null);
        report.PairedRows.ShouldBe(answered);

        // Independently: the prior here is v1, which serves every row when the agent never acts. Its accuracy on
        // the window's rows, from that run's predictions and the stream's labels, is what the report must say.
        var promotion = result.Actions.First(a => a.Action == "promote");
        promotion.VersionBefore.ShouldBe("v1");
        var labels = data.Stream[data.Truth.LabelColumn];
        var v1 = ReplayFixture.Replay(data, AgentPolicy.NoAction).Predictions
            .Where(p => p.Batch >= window[0] && p.Batch <= window[1] && p.Prediction is not null).ToList();
        var v1Accuracy = (double)v1.Count(p => p.Prediction == labels.GetString(p.Row)) / v1.Count;
        report.PriorObserved.ShouldNotBeNull().ShouldBe(v1Accuracy, 1e-12);
    }
}
