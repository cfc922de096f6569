using System.Globalization;
using System.Text;

namespace DriftCatcher.Core.Data;

/// <summary>
/// Reads CSV (header row, quoted fields, RFC 4180 escapes) into a <see cref="DataFrame"/>.
/// Empty, NA, N/A, NaN and null are missing; inf, infinity and their signed forms are ±Infinity;
/// column names are trimmed (CICIDS2017 files carry leading spaces). A column is numeric when every
/// value that is not missing parses as a number, categorical otherwise.
/// </summary>
public static class CsvFrameReader
{
    private const int MinChunkBytes = 4 << 20;

    /// <summary>Reads the whole stream. Throws <see cref="InputDataException"/> naming the problem for bad input.</summary>
    public static DataFrame Read(Stream stream, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CsvReadOptions.Default;
        var bytes = ReadAll(stream);
        return Parse(bytes, options);
    }

    /// <summary>Parses CSV text already in memory.</summary>
    public static DataFrame Parse(string text, CsvReadOptions? options = null) =>
        Parse(Encoding.UTF8.GetBytes(text), options ?? CsvReadOptions.Default);

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
            {
                throw new InputDataException($"the file is {remaining} bytes; at most {Array.MaxLength} can be read at once");
            }

            var buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            return buffer;
        }

        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }

    private static DataFrame Parse(byte[] bytes, CsvReadOptions options)
    {
        var sep = (byte)options.Separator;
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var (names, bodyStart) = ParseHeader(bytes, start, sep);

        var categorical = new bool[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            categorical[i] = options.CategoricalColumns.Contains(names[i]);
        }

        var ranges = SplitBody(bytes, bodyStart, options.Parallel);
        var parts = new ChunkResult[ranges.Count];
        if (ranges.Count == 1)
        {
            parts[0] = ParseChunk(bytes, ranges[0].Start, ranges[0].End, sep, names.Length, categorical);
        }
        else
        {
            System.Threading.Tasks.Parallel.For(0, ranges.Count, i =>
                parts[i] = ParseChunk(bytes, ranges[i].Start, ranges[i].End, sep, names.Length, categorical));
        }

        foreach (var p in parts)
        {
            if (p.ErrorOffset >= 0)
            {
                var line = LineNumberAt(bytes, p.ErrorOffset);
                throw new InputDataException($"line {line}: {p.Error}");
            }
        }

        var columns = new Column[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            columns[c] = Merge(names[c], parts, c);
        }

        return new DataFrame(columns);
    }

    private static (string[] Names, int BodyStart) ParseHeader(byte[] bytes, int start, byte sep)
    {
        // Skip blank lines before the header.
        var pos = start;
        while (pos < bytes.Length && (bytes[pos] == (byte)'\n' || bytes[pos] == (byte)'\r'))
        {
            pos++;
        }

        if (pos >= bytes.Length)
        {
            throw new InputDataException("the file is empty: no header row");
        }

        var fields = new List<string>();
        var reader = new FieldReader(bytes, pos, bytes.Length, sep);
        while (true)
        {
            var more = reader.Next(out var field, out var endOfLine);
            fields.Add(Encoding.UTF8.GetString(field).Trim());
            if (endOfLine || !more)
            {
                break;
            }
        }

        if (reader.Failed)
        {
            throw new InputDataException("line 1: unterminated quoted field in the header");
        }

        var names = new string[fields.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var n = fields[i].Length == 0 ? $"Unnamed: {i}" : fields[i];
            if (!seen.Add(n))
            {
                throw new InputDataException($"the header names column '{n}' twice");
            }

            names[i] = n;
        }

        if (names.Length == 1 && fields[0].Length == 0)
        {
            throw new InputDataException("the header row is empty");
        }

        return (names, reader.Position);
    }

    private static List<(int Start, int End)> SplitBody(byte[] bytes, int start, bool parallel)
    {
        var length = bytes.Length - start;
        var chunks = parallel ? Math.Min(Environment.ProcessorCount * 2, length / MinChunkBytes) : 1;
        // Quoted fields may hold newlines, so only files without quotes can be cut at arbitrary newlines.
        if (chunks <= 1 || bytes.AsSpan(start).Contains((byte)'"'))
        {
            return [(start, bytes.Length)];
        }

        var ranges = new List<(int, int)>(chunks);
        var from = start;
        for (var i = 1; i < chunks && from < bytes.Length; i++)
        {
            var target = start + (int)((long)length * i / chunks);
            if (target <= from)
            {
                continue;
            }

            var nl = bytes.AsSpan(target).IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            var cut = target + nl + 1;
            ranges.Add((from, cut));
            from = cut;
        }

        ranges.Add((from, bytes.Length));
        return ranges;
    }

    private static ChunkResult ParseChunk(byte[] bytes, int start, int end, byte sep, int width, bool[] forceCategorical)
    {
        var estimate = Math.Max(16, (end - start) / Math.Max(1, width * 4));
        var builders = new ColumnBuilder[width];
        for (var i = 0; i < width; i++)
        {
            builders[i] = new ColumnBuilder(estimate, forceCategorical[i]);
        }

        var reader = new FieldReader(bytes, start, end, sep);
        var result = new ChunkResult(builders);
        while (reader.Position < end)
        {
            var lineStart = reader.Position;
            if (reader.AtBlankLine())
            {
                continue;
            }

            var col = 0;
            while (true)
            {
                var more = reader.Next(out var field, out var endOfLine);
                if (col < width)
                {
                    builders[col].Add(field);
                }

                col++;
                if (endOfLine || !more)
                {
                    break;
                }
            }

            if (reader.Failed)
            {
                result.Fail(lineStart, "unterminated quoted field");
                return result;
            }

            if (col != width)
            {
                result.Fail(lineStart, $"{col} fields where the header has {width}");
                return result;
            }

            result.Rows++;
        }

        return result;
    }

    private static Column Merge(string name, ChunkResult[] parts, int c)
    {
        var total = 0;
        var allNumeric = true;
        foreach (var p in parts)
        {
            total += p.Builders[c].Count;
            allNumeric &= !p.Builders[c].IsCategorical;
        }

        if (allNumeric)
        {
            if (parts.Length == 1)
            {
                return Column.Numeric(name, parts[0].Builders[c].TakeNumbers());
            }

            var values = new double[total];
            var at = 0;
            foreach (var p in parts)
            {
                var b = p.Builders[c];
                b.CopyNumbersTo(values.AsSpan(at));
                at += b.Count;
            }

            return Column.Numeric(name, values);
        }

        var strings = new List<string?>(total);
        foreach (var p in parts)
        {
            p.Builders[c].AppendStrings(strings);
        }

        return Column.Categorical(name, strings);
    }

    private static int LineNumberAt(byte[] bytes, int offset)
    {
        var line = 1;
        var span = bytes.AsSpan(0, offset);
        line += span.Count((byte)'\n');
        return line;
    }

    private sealed class ChunkResult(ColumnBuilder[] builders)
    {
        public ColumnBuilder[] Builders { get; } = builders;

        public int Rows { get; set; }

        public int ErrorOffset { get; private set; } = -1;

        public string Error { get; private set; } = string.Empty;

        public void Fail(int offset, string error)
        {
            ErrorOffset = offset;
            Error = error;
        }
    }

    /// <summary>Reads fields one at a time; quoted fields are unescaped into a scratch buffer.</summary>
    private ref struct FieldReader(byte[] bytes, int start, int end, byte sep)
    {
        private readonly byte[] _bytes = bytes;
        private readonly int _end = end;
        private readonly byte _sep = sep;
        private byte[]? _scratch;

        public int Position { get; private set; } = start;

        public bool Failed { get; private set; }

        /// <summary>Skips one empty line (\n or \r\n) if the reader stands on one.</summary>
        public bool AtBlankLine()
        {
            var p = Position;
            if (_bytes[p] == (byte)'\r' && p + 1 < _end && _bytes[p + 1] == (byte)'\n')
            {
                Position = p + 2;
                return true;
            }

            if (_bytes[p] == (byte)'\n')
            {
                Position = p + 1;
                return true;
            }

            return false;
        }

        /// <summary>Reads the next field. Returns false at the end of input.</summary>
        public bool Next(out ReadOnlySpan<byte> field, out bool endOfLine)
        {
            var p = Position;
            if (p < _end && _bytes[p] == (byte)'"')
            {
                return NextQuoted(out field, out endOfLine);
            }

            var rest = _bytes.AsSpan(p, _end - p);
            var i = rest.IndexOfAny(_sep, (byte)'\n');
            if (i < 0)
            {
                field = TrimCr(rest);
                Position = _end;
                endOfLine = true;
                return false;
            }

            field = rest[..i];
            if (rest[i] == (byte)'\n')
            {
                field = TrimCr(field);
                endOfLine = true;
            }
            else
            {
                endOfLine = false;
            }

            Position = p + i + 1;
            return Position < _end || !endOfLine;
        }

        private bool NextQuoted(out ReadOnlySpan<byte> field, out bool endOfLine)
        {
            var p = Position + 1;
            var len = 0;
            _scratch ??= new byte[256];
            while (true)
            {
                if (p >= _end)
                {
                    Failed = true;
                    field = default;
                    endOfLine = true;
                    Position = _end;
                    return false;
                }

                var b = _bytes[p];
                if (b == (byte)'"')
                {
                    if (p + 1 < _end && _bytes[p + 1] == (byte)'"')
                    {
                        Append(ref len, b);
                        p += 2;
                        continue;
                    }

                    p++;
                    break;
                }

                Append(ref len, b);
                p++;
            }

            // Anything between the closing quote and the separator is kept, as most readers do.
            while (p < _end && _bytes[p] != _sep && _bytes[p] != (byte)'\n')
            {
                if (_bytes[p] != (byte)'\r')
                {
                    Append(ref len, _bytes[p]);
                }

                p++;
            }

            field = _scratch.AsSpan(0, len);
            if (p >= _end)
            {
                Position = _end;
                endOfLine = true;
                return false;
            }

            endOfLine = _bytes[p] == (byte)'\n';
            Position = p + 1;
            return Position < _end || !endOfLine;
        }

        private void Append(ref int len, byte b)
        {
            if (len == _scratch!.Length)
            {
                Array.Resize(ref _scratch, len * 2);
            }

            _scratch[len++] = b;
        }

        private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) =>
            s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;
    }

    /// <summary>Collects one column of one chunk: numbers until the first value that is not one.</summary>
    private sealed class ColumnBuilder(int capacity, bool categorical)
    {
        private double[] _numbers = categorical ? [] : new double[capacity];
        private List<string?>? _strings = categorical ? new List<string?>(capacity) : null;
        private Dictionary<string, string>? _intern = categorical ? new Dictionary<string, string>(StringComparer.Ordinal) : null;

        public int Count { get; private set; }

        public bool IsCategorical => _strings is not null;

        public void Add(ReadOnlySpan<byte> raw)
        {
            var field = raw.Trim(" \t"u8);
            if (_strings is not null)
            {
                _strings.Add(IsMissingToken(field) ? null : Intern(field));
                Count++;
                return;
            }

            double value;
            if (field.IsEmpty || IsMissingToken(field))
            {
                value = double.NaN;
            }
            else if (!TryParseNumber(field, out value))
            {
                SwitchToStrings();
                _strings!.Add(Intern(field));
                Count++;
                return;
            }

            if (Count == _numbers.Length)
            {
                Array.Resize(ref _numbers, Math.Max(16, _numbers.Length * 2));
            }

            _numbers[Count++] = value;
        }

        public double[] TakeNumbers()
        {
            if (_numbers.Length != Count)
            {
                Array.Resize(ref _numbers, Count);
            }

            return _numbers;
        }

        public void CopyNumbersTo(Span<double> target) => _numbers.AsSpan(0, Count).CopyTo(target);

        public void AppendStrings(List<string?> target)
        {
            if (_strings is not null)
            {
                target.AddRange(_strings);
                return;
            }

            for (var i = 0; i < Count; i++)
            {
                target.Add(FormatNumber(_numbers[i]));
            }
        }

        private void SwitchToStrings()
        {
            _intern = new Dictionary<string, string>(StringComparer.Ordinal);
            _strings = new List<string?>(Math.Max(Count * 2, 16));
            for (var i = 0; i < Count; i++)
            {
                _strings.Add(FormatNumber(_numbers[i]));
            }

            _numbers = [];
        }

        private string Intern(ReadOnlySpan<byte> field)
        {
            var s = Encoding.UTF8.GetString(field);
            if (_intern!.TryGetValue(s, out var existing))
            {
                return existing;
            }

            _intern.Add(s, s);
            return s;
        }

        private static string? FormatNumber(double v) =>
            double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture);
    }

    internal static bool IsMissingToken(ReadOnlySpan<byte> f) =>
        f.IsEmpty
        || (f.Length == 2 && (f[0] | 0x20) == 'n' && (f[1] | 0x20) == 'a')
        || (f.Length == 3 && (f[0] | 0x20) == 'n' && (f[1] | 0x20) == 'a' && (f[2] | 0x20) == 'n')
        || (f.Length == 3 && (f[0] | 0x20) == 'n' && f[1] == '/' && (f[2] | 0x20) == 'a')
        || (f.Length == 4 && Ascii.EqualsIgnoreCase(f, "null"u8));

    internal static bool TryParseNumber(ReadOnlySpan<byte> f, out double value)
    {
        var c = f[0];
        if ((c >= '0' && c <= '9') || c == '.' || ((c == '-' || c == '+') && f.Length > 1 && (f[1] is (byte)'.' or >= (byte)'0' and <= (byte)'9')))
        {
            return double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        var body = c is (byte)'-' or (byte)'+' ? f[1..] : f;
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = c == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        value = 0;
        return false;
    }
}
