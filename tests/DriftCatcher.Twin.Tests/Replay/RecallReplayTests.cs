using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// retrain.recall_versions in a replay: the twin scores the earlier versions a recovery names on the held-out rows since the
/// change, and the agent rolls back to one that answers a concept come back clearly better than the new candidate.
/// </summary>
public sealed class RecallReplayTests
{
    [Fact]
    public void ARecurringHyperplaneConcept_IsAnsweredByTheVersionThatLearnedIt()
    {
        // Three hyperplane concepts, concepts 2 and 0 taking turns every 8 batches from batch 10, 500-row batches (written in
        // session 16 for this, seed 832). Measured: 0.8133 without the recall, 0.8228 with it, 7 model changes either way
        // (doing nothing 0.8442, retraining every batch 0.8163): at batch 20 v1, which learned concept 0, answers the rows
        // since the turn at 0.870 where a model of them scores 0.810.
        var data = ReplayFixture.Generate("""
            {"name":"hyp-rec-b500-s832","seed":832,"generator":{"type":"hyperplane","dimensions":6,"concept_count":3,"noise":0.05},"batch_size":500,
             "drifts":[{"shape":"recurring","start":10,"period":8,"concepts":[2,0]}]}
            """);
        var policy = DefaultPolicy.Create();
        var run = ReplayFixture.Replay(data, policy, 2, "gbt");
        var without = ReplayFixture.Replay(data, policy with { Retrain = policy.Retrain with { RecallVersions = 0 } }, 2, "gbt");

        var recall = run.Actions.Single(a => a.Reason.StartsWith("recall:", StringComparison.Ordinal));
        recall.Action.ShouldBe("rollback");
        recall.Reason.ShouldContain("the concept it learned has come back", Case.Sensitive);
        var servedBefore = run.Actions.Where(a => a.Batch < recall.Batch && a.Action is "promote" or "rollback").Select(a => a.VersionAfter).Append("v1");
        servedBefore.ShouldContain(recall.VersionAfter);
        without.Actions.ShouldNotContain(a => a.Reason.StartsWith("recall:", StringComparison.Ordinal));
        run.Accuracy.ShouldBeGreaterThan(without.Accuracy + 0.005);
        run.ModelChanges.ShouldBeLessThanOrEqualTo(without.ModelChanges);
        ReplayInvariants.Check(run, data.Stream, data.Truth, policy, 2).ShouldBeEmpty();
    }
}
