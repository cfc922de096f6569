using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Messages;
using DriftCatcher.Core.Agent.State;
using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// A label feed that starts writing a known class another way ("benign" for "BENIGN"): the host sends those labels
/// as respellings, not as a class. Before, the twin made each spelling a new class: realized accuracy collapsed, the
/// agent read concept drift and retrained and promoted on those labels at once.
/// </summary>
public sealed class RespelledLabelTests
{
    private static List<ActionRequest> RespelledAlerts(AgentHarness h) =>
        [.. h.Of(AgentAction.Alert).Where(r => r.Reason.StartsWith("Labels arrive spelt differently", StringComparison.Ordinal))];

    [Fact]
    public void RespelledLabels_AreToldOnce_NamingTheSpellingTheClassAndTheCount_AndNeverUsed()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.Respell = (b, k) => b is >= 10 and <= 19 && k == 0 ? "benign" : null;
        h.Run(0, 30);

        var alert = RespelledAlerts(h).ShouldHaveSingleItem();
        var told = h.Decisions.First(d => d.Requests.Contains(alert));
        told.Batch.ShouldBe(11);
        // 200 rows, the first 180 right: class 0 on the even rows below 180 (90) and the odd ones from 180 on (10).
        alert.Reason.ShouldContain("Evidence: 'benign' for the class 'BENIGN' in 100 labels of batch 10.");
        alert.Reason.ShouldContain("a data-quality fault upstream, in the labels");
        var finding = told.Findings.Where(f => f.Code == "label_respelled").ShouldHaveSingleItem();
        finding.Evidence["labels"].ShouldBe(100);
        h.Requests.ShouldNotContain(r => r.Action != AgentAction.Alert, "the model is not the problem: nothing moves");

        // The correctly spelt labels of those batches lack BENIGN: a one-sided sample, not judged either.
        var window = h.Agent.State.Window.Batches;
        window.Where(b => b.Batch is >= 10 and <= 19).ShouldAllBe(b => b.Labeled == 0);
        window.Where(b => b.Batch is 9 or (>= 20 and <= 29)).ShouldAllBe(b => b.Labeled == 200);
        h.Agent.State.Memory.FaultyBatches.ShouldBe(Enumerable.Range(10, 10).Select(b => (long)b));
        h.Decisions.ShouldContain(d => d.Batch == 30 && d.Reason == "healthy: keep monitoring");
    }

    [Fact]
    public void ABatchWhoseLabelsAreAllRespelled_IsNotAJoinProblem_NorALabelGapThatActs()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.Respell = (b, k) => b is >= 10 and <= 19 ? (k == 0 ? "benign" : "ddos") : null;
        h.Run(0, 30);

        var alert = RespelledAlerts(h).ShouldHaveSingleItem();
        alert.Reason.ShouldContain("'benign' for the class 'BENIGN' in 100 labels of batch 10; 'ddos' for the class 'DDoS' in 100 labels of batch 10");
        h.Of(AgentAction.Alert).ShouldHaveSingleItem("no 'labels cannot be joined': every respelled label matched its prediction");
        h.Requests.ShouldNotContain(r => r.Action != AgentAction.Alert);
        h.Agent.State.Window.UnjoinedTicks.ShouldBe(0);
        h.Agent.State.Window.Pending.ShouldNotContain(p => p.Batch >= 10 && p.Batch <= 19, "settled, not left waiting for labels");
    }

    [Fact]
    public void ARespellingThatComesBack_AfterClearAfterBatchesWithout_IsToldAgain()
    {
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.Respell = (b, k) => b is 5 or 6 or 20 && k == 0 ? "BENIGN " : null;
        h.Run(0, 24);

        RespelledAlerts(h).Select(a => h.Decisions.First(d => d.Requests.Contains(a)).Batch).ShouldBe([6L, 21L]);
        RespelledAlerts(h)[0].Reason.ShouldContain("'BENIGN ' for the class 'BENIGN' in 100 labels of batch 5");
    }

    [Fact]
    public void ARetrainForRealDriftAfterARespelling_NeverReachesBackIntoIt()
    {
        // Labels respelled in batches 10–19, then the concept moves at 22: the recovery trains on batches after the
        // respelling only, never on the correctly spelt rest of its batches (a sample without BENIGN).
        var h = new AgentHarness(DefaultPolicy.Create(), labelDelay: 1) { Observation = _ => Obs.Clean };
        h.Respell = (b, k) => b is >= 10 and <= 19 && k == 0 ? "benign" : null;
        h.Accuracy = (b, v) => b >= 22 && v == "v1" ? 0.6 : 0.9;
        h.Run(0, 34);

        var retrains = h.Of(AgentAction.Retrain);
        retrains.ShouldNotBeEmpty("the drift at 22 is real and measured on the labels after the respelling");
        retrains.ShouldAllBe(r => r.FirstBatch > 19 || r.LastBatch < 10);
    }

    [Fact]
    public void ARegressionModelsLabels_AreNumbers_AndCannotBeRespelled()
    {
        var agent = new ModelAgent(AgentState.CreateRegression("m", "v1", AgentHarness.Start, 1.0, 0.5, 100));
        var labels = LabelBatch.Numeric(AgentHarness.Start, ["0-0"], [1.5]) with { Respelled = [new RespelledLabels("one", "1", ["0-1"])] };
        Should.Throw<ArgumentException>(() => agent.Handle(labels, new AgentContext(DefaultPolicy.Create(), new ScriptedMonitor())))
            .Message.ShouldContain("LabelBatch.Respelled must be empty");
    }

    [Fact]
    public void PolicyNone_TellsNothing_AndUsesNoneOfThem()
    {
        var h = new AgentHarness(AgentPolicy.NoAction, labelDelay: 1) { Observation = _ => Obs.Clean };
        h.Respell = (b, k) => b >= 10 && k == 0 ? "Benign" : null;
        h.Run(0, 20);

        h.Requests.ShouldBeEmpty();
        h.Agent.State.Window.Batches.Where(b => b.Batch is >= 10 and <= 19).ShouldAllBe(b => b.Labeled == 0);
    }
}
