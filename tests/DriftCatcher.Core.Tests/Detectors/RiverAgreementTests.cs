using DriftCatcher.Core.Detectors;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

/// <summary>
/// Every detection index River asserts in its own tests and docstrings (river_expected.json,
/// copied by hand from River), reproduced exactly on the same streams.
/// </summary>
public sealed class RiverAgreementTests
{
    public static TheoryData<string> Cases()
    {
        using var doc = DetectorStreams.Json("river_expected.json");
        var data = new TheoryData<string>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void ReferenceCases_CoverEveryRiverDetector()
    {
        using var doc = DetectorStreams.Json("river_expected.json");
        var detectors = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("detector").GetString()).ToHashSet();
        detectors.ShouldBe(ChangeDetectors.Names.Where(n => n != ChangeDetectors.Cusum), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detector_RiverStream_SignalsAtRiversIndices(string name)
    {
        using var doc = DetectorStreams.Json("river_expected.json");
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var options = c.GetProperty("options").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var detector = ChangeDetectors.Create(c.GetProperty("detector").GetString()!, options);
        var values = DetectorStreams.Load(c.GetProperty("stream").GetString()!);

        if (c.TryGetProperty("drifts", out var drifts))
        {
            var run = DetectorStreams.Run(detector, values);
            run.Drifts.ShouldBe(drifts.EnumerateArray().Select(e => e.GetInt32()).ToList());
        }
        else
        {
            var expected = c.GetProperty("events").EnumerateArray()
                .Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("index").GetInt32()}")
                .ToList();
            DocstringEvents(detector, values).ShouldBe(expected);
        }
    }

    /// <summary>River's docstring loop: the first warning after the start or after a drift, and every drift.</summary>
    private static List<string> DocstringEvents(IChangeDetector detector, double[] values)
    {
        var events = new List<string>();
        var printWarning = true;
        for (var i = 0; i < values.Length; i++)
        {
            var result = detector.Update(values[i]);
            if (result.Warning && printWarning)
            {
                events.Add($"warning {i}");
                printWarning = false;
            }

            if (result.Drift)
            {
                events.Add($"drift {i}");
                printWarning = true;
            }
        }

        return events;
    }
}
