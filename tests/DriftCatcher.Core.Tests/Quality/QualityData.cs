using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Tests.Quality;

/// <summary>Seeded tabular samples from one fixed distribution, with the usual awkward columns.</summary>
internal static class QualityData
{
    public static readonly string[] Cities = ["Lyon", "Paris", "Nice", "Lille", "Brest"];
    private static readonly double[] CityWeights = [0.4, 0.3, 0.15, 0.1, 0.05];

    /// <summary>
    /// age ~ N(40, 10) with 1% missing; income ~ LogNormal(10, 1) with 0.1% +Infinity; score ~ U(0, 1);
    /// visits ~ Poisson(2) (90% zeros and ones); city (5 levels); product (Zipf over 400 levels, long tail);
    /// label ("yes"/"no").
    /// </summary>
    public static DataFrame Sample(int rows, int seed)
    {
        var rng = new Random(seed);
        var age = new double[rows];
        var income = new double[rows];
        var score = new double[rows];
        var visits = new double[rows];
        var city = new string?[rows];
        var product = new string?[rows];
        var label = new string?[rows];
        var zipf = ZipfCumulative(400, 1.1);
        for (var i = 0; i < rows; i++)
        {
            age[i] = rng.NextDouble() < 0.01 ? double.NaN : 40 + (10 * Normal(rng));
            income[i] = rng.NextDouble() < 0.001 ? double.PositiveInfinity : Math.Exp(10 + Normal(rng));
            score[i] = rng.NextDouble();
            visits[i] = Poisson(rng, 2);
            city[i] = Cities[Pick(rng, CityWeights)];
            product[i] = "p" + Array.BinarySearch(zipf, rng.NextDouble()) switch { < 0 and var x => ~x, var x => x };
            label[i] = rng.NextDouble() < 0.3 ? "yes" : "no";
        }

        return new DataFrame(
        [
            Column.Numeric("age", age),
            Column.Numeric("income", income),
            Column.Numeric("score", score),
            Column.Numeric("visits", visits),
            Column.Categorical("city", city),
            Column.Categorical("product", product),
            Column.Categorical("label", label),
        ]);
    }

    /// <summary>The frame with one column replaced.</summary>
    public static DataFrame With(DataFrame frame, Column column) =>
        new([.. frame.Columns.Select(c => c.Name == column.Name ? column : c)]);

    /// <summary>The numeric column with <paramref name="rate"/> of its values (seeded choice) set to <paramref name="value"/>.</summary>
    public static DataFrame Inject(DataFrame frame, string name, double rate, double value, int seed)
    {
        var rng = new Random(seed);
        var values = (double[])frame[name].Numbers.Clone();
        for (var i = 0; i < values.Length; i++)
        {
            if (rng.NextDouble() < rate)
            {
                values[i] = value;
            }
        }

        return With(frame, Column.Numeric(name, values));
    }

    public static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Poisson(Random rng, double lambda)
    {
        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= rng.NextDouble();
        }
        while (p > l);
        return k - 1;
    }

    private static int Pick(Random rng, double[] weights)
    {
        var u = rng.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static double[] ZipfCumulative(int n, double s)
    {
        var w = Enumerable.Range(1, n).Select(k => Math.Pow(k, -s)).ToArray();
        var total = w.Sum();
        var cum = new double[n];
        var acc = 0.0;
        for (var i = 0; i < n; i++)
        {
            acc += w[i] / total;
            cum[i] = acc;
        }

        cum[^1] = 1.0;
        return cum;
    }
}
