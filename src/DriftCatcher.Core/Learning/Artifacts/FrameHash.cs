using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Artifacts;

/// <summary>
/// SHA-256 of a frame's content — column names, kinds and values row by row — independent of how
/// the file was formatted (quoting, number spelling, line endings), so the same data gives the same
/// hash wherever it came from.
/// </summary>
public static class FrameHash
{
    public static string Sha256(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        foreach (var column in frame.Columns)
        {
            AppendString(hash, column.Name);
            hash.AppendData([(byte)column.Kind]);
            if (column.Kind == ColumnKind.Numeric)
            {
                var values = column.Numbers;
                var buffer = new byte[Math.Min(values.Length, 8192) * 8];
                for (var at = 0; at < values.Length; at += 8192)
                {
                    var count = Math.Min(8192, values.Length - at);
                    for (var i = 0; i < count; i++)
                    {
                        var v = values[at + i];
                        // Every NaN counts as the same missing value.
                        BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(i * 8), double.IsNaN(v) ? double.NaN : v);
                    }

                    hash.AppendData(buffer, 0, count * 8);
                }
            }
            else
            {
                var levels = column.Levels;
                foreach (var code in column.Codes)
                {
                    if (code < 0)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(number, -1);
                        hash.AppendData(number[..4]);
                    }
                    else
                    {
                        AppendString(hash, levels[code]);
                    }
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendString(IncrementalHash hash, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
