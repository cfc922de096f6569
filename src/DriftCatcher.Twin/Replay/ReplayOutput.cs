using System.Globalization;
using System.Text;
using System.Text.Json;
using DriftCatcher.Core.Agent;

namespace DriftCatcher.Twin.Replay;

/// <summary>
/// Writes a replay's files: predictions.csv (<c>batch,row,prediction,served_version</c>, one line per
/// stream row in stream order), actions.jsonl (one action per line), decisions.jsonl (one tick per line,
/// snake_case, see docs/agent.md) and run.json (header facts for the report).
/// </summary>
public static class ReplayOutput
{
    public const string PredictionsFile = "predictions.csv";
    public const string ActionsFile = "actions.jsonl";
    public const string DecisionsFile = "decisions.jsonl";
    public const string RunFile = "run.json";
    public const string StateFile = "agent-state.json";

    public static void WritePredictions(ReplayResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = Writer(output);
        w.WriteLine("batch,row,prediction,served_version");
        foreach (var p in result.Predictions)
        {
            w.Write(p.Batch.ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(p.Row.ToString(CultureInfo.InvariantCulture));
            w.Write(',');
            w.Write(Csv(p.Prediction));
            w.Write(',');
            w.WriteLine(Csv(p.ServedVersion));
        }
    }

    public static void WriteActions(ReplayResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = Writer(output);
        foreach (var a in result.Actions)
        {
            w.WriteLine(JsonSerializer.Serialize(a, AgentJson.Options));
        }
    }

    public static void WriteDecisions(ReplayResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = Writer(output);
        foreach (var d in result.Decisions)
        {
            w.WriteLine(JsonSerializer.Serialize(d, AgentJson.Options));
        }
    }

    public static void WriteState(ReplayResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        JsonSerializer.Serialize(output, result.FinalState, AgentJson.Indented);
    }

    public static void WriteRunInfo(Stream output, string? scenario, string policy, string algorithm, int labelDelay, int? driftOnset, string? task = null)
    {
        using var w = Writer(output);
        var info = new Dictionary<string, object?>
        {
            ["scenario"] = scenario,
            ["policy"] = policy,
            ["algorithm"] = algorithm,
            ["label_delay"] = labelDelay,
            ["drift_onset"] = driftOnset,
        };
        if (task is not null)
        {
            info["task"] = task; // "classification" or "regression" (inferred from the label column)
        }

        w.Write(JsonSerializer.Serialize(info, AgentJson.Indented));
        w.WriteLine();
    }

    private static StreamWriter Writer(Stream output) => new(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };

    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
