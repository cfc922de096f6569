using System.Globalization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Bench;

/// <summary>What the agent benchmarks share: the clock's start and batches of 10 numeric features.</summary>
internal static class AgentBenchData
{
    public const int Features = 10;

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Feature f is N(10·f, 1).</summary>
    public static DataFrame Frame(Random random, int rows)
    {
        var columns = new Column[Features];
        for (var f = 0; f < Features; f++)
        {
            var values = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                values[i] = (f * 10) + Normal(random);
            }

            columns[f] = Column.Numeric($"x{f.ToString(CultureInfo.InvariantCulture)}", values);
        }

        return new DataFrame(columns);
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
