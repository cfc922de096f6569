using DriftCatcher.Core.Learning;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

/// <summary>The internal metrics against scikit-learn's on random labels and probabilities with ties.</summary>
public sealed class ScoringTests
{
    [Fact]
    public void Classification_MatchesSklearn()
    {
        var cases = LearningFixtures.Reference.GetProperty("metrics").EnumerateArray().ToList();
        cases.Count.ShouldBe(3);
        foreach (var c in cases)
        {
            var k = c.GetProperty("classes").GetInt32();
            var y = c.GetProperty("y").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var p = c.GetProperty("proba").EnumerateArray().SelectMany(LearningFixtures.Doubles).ToArray();
            var s = Scoring.Classification(y, p, k);
            s.Accuracy.ShouldBe(c.GetProperty("accuracy").GetDouble(), 1e-12);
            s.F1Macro.ShouldBe(c.GetProperty("f1_macro").GetDouble(), 1e-12);
            s.LogLoss.ShouldBe(c.GetProperty("log_loss").GetDouble(), 1e-12);
            if (k == 2)
            {
                s.RocAuc!.Value.ShouldBe(c.GetProperty("roc_auc").GetDouble(), 1e-12);
            }
            else
            {
                s.RocAuc.ShouldBeNull();
            }
        }
    }

    [Fact]
    public void Regression_MatchesSklearn()
    {
        var c = LearningFixtures.Reference.GetProperty("regression_metrics");
        var s = Scoring.Regression(LearningFixtures.Doubles(c.GetProperty("y")), LearningFixtures.Doubles(c.GetProperty("pred")));
        s.Mae.ShouldBe(c.GetProperty("mae").GetDouble(), 1e-12);
        s.Rmse.ShouldBe(c.GetProperty("rmse").GetDouble(), 1e-12);
        s.R2.ShouldBe(c.GetProperty("r2").GetDouble(), 1e-12);
    }

    [Fact]
    public void Classification_OneClassOnly_RocAucIsNaN() =>
        double.IsNaN(Scoring.Classification([1, 1], [0.8, 0.2, 0.3, 0.7], 2).RocAuc!.Value).ShouldBeTrue();
}
