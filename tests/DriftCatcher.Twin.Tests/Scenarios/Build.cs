using DriftCatcher.Twin.Scenarios;

namespace DriftCatcher.Twin.Tests.Scenarios;

internal static class Build
{
    public static TwinScenario Sea(int seed = 42, double noise = 0, IReadOnlyList<double>? thetas = null) => new()
    {
        Name = "test",
        Seed = seed,
        Generator = new GeneratorSpec { Type = "sea", Noise = noise, Thetas = thetas },
        TrainRows = 500,
        Batches = 30,
        BatchSize = 400,
    };

    public static string Csv(Action<Stream> write)
    {
        using var ms = new MemoryStream();
        write(ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Row indices of the stream that belong to <paramref name="batch"/>.</summary>
    public static IEnumerable<int> RowsOf(GeneratedScenario g, int batch)
    {
        var b = g.Stream["batch"];
        for (var r = 0; r < b.Length; r++)
        {
            if (b[r] == batch)
            {
                yield return r;
            }
        }
    }
}
