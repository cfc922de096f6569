using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;

namespace DriftCatcher.Core.Tests.Learning.Gbt;

/// <summary>Small seeded data sets built in code, for behaviour the public datasets do not isolate.</summary>
internal static class GbtSynthetic
{
    /// <summary>Class 1 when x0 + 0.5·x1 &gt; 0 (plus label noise); 'noise' is unrelated to the label.</summary>
    public static TrainingData Linear(int rows, int seed, double flip = 0.05)
    {
        var rng = new Random(seed);
        var x0 = new double[rows];
        var x1 = new double[rows];
        var noise = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x0[i] = Gaussian(rng);
            x1[i] = Gaussian(rng);
            noise[i] = Gaussian(rng);
            var label = x0[i] + (0.5 * x1[i]) > 0 ? 1 : 0;
            y[i] = rng.NextDouble() < flip ? 1 - label : label;
        }

        var frame = new DataFrame([Column.Numeric("x0", x0), Column.Numeric("x1", x1), Column.Numeric("noise", noise)]);
        return new TrainingData(frame, y, TaskKind.BinaryClassification, ["0", "1"]);
    }

    /// <summary>Labels independent of the features: nothing to learn, validation loss only worsens.</summary>
    public static TrainingData PureNoise(int rows, int seed)
    {
        var rng = new Random(seed);
        var columns = new Column[5];
        for (var c = 0; c < columns.Length; c++)
        {
            var v = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                v[i] = Gaussian(rng);
            }

            columns[c] = Column.Numeric("f" + c.ToString(CultureInfo.InvariantCulture), v);
        }

        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            y[i] = rng.Next(2);
        }

        return new TrainingData(new DataFrame(columns), y, TaskKind.BinaryClassification, ["0", "1"]);
    }

    /// <summary>Three classes by the sign pattern of two features, with a categorical column that also matters.</summary>
    public static TrainingData ThreeClasses(int rows, int seed)
    {
        var rng = new Random(seed);
        var a = new double[rows];
        var b = new double[rows];
        var cat = new string?[rows];
        var y = new double[rows];
        string[] levels = ["red", "green", "blue", "grey"];
        for (var i = 0; i < rows; i++)
        {
            a[i] = Gaussian(rng);
            b[i] = Gaussian(rng);
            var level = rng.Next(levels.Length);
            cat[i] = rng.NextDouble() < 0.05 ? null : levels[level];
            var cls = a[i] > 0 ? (b[i] > 0 ? 0 : 1) : 2;
            if (level == 3 && rng.NextDouble() < 0.7)
            {
                cls = 1;
            }

            y[i] = cls;
        }

        var frame = new DataFrame([Column.Numeric("a", a), Column.Numeric("b", b), Column.Categorical("colour", cat)]);
        return new TrainingData(frame, y, TaskKind.MulticlassClassification, ["zero", "one", "two"]);
    }

    /// <summary>y = 3·x0 − 2·x1² + noise.</summary>
    public static TrainingData Regression(int rows, int seed)
    {
        var rng = new Random(seed);
        var x0 = new double[rows];
        var x1 = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x0[i] = Gaussian(rng);
            x1[i] = Gaussian(rng);
            y[i] = (3 * x0[i]) - (2 * x1[i] * x1[i]) + (0.3 * Gaussian(rng));
        }

        return new TrainingData(new DataFrame([Column.Numeric("x0", x0), Column.Numeric("x1", x1)]), y, TaskKind.Regression, []);
    }

    public static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double[] Predict(IPredictor model, DataFrame frame)
    {
        var output = new double[frame.RowCount * model.OutputWidth];
        model.Predict(frame, output);
        return output;
    }
}
