using System.Globalization;
using System.Text.Json;
using DriftCatcher.Core.Detectors;

namespace DriftCatcher.Core.Tests.Detectors;

/// <summary>Loads the committed reference streams and runs detectors over them.</summary>
internal static class DetectorStreams
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Detectors", "Reference", file);

    public static double[] Load(string file) =>
        [.. File.ReadLines(Path(file)).Where(l => l.Length > 0).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];

    public static JsonDocument Json(string file) => JsonDocument.Parse(File.ReadAllText(Path(file)));

    public static DetectorRun Run(IChangeDetector detector, IEnumerable<double> values, int offset = 0)
    {
        var drifts = new List<int>();
        var warnings = new List<int>();
        var i = offset;
        foreach (var value in values)
        {
            var result = detector.Update(value);
            if (result.Drift)
            {
                drifts.Add(i);
            }

            if (result.Warning)
            {
                warnings.Add(i);
            }

            i++;
        }

        return new DetectorRun(drifts, warnings);
    }

    public static DetectorRun Run(string name, IReadOnlyDictionary<string, string> options, string file) =>
        Run(ChangeDetectors.Create(name, options), Load(file));
}

internal sealed record DetectorRun(List<int> Drifts, List<int> Warnings);
