using DriftCatcher.Core.Detectors;
using FsCheck;
using FsCheck.Fluent;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

public sealed class AdwinTests
{
    [Fact]
    public void Histogram_NoCutTested_HoldsTheExactTotalAndSumOfSquares()
    {
        // With the clock never ticking, the exponential histogram must still summarise the whole
        // stream: its total and variance are checked against a direct two-pass computation.
        var gen = Gen.ListOf(Gen.Choose(-1000, 1000).Select(i => i / 10.0)).Where(l => l.Count > 1);
        Prop.ForAll(gen.ToArbitrary(), values =>
        {
            var adwin = new AdwinDetector(new AdwinOptions { Clock = int.MaxValue });
            foreach (var v in values)
            {
                adwin.Update(v);
            }

            var state = (AdwinState)adwin.Snapshot();
            var mean = values.Average();
            var sumSquares = values.Sum(v => (v - mean) * (v - mean));
            return state.Width == values.Count
                && Math.Abs(state.Total - values.Sum()) < 1e-9 * Math.Max(1, Math.Abs(values.Sum()) + values.Count)
                && Math.Abs(state.Variance - sumSquares) <= 1e-9 * Math.Max(1, sumSquares)
                && state.BucketTotals.All(row => row.Length <= AdwinOptions.DefaultMaxBuckets);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Histogram_MillionValues_KeepsLogarithmicallyManyBuckets()
    {
        var adwin = new AdwinDetector();
        for (var i = 0; i < 1_000_000; i++)
        {
            adwin.Update(i % 2);
        }

        var state = (AdwinState)adwin.Snapshot();
        state.Width.ShouldBe(1_000_000);
        state.BucketTotals.Length.ShouldBeLessThanOrEqualTo(20);
        state.BucketTotals.Sum(r => r.Length).ShouldBeLessThanOrEqualTo(20 * AdwinOptions.DefaultMaxBuckets);
    }

    [Fact]
    public void ConstantStream_NeverFires()
    {
        var adwin = new AdwinDetector(new AdwinOptions { Clock = 1 });

        Enumerable.Range(0, 5000).Any(_ => adwin.Update(1.0).Drift).ShouldBeFalse();
    }

    [Fact]
    public void Reset_AfterDrift_StartsAnEmptyWindow()
    {
        var adwin = new AdwinDetector(new AdwinOptions { Clock = 1 });
        for (var i = 0; i < 500; i++)
        {
            adwin.Update(0.0);
        }

        var fired = false;
        for (var i = 0; i < 500 && !fired; i++)
        {
            fired = adwin.Update(100.0).Drift;
        }

        fired.ShouldBeTrue();
        adwin.Width.ShouldBe(0);
        adwin.Update(50.0);
        adwin.Width.ShouldBe(1);
    }
}
