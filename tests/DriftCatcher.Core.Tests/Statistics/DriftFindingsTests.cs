using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Statistics;
using Shouldly;

namespace DriftCatcher.Core.Tests.Statistics;

public sealed class DriftFindingsTests
{
    [Fact]
    public void ToFindings_OnePerDriftedFeature_PlusDatasetDrift()
    {
        var rng = new Random(21);
        var reference = new DataFrame([Column.Numeric("a", Samples.Normal(rng, 3_000)), Column.Numeric("b", Samples.Normal(rng, 3_000))]);
        var current = new DataFrame([Column.Numeric("a", Samples.Normal(rng, 3_000, mean: 1)), Column.Numeric("b", Samples.Normal(rng, 3_000))]);
        var report = DriftAnalyzer.Compare(ReferenceProfile.Build(reference), current);

        var findings = report.ToFindings();
        findings.Count.ShouldBe(2);
        var a = findings.Single(f => f.Kind == FindingKind.FeatureDrift);
        a.Subject.ShouldBe("a");
        a.Code.ShouldBe("feature_drift");
        a.Severity.ShouldBe(Severity.Critical);
        a.Evidence["score"].ShouldBeGreaterThan(a.Evidence["threshold"]);
        a.Evidence["reference_count"].ShouldBe(3_000);
        a.Evidence["current_count"].ShouldBe(3_000);
        findings.Single(f => f.Kind == FindingKind.DatasetDrift).Evidence["share_drifted"].ShouldBe(0.5);
    }

    [Fact]
    public void PredictionDrift_OnModelOutputs()
    {
        var rng = new Random(23);
        var refClasses = Samples.Categories(rng, 4_000, ["BENIGN", "DDoS"], [0.9, 0.1]);
        var curClasses = Samples.Categories(rng, 4_000, ["BENIGN", "DDoS"], [0.6, 0.4]);
        var refProba = refClasses.Select(c => c == "DDoS" ? 0.8 + (0.2 * rng.NextDouble()) : 0.2 * rng.NextDouble()).ToArray();
        var curProba = curClasses.Select(c => c == "DDoS" ? 0.8 + (0.2 * rng.NextDouble()) : 0.2 * rng.NextDouble()).ToArray();

        var profile = ReferenceProfile.Build(PredictionFrame.Create(refClasses, new Dictionary<string, double[]> { ["DDoS"] = refProba }));
        var report = DriftAnalyzer.Compare(profile, PredictionFrame.Create(curClasses, new Dictionary<string, double[]> { ["DDoS"] = curProba }));

        report.Features.Select(f => (f.Name, f.Kind)).ShouldBe([("prediction", ColumnKind.Categorical), ("proba_DDoS", ColumnKind.Numeric)]);
        var findings = report.ToFindings(FindingKind.PredictionDrift);
        findings.Select(f => f.Subject).ShouldBe(["prediction", "proba_DDoS"]);
        findings.ShouldAllBe(f => f.Kind == FindingKind.PredictionDrift && f.Code == "prediction_drift");
    }

    [Fact]
    public void ToFindings_StableData_GivesNone()
    {
        var rng = new Random(25);
        var report = DriftAnalyzer.Compare(
            ReferenceProfile.Build(new DataFrame([Column.Numeric("a", Samples.Normal(rng, 2_000))])),
            new DataFrame([Column.Numeric("a", Samples.Normal(rng, 2_000))]));
        report.ToFindings().ShouldBeEmpty();
    }
}
