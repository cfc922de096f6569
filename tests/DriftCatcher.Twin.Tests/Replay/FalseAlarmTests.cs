using DriftCatcher.Core.Agent.Policy;
using Shouldly;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>
/// Crying wolf: the 20 stable probe streams in data/scenarios/false-alarm (SEA without label noise, a 99 % model,
/// and rotating hyperplanes at 88 %), default policy, GBT, label delay 2. Any model change is a false alarm.
/// Before the classifier baseline pooled its validation rows and more healthy batches, 4 of the 10 SEA streams
/// changed the model (7 changes); now 2, one change each (docs/agent.md, "Crying wolf").
/// </summary>
public sealed class FalseAlarmTests
{
    [Fact]
    public void StableStreams_RarelyChangeTheModel()
    {
        var directory = ReplayFixture.RepoFile("data", "scenarios", "false-alarm");
        var changes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var run = ReplayFixture.Replay(ReplayFixture.GenerateFile(file), DefaultPolicy.Create(), 2, "gbt");
            changes[Path.GetFileNameWithoutExtension(file)] = run.ModelChanges;
        }

        changes.Count.ShouldBe(20);
        changes.Where(kv => kv.Key.StartsWith("fa-hyp", StringComparison.Ordinal)).ShouldAllBe(kv => kv.Value == 0);
        var sea = changes.Where(kv => kv.Key.StartsWith("fa-sea", StringComparison.Ordinal)).ToList();
        sea.Count(kv => kv.Value > 0).ShouldBeLessThanOrEqualTo(2, string.Join(", ", sea.Select(kv => $"{kv.Key}: {kv.Value}")));
        sea.ShouldAllBe(kv => kv.Value <= 1);
    }

    [Fact]
    public void AStableStreamOfSmallBatches_RaisesNoLabelFreeAlert()
    {
        // The session 11 probe: 200 batches of 20 rows. A promoted version's first batch had every row sure, its
        // estimate 1.000 became the level at deployment, and 11 ordinary batches read as 'inputs moved'.
        var data = ReplayFixture.Generate("""{"name":"st","seed":13,"generator":{"type":"sea","noise":0.05},"train_rows":2000,"batches":200,"batch_size":20}""");
        var run = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");

        run.ModelChanges.ShouldBe(1); // the retrain and promotion the labels asked for, unchanged by the fix
        run.Actions.Where(a => a.Reason.Contains("(label-free)", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    // Session 12's stream, seed 21, 200 batches of 100 rows, a 93 % model: one batch of 16 errors in 100 against an early
    // baseline of 0.944 made a retrain at 13 whose candidate only tied the champion on the gate (0.917 against 0.917) and
    // was promoted; its verified recovery started challengers, and one won by two held-out rows of 120 (0.933 against
    // 0.917): 2 model changes. On the verification's rows v1, answering beside v2, scored 0.935.
    [InlineData(21, 100)]
    // Seed 25, 200 batches of 50 rows: two batches far below (0.820 against 0.930) made a retrain at 184 and a
    // promotion; then challengers, one of which won by one held-out row of 60 (0.967 against 0.950) and replaced the
    // champion. On the verification's rows v1, answering beside v2, scored 0.910.
    [InlineData(25, 50)]
    public void AFalseAlarmsRecovery_IsNotFollowedByChallengers_WhenThePriorIsBackAtItsLevel(int seed, int batchSize)
    {
        // The prior back within the floor of its baseline: the concept did not move, no challengers follow; the recovery
        // itself stands.
        var data = ReplayFixture.Generate($$"""{"name":"st","seed":{{seed}},"generator":{"type":"sea","noise":0.05},"train_rows":2000,"batches":200,"batch_size":{{batchSize}}}""");
        var run = ReplayFixture.Replay(data, DefaultPolicy.Create(), 2, "gbt");

        run.ModelChanges.ShouldBe(1);
        run.Actions.ShouldNotContain(a => a.Reason.StartsWith("challenger", StringComparison.Ordinal));
    }
}
