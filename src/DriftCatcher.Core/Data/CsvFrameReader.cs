using System.Globalization;
using System.Text;

namespace DriftCatcher.Core.Data;

/// <summary>
/// Reads CSV (header row, quoted fields, RFC 4180 escapes) into a <see cref="DataFrame"/>.
/// The spellings of <see cref="MissingValues"/> are missing; inf, infinity and their signed forms are
/// ±Infinity; column names are trimmed (CICIDS2017 files carry leading spaces). A name given twice is
/// renamed as pandas does (the second 'x' becomes 'x.1', the third 'x.2', skipping names the header
/// already holds); an unnamed column is named 'Unnamed: i' from its position, and dropped when all its
/// cells are empty too (a trailing comma on every line), or when it is the first of several columns and holds
/// distinct whole numbers in two or more rows (the row index pandas' to_csv writes, in order or shuffled). A column is numeric when every value that is
/// not missing parses as a number, categorical when it holds text, and refused when it holds numbers
/// and only a few text cells (at most <see cref="MaxStrayTextShare"/> of its values and
/// <see cref="MaxStrayTextValues"/> distinct ones): that is a numeric column with bad cells, and
/// reading it as categories would silently throw its numbers away.
/// </summary>
public static class CsvFrameReader
{
    /// <summary>A column of numbers with at most this share of text cells is a numeric column with bad cells.</summary>
    public const double MaxStrayTextShare = 0.01;

    /// <summary>... and at most this many distinct text values among them.</summary>
    public const int MaxStrayTextValues = 5;

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
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).Contains((byte)0))
        {
            // UTF-16 (Excel's "Unicode text", PowerShell's default) read as UTF-8 gave "line 4: 1 fields where the header has 2".
            throw new InputDataException("the file is not UTF-8 text: it starts with a UTF-16 byte order mark or holds zero bytes (UTF-16 or binary); save it as UTF-8 CSV");
        }

        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        if (bytes.AsSpan(start).IndexOf((byte)'\n') < 0)
        {
            // Lines ended by a bare CR (classic Mac, Excel's "CSV (Macintosh)"): read as one header line holding the data.
            bytes.AsSpan(start).Replace((byte)'\r', (byte)'\n');
        }

        var header = ParseHeader(bytes, start, sep);
        var names = header.Names;

        var modes = new ColumnMode[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            modes[i] = options.Columns is { } only && !only.Contains(names[i]) ? ColumnMode.Skip
                : options.CategoricalColumns.Contains(names[i]) ? ColumnMode.Categorical
                : ColumnMode.Infer;
        }

        var ranges = SplitBody(bytes, header.BodyStart, options.Parallel);
        var parts = ParseChunks(bytes, ranges, sep, modes);

        // A column of numbers and text is text: read again as written, since numbers parsed before its first text
        // cell would otherwise come back formatted ('007' as '7', '1.50' as '1.5', a class no row wrote).
        // Only those columns are read again; the others keep what the first pass read.
        var again = new ColumnMode[names.Length];
        var mixed = false;
        for (var c = 0; c < names.Length; c++)
        {
            var isMixed = modes[c] == ColumnMode.Infer && parts.Any(p => p.Builders[c]!.NumberCells > 0) && parts.Any(p => p.Builders[c]!.TextCells > 0)
                && !IsStrayText(parts, c); // refused below from what the first read counted
            again[c] = isMixed ? ColumnMode.Text : ColumnMode.Skip;
            mixed |= isMixed;
        }

        if (mixed)
        {
            var reread = ParseChunks(bytes, ranges, sep, again);
            for (var i = 0; i < parts.Length; i++)
            {
                for (var c = 0; c < names.Length; c++)
                {
                    if (again[c] == ColumnMode.Text)
                    {
                        parts[i].Builders[c] = reread[i].Builders[c];
                    }
                }
            }
        }

        var lines = SourceLines(parts, LineNumberAt(bytes, header.BodyStart));
        var columns = new List<Column>(names.Length);
        Column? index = null;
        for (var c = 0; c < names.Length; c++)
        {
            if (modes[c] == ColumnMode.Skip)
            {
                continue;
            }

            // A trailing comma on every line makes a column without a name or a value: not a column at all.
            if (header.Unnamed[c] && parts.All(p => p.Builders[c]!.AllEmpty))
            {
                continue;
            }

            var column = Merge(names[c], parts, c, lines);

            // pandas' to_csv writes the row index as a first column without a name: not a feature (as one it
            // drifts and leaves the reference range in every batch of a stream).
            if (c == 0 && header.Unnamed[0] && IsRowIndex(column))
            {
                index = column;
                continue;
            }

            columns.Add(column);
        }

        if (columns.Count == 0 && index is not null)
        {
            columns.Add(index); // the only column: keep it rather than read a file with values as empty
        }

        if (columns.Count == 0 && options.Columns is { } wanted)
        {
            // Not "names no column": the file has columns, just none of those asked for (a model's features).
            var noHeader = names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? " (the first line holds only numbers: is the header row missing?)" : string.Empty;
            throw new InputDataException(
                $"none of the columns needed ({DataFrame.PreviewNames(wanted.Order(StringComparer.Ordinal))}) is in the header, which names {DataFrame.PreviewNames(names)}{noHeader}");
        }

        if (columns.Count == 0)
        {
            throw new InputDataException("the header row names no column and the rows hold no values");
        }

        return new DataFrame(columns) { SourceLines = lines, RenamedDuplicates = header.Renamed };
    }

    /// <summary>
    /// At least two rows of whole numbers, none missing, all distinct: a row index as pandas writes it — in order,
    /// after a filter (with gaps) or after a shuffled split (in any order), so the train and the stream file of
    /// one frame agree.
    /// </summary>
    private static bool IsRowIndex(Column column)
    {
        if (column.Kind != ColumnKind.Numeric || column.Length < 2)
        {
            return false;
        }

        var seen = new HashSet<double>();
        foreach (var v in column.Numbers)
        {
            if (!double.IsFinite(v) || v != Math.Floor(v) || !seen.Add(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The 1-based line each data row starts on (blank lines and quoted line breaks counted).</summary>
    private static int[] SourceLines(ChunkResult[] parts, int firstLine)
    {
        var lines = new int[parts.Sum(p => p.Rows)];
        var at = 0;
        var line = firstLine;
        foreach (var p in parts)
        {
            for (var r = 0; r < p.Rows; r++)
            {
                lines[at++] = line + p.RowLines[r];
            }

            line += p.Newlines;
        }

        return lines;
    }

    private static Header ParseHeader(byte[] bytes, int start, byte sep)
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

        if (fields.Count == 1 && fields[0].Length == 0)
        {
            throw new InputDataException("the header row is empty");
        }

        var names = new string[fields.Count];
        var unnamed = new bool[fields.Count];
        var written = new HashSet<string>(fields.Where(f => f.Length > 0), StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            unnamed[i] = fields[i].Length == 0;
            var n = unnamed[i] ? $"Unnamed: {i}" : fields[i];
            if (!used.Add(n))
            {
                // As pandas reads it (real CICIDS2017 files name 'Fwd Header Length' twice), but never onto a
                // name the header holds itself.
                var k = 1;
                while (written.Contains($"{n}.{k}") || used.Contains($"{n}.{k}"))
                {
                    k++;
                }

                var unique = $"{n}.{k}";
                used.Add(unique);
                renamed.Add(unique, n);
                n = unique;
            }

            names[i] = n;
        }

        return new Header(names, unnamed, renamed, reader.Position);
    }

    private sealed record Header(string[] Names, bool[] Unnamed, IReadOnlyDictionary<string, string> Renamed, int BodyStart);

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

    private static ChunkResult[] ParseChunks(byte[] bytes, List<(int Start, int End)> ranges, byte sep, ColumnMode[] modes)
    {
        var parts = new ChunkResult[ranges.Count];
        if (ranges.Count == 1)
        {
            parts[0] = ParseChunk(bytes, ranges[0].Start, ranges[0].End, sep, modes);
        }
        else
        {
            System.Threading.Tasks.Parallel.For(0, ranges.Count, i =>
                parts[i] = ParseChunk(bytes, ranges[i].Start, ranges[i].End, sep, modes));
        }

        foreach (var p in parts)
        {
            if (p.ErrorOffset >= 0)
            {
                var line = LineNumberAt(bytes, p.ErrorOffset);
                throw new InputDataException($"line {line}: {p.Error}");
            }
        }

        return parts;
    }

    private static ChunkResult ParseChunk(byte[] bytes, int start, int end, byte sep, ColumnMode[] modes)
    {
        var width = modes.Length;
        var estimate = Math.Max(16, (end - start) / Math.Max(1, width * 4));
        var builders = new ColumnBuilder?[width];
        for (var i = 0; i < width; i++)
        {
            builders[i] = modes[i] == ColumnMode.Skip ? null : new ColumnBuilder(estimate, modes[i]);
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

            var rowLine = reader.Newlines;
            var col = 0;
            while (true)
            {
                var more = reader.Next(out var field, out var endOfLine);
                if (col < width)
                {
                    builders[col]?.Add(field);
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

            result.RowLines.Add(rowLine);
            result.Rows++;
        }

        result.Newlines = reader.Newlines;
        return result;
    }

    private static Column Merge(string name, ChunkResult[] parts, int c, int[] lines)
    {
        var total = 0;
        long numbers = 0, texts = 0, soft = 0;
        var forced = false;
        foreach (var p in parts)
        {
            var b = p.Builders[c]!;
            total += b.Count;
            numbers += b.NumberCells;
            texts += b.TextCells;
            soft += b.SoftCells;
            forced |= b.Forced;
        }

        // Numbers, perhaps with "-" or "none" for missing; but a column of nothing but such words is text.
        if (!forced && texts == 0 && (numbers > 0 || soft == 0))
        {
            if (parts.Length == 1)
            {
                return Column.Numeric(name, parts[0].Builders[c]!.TakeNumbers());
            }

            var values = new double[total];
            var at = 0;
            foreach (var p in parts)
            {
                var b = p.Builders[c]!;
                b.CopyNumbersTo(values.AsSpan(at));
                at += b.Count;
            }

            return Column.Numeric(name, values);
        }

        if (IsStrayText(parts, c))
        {
            RefuseStrayText(name, parts, c, lines, texts);
        }

        var strings = new List<string?>(total);
        foreach (var p in parts)
        {
            p.Builders[c]!.AppendStrings(strings);
        }

        return Column.Categorical(name, strings);
    }

    /// <summary>A column of numbers with a few rare text cells: a numeric column with bad cells (<see cref="MaxStrayTextShare"/>, <see cref="MaxStrayTextValues"/>).</summary>
    private static bool IsStrayText(ChunkResult[] parts, int c)
    {
        long numbers = 0, texts = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parts)
        {
            var b = p.Builders[c]!;
            numbers += b.NumberCells;
            texts += b.TextCells;
            distinct.UnionWith(b.TextValues);
        }

        return !parts.Any(p => p.Builders[c]!.Forced) && numbers > 0 && texts <= MaxStrayTextShare * (numbers + texts) && distinct.Count <= MaxStrayTextValues;
    }

    /// <summary>Throws for a numeric column with a few distinct text cells, naming the first one.</summary>
    private static void RefuseStrayText(string name, ChunkResult[] parts, int c, int[] lines, long texts)
    {
        var offset = 0;
        foreach (var p in parts)
        {
            var b = p.Builders[c]!;
            if (b.FirstText >= 0)
            {
                var more = texts > 1 ? $" ({texts} cells hold text)" : string.Empty;
                throw new InputDataException(
                    $"line {lines[offset + b.FirstText]}: column '{name}' holds '{DisplayText.Shorten(b.FirstTextValue!)}' among numbers{more}; make the cell a number, or empty for a missing value");
            }

            offset += p.Rows;
        }
    }


    private static int LineNumberAt(byte[] bytes, int offset)
    {
        var line = 1;
        var span = bytes.AsSpan(0, offset);
        line += span.Count((byte)'\n');
        return line;
    }

    private sealed class ChunkResult(ColumnBuilder?[] builders)
    {
        /// <summary>One per column of the header; null for a column not read.</summary>
        public ColumnBuilder?[] Builders { get; } = builders;

        public int Rows { get; set; }

        /// <summary>Per row, the line breaks read in this chunk before the row starts.</summary>
        public List<int> RowLines { get; } = [];

        /// <summary>The line breaks in the whole chunk.</summary>
        public int Newlines { get; set; }

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

        /// <summary>The line breaks read so far, inside quoted fields included.</summary>
        public int Newlines { get; private set; }

        /// <summary>Skips one empty line (\n or \r\n) if the reader stands on one.</summary>
        public bool AtBlankLine()
        {
            var p = Position;

            // A line of spaces or tabs only is blank too (as pandas reads it), unless they separate the fields.
            var q = p;
            while (q < _end && (_bytes[q] == (byte)' ' || _bytes[q] == (byte)'\t') && _bytes[q] != _sep)
            {
                q++;
            }

            if (q > p && (q == _end || _bytes[q] == (byte)'\n' || _bytes[q] == (byte)'\r'))
            {
                if (q == _end)
                {
                    Position = q;
                    return true;
                }

                p = q;
            }
            if (_bytes[p] == (byte)'\r' && p + 1 < _end && _bytes[p + 1] == (byte)'\n')
            {
                Position = p + 2;
                Newlines++;
                return true;
            }

            if (_bytes[p] == (byte)'\n')
            {
                Position = p + 1;
                Newlines++;
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
                Newlines++;
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

                if (b == (byte)'\n')
                {
                    Newlines++;
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
            Newlines += endOfLine ? 1 : 0;
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

    /// <summary>How a column is read.</summary>
    private enum ColumnMode
    {
        /// <summary>Numbers until the first text cell, then text; typed from its cells.</summary>
        Infer,

        /// <summary>Every cell kept as written (a column of numbers and text, read again), typed from its cells as Infer is.</summary>
        Text,

        /// <summary>Categorical whatever its cells (<see cref="CsvReadOptions.CategoricalColumns"/>).</summary>
        Categorical,

        /// <summary>Not read (<see cref="CsvReadOptions.Columns"/>).</summary>
        Skip,
    }

    /// <summary>What a distinct cell value of a column is.</summary>
    private enum CellKind
    {
        Number,
        MissingAmongNumbers,
        Text,
    }

    /// <summary>
    /// Collects one column of one chunk: numbers until the first value that is not one, then text. Counts
    /// number, text and "missing among numbers" cells so the merge can tell a text column from a numeric
    /// column with bad cells.
    /// </summary>
    private sealed class ColumnBuilder(int capacity, ColumnMode mode)
    {
        private double[] _numbers = mode == ColumnMode.Infer ? new double[capacity] : [];
        private List<string?>? _strings = mode == ColumnMode.Infer ? null : new List<string?>(capacity);
        private Dictionary<string, (string Text, CellKind Kind)>? _intern = mode == ColumnMode.Infer ? null : new(StringComparer.Ordinal);

        // Numeric mode: the cells read as missing because they are among numbers ("-", "none"), kept as
        // text in case the column turns out to be text after all.
        private List<(int Index, string Text)>? _soft;
        private Dictionary<string, string>? _softIntern;

        public bool Forced { get; } = mode == ColumnMode.Categorical;

        public int Count { get; private set; }

        public bool IsCategorical => _strings is not null;

        public long NumberCells { get; private set; }

        public long TextCells { get; private set; }

        public long SoftCells { get; private set; }

        /// <summary>True while every cell was an empty field.</summary>
        public bool AllEmpty { get; private set; } = true;

        /// <summary>The index of the first text cell in this chunk, -1 when none.</summary>
        public int FirstText { get; private set; } = -1;

        public string? FirstTextValue { get; private set; }

        /// <summary>The distinct text values (not numbers, not missing).</summary>
        public IEnumerable<string> TextValues =>
            _intern is null ? [] : _intern.Values.Where(v => v.Kind == CellKind.Text).Select(v => v.Text);

        public void Add(ReadOnlySpan<byte> raw)
        {
            var field = raw.Trim(" \t"u8);
            if (!field.IsEmpty)
            {
                AllEmpty = false;
            }

            if (_strings is not null)
            {
                if (MissingValues.IsMissing(field))
                {
                    _strings.Add(null);
                }
                else
                {
                    var (text, kind) = Intern(field);
                    Tally(kind, text);
                    _strings.Add(text);
                }

                Count++;
                return;
            }

            double value;
            if (MissingValues.IsMissing(field))
            {
                value = double.NaN;
            }
            else if (TryParseNumber(field, out value))
            {
                NumberCells++;
            }
            else if (MissingValues.IsMissingAmongNumbers(field))
            {
                value = double.NaN;
                SoftCells++;
                (_soft ??= []).Add((Count, SoftText(field)));
            }
            else
            {
                SwitchToStrings();
                var (text, kind) = Intern(field);
                Tally(kind, text);
                _strings!.Add(text);
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

            AppendNumbersAsStrings(target);
        }

        private void Tally(CellKind kind, string text)
        {
            switch (kind)
            {
                case CellKind.Number:
                    NumberCells++;
                    break;
                case CellKind.MissingAmongNumbers:
                    SoftCells++;
                    break;
                default:
                    TextCells++;
                    if (FirstText < 0)
                    {
                        FirstText = Count;
                        FirstTextValue = text;
                    }

                    break;
            }
        }

        private void SwitchToStrings()
        {
            _intern = new(StringComparer.Ordinal);
            _strings = new List<string?>(Math.Max(Count * 2, 16));
            AppendNumbersAsStrings(_strings);
            _numbers = [];
            _soft = null;
            _softIntern = null;
        }

        private void AppendNumbersAsStrings(List<string?> target)
        {
            var s = 0;
            for (var i = 0; i < Count; i++)
            {
                if (_soft is not null && s < _soft.Count && _soft[s].Index == i)
                {
                    target.Add(_soft[s++].Text);
                }
                else
                {
                    target.Add(FormatNumber(_numbers[i]));
                }
            }
        }

        private (string Text, CellKind Kind) Intern(ReadOnlySpan<byte> field)
        {
            var s = Encoding.UTF8.GetString(field);
            if (_intern!.TryGetValue(s, out var existing))
            {
                return existing;
            }

            var kind = TryParseNumber(field, out _) ? CellKind.Number
                : MissingValues.IsMissingAmongNumbers(field) ? CellKind.MissingAmongNumbers
                : CellKind.Text;
            _intern.Add(s, (s, kind));
            return (s, kind);
        }

        private string SoftText(ReadOnlySpan<byte> field)
        {
            var s = Encoding.UTF8.GetString(field);
            _softIntern ??= new(StringComparer.Ordinal);
            if (_softIntern.TryGetValue(s, out var existing))
            {
                return existing;
            }

            _softIntern.Add(s, s);
            return s;
        }

        private static string? FormatNumber(double v) =>
            double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture);
    }

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
