namespace DriftCatcher.Core.Data;

/// <summary>How <see cref="CsvFrameReader"/> reads a file.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The default: comma separated, every column typed by inference.</summary>
    public static readonly CsvReadOptions Default = new();

    /// <summary>The field separator (default ',').</summary>
    public char Separator { get; init; } = ',';

    /// <summary>
    /// Options that read as text the columns <paramref name="frame"/> holds as text: a second file of the same data (a
    /// stream beside its train, a current window beside its reference) then reads codes that happen to be all numbers
    /// ('0101') as the first file's categories, not as 101.
    /// </summary>
    public static CsvReadOptions TextAs(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new CsvReadOptions
        {
            CategoricalColumns = new HashSet<string>(frame.Columns.Where(c => c.Kind == ColumnKind.Categorical).Select(c => c.Name), StringComparer.Ordinal),
        };
    }

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
