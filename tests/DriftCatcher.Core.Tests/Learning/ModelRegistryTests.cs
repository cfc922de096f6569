using System.Text.Json;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Artifacts;
using DriftCatcher.Core.Learning.Versions;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

public sealed class ModelRegistryTests
{
    private static readonly GateResult Pass = new(true, [new GateCheck("floor", true, "ok")]);
    private static readonly GateResult Fail = new(false, [new GateCheck("floor", false, "holdout accuracy 0.5 is below the floor 0.9")]);

    [Fact]
    public void Promote_MovesChampionToPrevious_RollbackSwapsBack()
    {
        var r = Accepted(Accepted(ModelRegistry.Empty, "v1"), "v2");
        r = r.Promote("v1").Registry;
        r.Resolve(ModelAlias.Champion)!.Id.ShouldBe("v1");
        r.Resolve(ModelAlias.Previous).ShouldBeNull();

        var promoted = r.Promote("v2");
        promoted.Succeeded.ShouldBeTrue();
        promoted.Reason.ShouldContain("'v1' is now previous");
        r = promoted.Registry;
        r.Resolve(ModelAlias.Champion)!.Id.ShouldBe("v2");
        r.Resolve(ModelAlias.Previous)!.Id.ShouldBe("v1");

        r = r.Rollback().Registry;
        r.Resolve(ModelAlias.Champion)!.Id.ShouldBe("v1");
        r.Resolve(ModelAlias.Previous)!.Id.ShouldBe("v2");
    }

    [Fact]
    public void Rollback_WithoutPrevious_Refused()
    {
        var r = Accepted(ModelRegistry.Empty, "v1").Promote("v1").Registry;
        var change = r.Rollback();
        change.Succeeded.ShouldBeFalse();
        change.Registry.ShouldBeSameAs(r);
        change.Reason.ShouldContain("no previous");
    }

    [Fact]
    public void RejectedVersion_MayOnlyShadow()
    {
        var r = ModelRegistry.Empty.Register(Version("v1", 1)).Registry.RecordGate("v1", Fail).Registry;

        r.Find("v1")!.Gate.ShouldBe(GateStatus.Rejected);
        r.Find("v1")!.GateReasons.ShouldBe(["holdout accuracy 0.5 is below the floor 0.9"]);
        r.Promote("v1").Succeeded.ShouldBeFalse();
        foreach (var alias in new[] { ModelAlias.Challenger, ModelAlias.Canary, ModelAlias.Fallback })
        {
            r.Assign(alias, "v1").Succeeded.ShouldBeFalse();
        }

        r.Assign(ModelAlias.Shadow, "v1").Registry.Resolve(ModelAlias.Shadow)!.Id.ShouldBe("v1");
    }

    [Fact]
    public void PendingVersion_MayOnlyShadow() =>
        ModelRegistry.Empty.Register(Version("v1", 1)).Registry.Assign(ModelAlias.Canary, "v1").Reason.ShouldContain("pending");

    [Fact]
    public void RejectingLater_RemovesEveryRoleButShadow_ButNotTheChampion()
    {
        var r = Accepted(Accepted(ModelRegistry.Empty, "v1"), "v2").Promote("v1").Registry;
        r = r.Assign(ModelAlias.Canary, "v2").Registry.Assign(ModelAlias.Shadow, "v2").Registry.Assign(ModelAlias.Fallback, "v2").Registry;

        r = r.RecordGate("v2", Fail).Registry;
        r.AliasesOf("v2").ShouldBe([ModelAlias.Shadow]);

        r.RecordGate("v1", Fail).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Promote_ClearsCandidateRolesOfThePromotedVersion()
    {
        var r = Accepted(Accepted(ModelRegistry.Empty, "v1"), "v2").Promote("v1").Registry.Assign(ModelAlias.Canary, "v2").Registry;
        r = r.Promote("v2").Registry;
        r.AliasesOf("v2").ShouldBe([ModelAlias.Champion]);
    }

    [Fact]
    public void ChampionAndPrevious_OnlyByPromotionOrRollback()
    {
        var r = Accepted(ModelRegistry.Empty, "v1");
        r.Assign(ModelAlias.Champion, "v1").Succeeded.ShouldBeFalse();
        r.Assign(ModelAlias.Previous, "v1").Succeeded.ShouldBeFalse();
        r.Clear(ModelAlias.Champion).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Register_DuplicateOrOldNumber_Refused()
    {
        var r = ModelRegistry.Empty.Register(Version("v1", 1)).Registry;
        r.NextNumber.ShouldBe(2);
        r.Register(Version("v1", 2)).Succeeded.ShouldBeFalse();
        r.Register(Version("v2", 1)).Succeeded.ShouldBeFalse();
        r.Register(Version("v2", 2)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Registry_RoundTripsThroughJson()
    {
        var r = Accepted(Accepted(ModelRegistry.Empty, "v1"), "v2").Promote("v1").Registry.Promote("v2").Registry.Assign(ModelAlias.Shadow, "v1").Registry;

        var json = JsonSerializer.Serialize(r, ModelArtifactFormat.JsonOptions);
        var back = JsonSerializer.Deserialize<ModelRegistry>(json, ModelArtifactFormat.JsonOptions)!;

        back.Versions.Select(v => (v.Id, v.Number, v.Gate)).ShouldBe(r.Versions.Select(v => (v.Id, v.Number, v.Gate)));
        back.Aliases.OrderBy(a => a.Key).ShouldBe(r.Aliases.OrderBy(a => a.Key));
        back.Find("v2")!.HoldoutMetrics[MetricNames.Accuracy].ShouldBe(0.9);
        back.Find("v2")!.Lineage.ContentSha256.ShouldBe("abc");
        JsonSerializer.Serialize(back, ModelArtifactFormat.JsonOptions).ShouldBe(json);
    }

    private static ModelRegistry Accepted(ModelRegistry r, string id) =>
        r.Register(Version(id, r.NextNumber)).Registry.RecordGate(id, Pass).Registry;

    private static ModelVersion Version(string id, int number) => new(
        id, number, "logistic", TaskKind.BinaryClassification, DateTimeOffset.UnixEpoch.AddDays(number),
        new TrainingLineage { Dataset = "d.csv", DatasetRows = 10, ContentSha256 = "abc" },
        ValidationGateTests.Acc(0.9));
}
