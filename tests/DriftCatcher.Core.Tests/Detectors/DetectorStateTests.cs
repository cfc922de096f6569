using System.Text.Json;
using DriftCatcher.Core.Detectors;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

/// <summary>
/// Snapshot, serialize, deserialize, restore and continue gives exactly the results of an
/// uninterrupted run, for every detector, cut at several points (before warm-up, around the change,
/// right after a drift).
/// </summary>
public sealed class DetectorStateTests
{
    private static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static TheoryData<string, string, string> Detectors() => new()
    {
        { ChangeDetectors.Adwin, "", "river_stream_1.txt" },
        { ChangeDetectors.Adwin, "reset-on-drift=false,clock=1", "river_stream_1.txt" },
        { ChangeDetectors.Ddm, "", "river_stream_2.txt" },
        { ChangeDetectors.Eddm, "", "river_stream_2.txt" },
        { ChangeDetectors.HddmA, "two-sided=true", "river_stream_3.txt" },
        { ChangeDetectors.HddmW, "two-sided=true", "river_stream_3.txt" },
        { ChangeDetectors.Kswin, "", "river_stream_1.txt" },
        { ChangeDetectors.Kswin, "window-size=1000,stat-size=30", "variance_change.txt" },
        { ChangeDetectors.PageHinkley, "", "river_stream_3.txt" },
        { ChangeDetectors.Cusum, "", "mean_shift_up.txt" },
    };

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Snapshot_JsonRoundTripAtSeveralCuts_ContinuesIdentically(string name, string options, string stream)
    {
        var values = DetectorStreams.Load(stream);
        var parsed = DetectorContractTests.ParseOptions(options);
        var uninterrupted = Results(ChangeDetectors.Create(name, parsed), values);
        uninterrupted.ShouldContain(r => r.Drift, "the stream should exercise a reset");
        var firstDrift = uninterrupted.FindIndex(r => r.Drift);

        foreach (var json in new[] { JsonSerializerOptions.Default, SnakeCase })
        {
            var detector = ChangeDetectors.Create(name, parsed);
            var results = new List<DetectorResult>();
            var cuts = new SortedSet<int> { 0, 1, 17, 29, 31, 500, 999, 1000, 1013, firstDrift, firstDrift + 1, 1777 };
            for (var i = 0; i < values.Length; i++)
            {
                if (cuts.Contains(i))
                {
                    var text = JsonSerializer.Serialize(detector.Snapshot(), json);
                    detector = ChangeDetectors.Restore(JsonSerializer.Deserialize<DetectorState>(text, json)!);
                    detector.Name.ShouldBe(name);
                }

                results.Add(detector.Update(values[i]));
            }

            results.ShouldBe(uninterrupted);
        }
    }

    [Fact]
    public void Snapshot_Json_NamesTheDetectorAndHoldsOnlyFiniteNumbers()
    {
        foreach (var name in ChangeDetectors.Names)
        {
            var text = JsonSerializer.Serialize(ChangeDetectors.Create(name).Snapshot());

            using var doc = JsonDocument.Parse(text);
            doc.RootElement.GetProperty("detector").GetString().ShouldBe(name);
            text.ShouldNotContain("Infinity");
            text.ShouldNotContain("NaN");
        }
    }

    [Fact]
    public void Snapshot_RandomStreamsAndCuts_RestoredDetectorAgrees()
    {
        var names = ChangeDetectors.Names.ToArray();
        var gen =
            from name in Gen.Elements(names)
            from before in Gen.ListOf(Gen.Elements(0.0, 0.0, 0.0, 1.0), 150)
            from after in Gen.ListOf(Gen.Elements(0.0, 1.0, 1.0, 1.0), 150)
            from cut in Gen.Choose(0, 299)
            select (name, values: before.Concat(after).ToArray(), cut);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var options = c.name == ChangeDetectors.Kswin ? new Dictionary<string, string> { ["window-size"] = "60", ["stat-size"] = "20" } : null;
            var whole = Results(ChangeDetectors.Create(c.name, options), c.values);
            var first = ChangeDetectors.Create(c.name, options);
            var head = Results(first, c.values[..c.cut]);
            var state = JsonSerializer.Deserialize<DetectorState>(JsonSerializer.Serialize(first.Snapshot()))!;
            var tail = Results(ChangeDetectors.Restore(state), c.values[c.cut..]);
            return whole.SequenceEqual(head.Concat(tail));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Restore_MalformedState_ThrowsInputDataException()
    {
        var ok = (AdwinState)new AdwinDetector().Snapshot();
        Should.Throw<Core.Data.InputDataException>(() => ChangeDetectors.Restore(ok with { Width = 7 }))
            .Message.ShouldContain("adwin");

        var kswin = (KswinState)new KswinDetector().Snapshot();
        Should.Throw<Core.Data.InputDataException>(() => ChangeDetectors.Restore(kswin with { RandomState = new uint[3] }))
            .Message.ShouldContain("generator");

        var ph = (PageHinkleyState)new PageHinkleyDetector().Snapshot();
        Should.Throw<Core.Data.InputDataException>(() => ChangeDetectors.Restore(ph with { Options = ph.Options with { Alpha = 2 } }))
            .Message.ShouldContain("'alpha'");
    }

    private static List<DetectorResult> Results(IChangeDetector detector, IEnumerable<double> values) =>
        [.. values.Select(detector.Update)];
}
