using System.Globalization;
using System.Text;

namespace DriftCatcher.Cli.Tests;

/// <summary>Small labelled CSV files for the train / evaluate / predict tests.</summary>
internal static class LearningTestData
{
    /// <summary>A learnable binary problem: two numbers and a colour decide "yes" or "no" (with some noise).</summary>
    public static string Binary(int rows, int seed)
    {
        var random = new Random(seed);
        var colors = new[] { "red", "green", "blue" };
        var sb = new StringBuilder("x1,x2,color,label\n");
        for (var i = 0; i < rows; i++)
        {
            var x1 = (random.NextDouble() * 4) - 2;
            var x2 = (random.NextDouble() * 4) - 2;
            var color = colors[random.Next(3)];
            var score = (1.5 * x1) - x2 + (color == "red" ? 1 : 0) + ((random.NextDouble() - 0.5) * 0.5);
            sb.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{color},{(score > 0 ? "yes" : "no")}\n");
        }

        return sb.ToString();
    }

    /// <summary>Three classes along one axis, integer labels.</summary>
    public static string Multiclass(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("a,b,target\n");
        for (var i = 0; i < rows; i++)
        {
            var k = i % 3;
            var a = (k * 3) + random.NextDouble();
            var b = random.NextDouble();
            sb.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{k}\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Like CICIDS2017's MachineLearningCVE files: leading spaces in column names, "Infinity" and NaN
    /// in the rate columns, BENIGN / DDoS labels.
    /// </summary>
    public static string CicidsStyle(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(" Destination Port, Flow Duration, Total Fwd Packets,Flow Bytes/s, Flow Packets/s, Label\n");
        for (var i = 0; i < rows; i++)
        {
            var attack = i % 3 == 0;
            var port = attack ? 80 : random.Next(1, 65535);
            var duration = attack ? random.Next(1, 100) : random.Next(1000, 100000);
            var packets = attack ? random.Next(1, 4) : random.Next(3, 40);
            var bytesRate = i % 17 == 0 ? "Infinity" : i % 23 == 0 ? "NaN" : (packets * 1000.0 / duration).ToString("R", CultureInfo.InvariantCulture);
            var packetRate = i % 17 == 0 ? "Infinity" : (packets * 1e6 / duration).ToString("R", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{port}, {duration}, {packets},{bytesRate},{packetRate},{(attack ? "DDoS" : "BENIGN")}\n");
        }

        return sb.ToString();
    }

    public static string[] Lines(string path) => File.ReadAllLines(path);
}
