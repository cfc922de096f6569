using System.Text.Json;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Scenarios;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// Any node may resume the agent from its saved state: a replay in which a new agent reads the state document
/// after every message (prediction batch, signals, labels, tick, action result) writes the same outputs as
/// one agent that lives through the whole stream.
/// </summary>
public sealed class ResumeTests
{
    /// <summary>
    /// Each stream exercises memory that a lossy document would drop: a retrain, verification and challengers;
    /// a fallback and its restore; a shadow trial; a slow-down told once as a side alert; a latency creep (its
    /// anchor, told once); a regression model.
    /// </summary>
    public static TheoryData<string, string> Streams => new()
    {
        { "sudden-concept-drift.json", "default" },
        { "unit-change-fault.json", "default" },
        { "latency-spike.json", "default" },
        { "latency-creep.json", "default" },
        { "regression-sudden-drift.json", "default" },
        { "gradual-drift.json", "shadow" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void ResumingAfterEveryMessage_ChangesNothing(string scenario, string promotion)
    {
        var data = ReplayFixture.GenerateFile(ReplayFixture.RepoFile("data", "scenarios", scenario), Shorter);
        var policy = promotion == "default" ? DefaultPolicy.Create() : DefaultPolicy.Create() with { Retrain = new RetrainOptions { Promotion = promotion } };

        var once = Run(data, policy, resume: false);
        var resumed = Run(data, policy, resume: true);

        once.Actions.ShouldNotBeEmpty("the stream must make the agent act, or there is nothing to resume");
        if (scenario.StartsWith("latency-creep", StringComparison.Ordinal))
        {
            once.Actions.ShouldContain(a => a.Reason.Contains("the usual level crept from")); // the anchor was needed
        }

        Json(resumed.Decisions).ShouldBe(Json(once.Decisions));
        Json(resumed.Actions).ShouldBe(Json(once.Actions));
        resumed.Predictions.ShouldBe(once.Predictions);
        Json(resumed.FinalState).ShouldBe(Json(once.FinalState));

        // The document stays compact: the state holds summaries, not rows (these streams have 500–1 000 rows a batch).
        once.LargestStateDocument.ShouldBe(0);
        resumed.LargestStateDocument.ShouldBeInRange(1_000, 200_000);
    }

    /// <summary>
    /// The first 32 batches hold every scenario's first response and its follow-up; the rest only costs time.
    /// A fault that runs longer ends at batch 31 (latency-creep then reaches its factor 10 there: a steeper creep).
    /// </summary>
    private static TwinScenario Shorter(TwinScenario s) => s with
    {
        Batches = Math.Min(s.Batches, 32),
        Faults = [.. s.Faults.Select(f => f.End > 31 ? f with { End = 31 } : f)],
    };

    private static ReplayResult Run((DataFrame Train, DataFrame Stream, ScenarioTruth Truth) data, AgentPolicy policy, bool resume) =>
        ReplayDriver.Run(data.Train, data.Stream,
            new ReplayOptions(data.Truth.LabelColumn, policy) { LabelDelay = 2, Algorithm = "gbt", BatchColumn = data.Truth.BatchColumn, ResumeAfterEveryMessage = resume },
            TestContext.Current.CancellationToken);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, AgentJson.Options);
}
