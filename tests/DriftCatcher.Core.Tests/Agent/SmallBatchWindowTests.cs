using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A retrain window short of <c>min_rows</c> (small batches: 6 batches of 200 rows) and the initial training set.
/// Found on hand-made streams (bench/foreign, sudden-s1: 200-row batches, the rule of a fraud label changes at batch 14):
/// every recovery was trained on 1 200 new rows plus the 4 000 rows of TRAIN, i.e. the old concept, gated level with
/// the failing champion and ended in an escalation; accuracy 0.789 against 0.873 of retraining every batch. After a
/// concept change the agent now offers the host the window without the initial training set as well (the host keeps
/// it only on a clear paired win, so a false alarm's retrain keeps the rows).
/// </summary>
public sealed class SmallBatchWindowTests
{
    [Fact]
    public void AfterAConceptChange_AShortWindow_IsAlsoOfferedWithoutTheInitialTrainingSet()
    {
        // Inputs stay, v1's accuracy falls from batch 10: concept drift. Every retrain of the incident, and the
        // consolidation after it, is short of min_rows (200-row batches): made up with the initial training set, and
        // offered without it.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 2, rows: 200) { Observation = _ => Obs.Clean };
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9;
        h.Run(0, 30);
        var retrains = h.Of(AgentAction.Retrain).ToList();
        retrains.ShouldNotBeEmpty();
        retrains.First().FirstBatch.ShouldNotBeNull();
        foreach (var r in retrains)
        {
            var rows = (r.LastBatch!.Value - r.FirstBatch!.Value + 1) * h.Rows;
            rows.ShouldBeLessThan(DefaultPolicy.Create().Retrain.MinRows);
            r.IncludeInitialTraining.ShouldBeTrue();
            r.OfferWithoutInitialTraining.ShouldBeTrue($"retrain {r.FirstBatch}..{r.LastBatch} ({r.Reason}) is not offered without the old concept");
        }

        h.Decisions.ShouldContain(d => d.Rule == "consolidate-after-recovery");
    }

    [Fact]
    public void AfterARecoveredConceptChange_ALaterWindow_NeverReachesBackAcrossIt()
    {
        // v1 fails from batch 10 (the concept changed); its replacement recovers and the incident is resolved. The
        // concept moves again at 16: the second incident's window (12 batches at most, short of min_rows) used to reach
        // back across batch 10 to make up rows, into the first concept (a sudden Friedman change at 20: a window 19..23),
        // and cut there it must not be made up with the initial training set instead (sudden-concept-drift at D = 1).
        var policy = DefaultPolicy.Create();
        var h = new AgentHarness(policy with { Retrain = policy.Retrain with { WindowBatches = 12 } }, labelDelay: 1, rows: 100)
        {
            Observation = _ => Obs.Clean,
            Accuracy = (b, v) => v == "v1" ? (b < 10 ? 0.9 : 0.6) : b < 16 ? 0.9 : 0.6,
        };
        h.Run(0, 24);
        var first = h.Agent.State.ClosedIncidents.First(i => i.Cause == Cause.ConceptDrift && i.Outcome == "resolved");
        first.ChangeBatch.ShouldBe(10);
        var later = h.Decisions.Where(d => d.Batch > first.ClosedBatch).SelectMany(d => d.Requests).Where(r => r.Action == AgentAction.Retrain).ToList();
        later.ShouldNotBeEmpty();
        later.ShouldAllBe(r => r.FirstBatch >= first.ChangeBatch);
        later.ShouldContain(r => r.FirstBatch == first.ChangeBatch, "the window is cut at the change, not shorter");
        // Cut there and short of min_rows, it is not made up with the initial training set either: that is older still.
        later.Where(r => r.FirstBatch == first.ChangeBatch).ShouldAllBe(r => !r.IncludeInitialTraining && !r.OfferWithoutInitialTraining);
    }

    [Fact]
    public void ANewRegion_WithAShortWindow_StillAddsTheInitialTrainingSet()
    {
        // Inputs move (a new region) and v1 fails on them: the old concept still holds where the model was trained,
        // so a short window is made up with the initial training set, as before, and not offered without it.
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 2, rows: 200);
        h.Observation = b => b >= 10 ? Obs.PartlyOutOfRange("x") : Obs.Clean;
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9;
        h.Run(0, 20);
        var retrain = h.Of(AgentAction.Retrain).First();
        h.Agent.State.ClosedIncidents.Select(i => i.Cause).Append(h.Agent.State.Incident?.Cause ?? Cause.None)
            .ShouldNotContain(Cause.ConceptDrift);
        retrain.IncludeInitialTraining.ShouldBeTrue();
        h.Of(AgentAction.Retrain).ShouldAllBe(r => !r.OfferWithoutInitialTraining);
    }

    [Fact]
    public void AConceptChange_WithAWindowOfMinRows_NeverAddsIt()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 2, rows: 1000) { Observation = _ => Obs.Clean };
        h.Accuracy = (b, v) => v == "v1" && b >= 10 ? 0.6 : 0.9;
        h.Run(0, 20);
        h.Of(AgentAction.Retrain).ShouldNotBeEmpty();
        h.Of(AgentAction.Retrain).ShouldAllBe(r => !r.IncludeInitialTraining && !r.OfferWithoutInitialTraining);
    }
}
