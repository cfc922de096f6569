using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Findings;
using DriftCatcher.Core.Quality;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>A monitoring engine whose next observation the test sets: the agent's rules are tested on synthetic findings.</summary>
internal sealed class ScriptedMonitor : IBatchMonitor
{
    public BatchObservation Next { get; set; } = BatchObservation.Empty;

    public BatchObservation Observe(DataFrame features, ReadOnlySpan<double> outputs, int outputWidth) => Next;

    /// <summary>The real engine whose observations the test scripts, if any: it judges bin counts (else none are judged).</summary>
    public IBatchMonitor? Engine { get; set; }

    public IReadOnlyList<PooledDrift> ComparePooled(IReadOnlyDictionary<string, long[]> histograms) =>
        Engine?.ComparePooled(histograms) ?? [];

    /// <summary>The training labels' baseline the real label check judges arriving regression labels against (none: unchecked).</summary>
    public QualityBaseline? Targets { get; set; }

    public IReadOnlyList<Finding> CheckTargets(IReadOnlyList<double> targets) =>
        Targets is { } baseline ? TargetQuality.Check(baseline, targets) : [];

    /// <summary>The held-out calls the real label check judges arriving class labels against (none: unchecked).</summary>
    public ClassLabelBaseline? Calls { get; set; }

    public ClassLabelBaseline? ClassLabels => Calls;
}
