using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Replay;
using DriftCatcher.Twin.Scenarios;

namespace DriftCatcher.Twin.Tests.Replay;

/// <summary>Generates small scenarios and replays them in-process.</summary>
internal static class ReplayFixture
{
    public static (DataFrame Train, DataFrame Stream, ScenarioTruth Truth) Generate(string json)
    {
        var generated = ScenarioGenerator.Generate(ScenarioJson.Parse(json));
        return (generated.Train.ToDataFrame(), generated.Stream.ToDataFrame(), generated.Truth);
    }

    public static (DataFrame Train, DataFrame Stream, ScenarioTruth Truth) GenerateFile(string path, Func<TwinScenario, TwinScenario>? edit = null)
    {
        using var fs = File.OpenRead(path);
        var scenario = ScenarioJson.Parse(fs);
        var generated = ScenarioGenerator.Generate(edit is null ? scenario : edit(scenario));
        return (generated.Train.ToDataFrame(), generated.Stream.ToDataFrame(), generated.Truth);
    }

    public static ReplayResult Replay((DataFrame Train, DataFrame Stream, ScenarioTruth Truth) data, AgentPolicy policy, int labelDelay = 2, string algorithm = "logistic") =>
        ReplayDriver.Run(data.Train, data.Stream, new ReplayOptions(data.Truth.LabelColumn, policy)
            {
                LabelDelay = labelDelay,
                LabelDelayByBatch = data.Truth.FaultLabelDelays(),
                LabelFactorByBatch = data.Truth.FaultLabelFactors(),
                TrueClassByRow = data.Truth.TrueLabels,
                Algorithm = algorithm,
                BatchColumn = data.Truth.BatchColumn,
            },
            TestContext.Current.CancellationToken);

    /// <summary>A shipped scenario (path under data/scenarios) replayed as the targets are measured: default policy, label delay 2, GBT.</summary>
    public static ReplayResult ReplayShipped(params string[] pathUnderScenarios) => Shipped(pathUnderScenarios).Result;

    /// <summary>
    /// <see cref="ReplayShipped"/> with the generated data, run once per test process: the invariant theory and the
    /// scenario tests replay the same files (a replay is deterministic, and no test changes a result).
    /// </summary>
    public static ((DataFrame Train, DataFrame Stream, ScenarioTruth Truth) Data, ReplayResult Result) Shipped(params string[] pathUnderScenarios) =>
        ShippedRuns.GetOrAdd(string.Join('/', pathUnderScenarios), key => new Lazy<((DataFrame, DataFrame, ScenarioTruth), ReplayResult)>(() =>
        {
            var data = GenerateFile(RepoFile(["data", "scenarios", .. key.Split('/')]));
            return (data, Replay(data, DefaultPolicy.Create(), 2, "gbt"));
        })).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<((DataFrame Train, DataFrame Stream, ScenarioTruth Truth) Data, ReplayResult Result)>> ShippedRuns = new(StringComparer.Ordinal);

    /// <summary>The repository root (holding data/), found upwards from the test binaries.</summary>
    public static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "data", "scenarios")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("no data/scenarios above the test binaries"), .. parts]);
    }

    public const string SmallConceptDrift = """
        {"name":"small-drift","seed":7,"generator":{"type":"sea","noise":0.05},"train_rows":1500,"batches":24,"batch_size":250,
         "drifts":[{"shape":"sudden","start":10,"to":3}]}
        """;

    public const string SmallUnitFault = """
        {"name":"small-fault","seed":8,"generator":{"type":"sea","noise":0.05},"train_rows":1500,"batches":24,"batch_size":250,
         "faults":[{"kind":"unit_change","column":"x1","start":8,"end":12,"factor":1000}]}
        """;
}
