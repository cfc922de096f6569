using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Bench;

/// <summary>
/// Reading a 200,000 × 21 CSV (20 numeric columns and a text label) as it is, and with one more column of codes that
/// are numbers until a word near the end: that column is read again as written (so '007' stays '007'), the cost of
/// keeping its spelling.
/// </summary>
[MemoryDiagnoser]
public class CsvBenchmarks
{
    private const int Rows = 200_000;
    private const int NumericColumns = 20;

    private byte[] _plain = null!;
    private byte[] _mixed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Build(mixed: false);
        _mixed = Build(mixed: true);
    }

    [Benchmark(Baseline = true)]
    public DataFrame Read_200k_x_21() => CsvFrameReader.Read(new MemoryStream(_plain));

    [Benchmark]
    public DataFrame Read_200k_x_21_PlusAColumnOfNumbersThenText() => CsvFrameReader.Read(new MemoryStream(_mixed));

    private static byte[] Build(bool mixed)
    {
        var rng = new Random(3);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Enumerable.Range(0, NumericColumns).Select(c => $"n{c}"))).Append(mixed ? ",code,label\n" : ",label\n");
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < NumericColumns; c++)
            {
                sb.Append((rng.NextDouble() * 1000).ToString("0.###", CultureInfo.InvariantCulture)).Append(',');
            }

            if (mixed)
            {
                sb.Append(r < Rows - 100 ? $"0{rng.Next(100, 999)}" : $"X{rng.Next(10)}").Append(',');
            }

            sb.Append(rng.Next(10) == 0 ? "DDoS" : "BENIGN").Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
