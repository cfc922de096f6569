using System.Globalization;
using DriftCatcher.Core.Agent.Trials;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

public sealed class CanaryRouterTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Share_IsMetWithinTolerance_OnSequentialIds(double share)
    {
        const int n = 100_000;
        var hits = Enumerable.Range(0, n).Count(i => CanaryRouter.ServesCandidate(i.ToString(CultureInfo.InvariantCulture), share));
        // Binomial sd = sqrt(n p (1-p)) <= 158 rows; 5 sd.
        Math.Abs(hits - (share * n)).ShouldBeLessThan(5 * Math.Sqrt(n * share * (1 - share)));
    }

    [Fact]
    public void Share_IsMet_OnEveryBlockOfIds()
    {
        // Small batches too: each block of 500 sequential ids gets about 100 canary rows (sd 8.9).
        for (var block = 0; block < 20; block++)
        {
            var hits = Enumerable.Range(block * 500, 500).Count(i => CanaryRouter.ServesCandidate($"{i}", 0.2));
            hits.ShouldBeInRange(60, 140);
        }
    }

    [Fact]
    public void Routing_IsDeterministic_AndNested()
    {
        var ids = Enumerable.Range(0, 5000).Select(i => $"req-{i}").ToArray();
        var first = ids.Select(id => CanaryRouter.ServesCandidate(id, 0.2)).ToArray();
        var again = ids.Select(id => CanaryRouter.ServesCandidate(id, 0.2)).ToArray();
        again.ShouldBe(first);

        // Raising the share only adds rows: a row on the canary stays on it.
        for (var i = 0; i < ids.Length; i++)
        {
            if (first[i])
            {
                CanaryRouter.ServesCandidate(ids[i], 0.3).ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void EdgeShares_RouteNothingOrEverything()
    {
        CanaryRouter.ServesCandidate("x", 0).ShouldBeFalse();
        CanaryRouter.ServesCandidate("x", 1).ShouldBeTrue();
        CanaryRouter.ServesCandidate(new string('z', 1000), 0.999999).ShouldBe(CanaryRouter.ServesCandidate(new string('z', 1000), 0.999999));
    }
}
