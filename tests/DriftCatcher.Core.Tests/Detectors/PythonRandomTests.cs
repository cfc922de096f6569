using DriftCatcher.Core.Detectors;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

/// <summary>KSWIN's generator against CPython's random.Random (python_random.json, made by make_reference.py).</summary>
public sealed class PythonRandomTests
{
    [Fact]
    public void GetRandBits_KnownSeeds_MatchCPython()
    {
        using var doc = DetectorStreams.Json("python_random.json");
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var random = new PythonRandom(c.GetProperty("seed").GetInt64());
            var words = c.GetProperty("words").EnumerateArray().Select(w => w.GetUInt32()).ToArray();

            words.Select(_ => random.GetRandBits(32)).ShouldBe(words);
        }
    }

    [Fact]
    public void Sample_KnownSeeds_MatchCPythonPoolAndSetBranches()
    {
        using var doc = DetectorStreams.Json("python_random.json");
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var seed = c.GetProperty("seed").GetInt64();
            var random = new PythonRandom(seed);
            foreach (var s in c.GetProperty("samples").EnumerateArray())
            {
                Draw(random, s).ShouldBe(Expected(s), $"seed {seed}");
            }

            var big = c.GetProperty("big_sample");
            Draw(new PythonRandom(seed), big).ShouldBe(Expected(big), $"seed {seed}, set branch");
        }
    }

    private static int[] Draw(PythonRandom random, System.Text.Json.JsonElement s)
    {
        var n = s.GetProperty("n").GetInt32();
        var result = new int[s.GetProperty("k").GetInt32()];
        random.Sample(n, result, new int[n]);
        return result;
    }

    private static int[] Expected(System.Text.Json.JsonElement s) => [.. s.GetProperty("draws").EnumerateArray().Select(d => d.GetInt32())];
}
