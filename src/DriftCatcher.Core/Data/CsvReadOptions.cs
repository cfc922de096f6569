namespace DriftCatcher.Core.Data;

/// <summary>How <see cref="CsvFrameReader"/> reads a file.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The default: comma separated, every column typed by inference.</summary>
    public static readonly CsvReadOptions Default = new();

    /// <summary>The field separator (default ',').</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Columns to read as categorical even when every value parses as a number (zip codes, ids).</summary>
    public IReadOnlySet<string> CategoricalColumns { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The only columns to read (null: all). The others are left out of the frame unread and untyped, so a column a
    /// model does not use cannot refuse a file (a comment column of numbers with one word in it).
    /// </summary>
    public IReadOnlySet<string>? Columns { get; init; }

    /// <summary>Use both cores for files without quoted fields. Off gives the same result, only slower.</summary>
    public bool Parallel { get; init; } = true;
}
