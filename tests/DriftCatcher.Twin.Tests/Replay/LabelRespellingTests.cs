using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// The replay holds the label strings: a stream label that is no class of train's but one of them after trimming and
/// case-folding is the feed writing a known class another way, sent to the agent as a respelling; any other new
/// string is a new class, as before (a new attack type).
/// </summary>
public sealed class LabelRespellingTests
{
    private const int Batches = 8;
    private const int Rows = 100;

    /// <summary>x below 0.5 is BENIGN, above DDoS; the stream's labels of row i of batch b are <paramref name="label"/>(b, i, class).</summary>
    private static (DataFrame Train, DataFrame Stream) Data(Func<int, int, string, string> label)
    {
        static double X(int i) => ((i * 37) % Rows) / (double)Rows;
        string?[] trainLabels = [.. Enumerable.Range(0, 400).Select(i => X(i) < 0.5 ? "BENIGN" : "DDoS")];
        var train = new DataFrame([Column.Numeric("x", [.. Enumerable.Range(0, 400).Select(X)]), Column.Categorical("label", trainLabels)]);
        var n = Batches * Rows;
        string?[] streamLabels = [.. Enumerable.Range(0, n).Select(r => label(r / Rows, r % Rows, X(r) < 0.5 ? "BENIGN" : "DDoS"))];
        var stream = new DataFrame([
            Column.Numeric("batch", [.. Enumerable.Range(0, n).Select(r => (double)(r / Rows))]),
            Column.Numeric("x", [.. Enumerable.Range(0, n).Select(X)]),
            Column.Categorical("label", streamLabels),
        ]);
        return (train, stream);
    }

    private static ReplayResult Replay((DataFrame Train, DataFrame Stream) data, AgentPolicy policy) =>
        ReplayDriver.Run(data.Train, data.Stream, new ReplayOptions("label", policy) { LabelDelay = 1, Algorithm = "logistic" }, TestContext.Current.CancellationToken);

    [Fact]
    public void AKnownClassWrittenInAnotherCase_IsARespelling_ANewName_StaysANewClass()
    {
        // Batch 3: BENIGN written "Benign " and every tenth DDoS row a PortScan (a class train never had).
        var data = Data((b, i, c) => b == 3 && c == "BENIGN" ? "Benign " : b == 3 && i % 10 == 0 ? "PortScan" : c);
        var run = Replay(data, DefaultPolicy.Create());

        var alert = run.Actions.Where(a => a.Action == "alert" && a.Reason.StartsWith("Labels arrive spelt differently", StringComparison.Ordinal)).ShouldHaveSingleItem();
        alert.Batch.ShouldBe(4);
        alert.Reason.ShouldContain("'Benign ' for the class 'BENIGN' in 50 labels of batch 3");
        alert.Reason.ShouldNotContain("PortScan");
        run.FinalState.Memory.FaultyBatches.ShouldBe([3L]);

        // The report scores a respelled row as the class it spells; a PortScan row is a class the model never answers.
        var portScans = Enumerable.Range(0, Rows).Count(i => i % 10 == 0 && ((i * 37) % Rows) / (double)Rows >= 0.5);
        run.BatchAccuracy[3].ShouldBe(run.BatchAccuracy[2] - ((double)portScans / Rows), 1e-9);
    }

    [Fact]
    public void AStreamThatWritesEveryClassAnotherWay_IsRefused_NamingTheSpellings()
    {
        var data = Data((_, _, c) => c.ToLowerInvariant());
        var ex = Should.Throw<InputDataException>(() => Replay(data, DefaultPolicy.Create()));
        ex.Message.ShouldBe("the stream's labels ('benign', 'ddos') share no class with train's ('BENIGN', 'DDoS'); 'benign' differs from train's 'BENIGN' only in case or spaces; 'ddos' differs from train's 'DDoS' only in case or spaces; both files must spell the label's classes the same way");
    }
}
