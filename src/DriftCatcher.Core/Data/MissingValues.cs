using System.Text;

namespace DriftCatcher.Core.Data;

/// <summary>
/// The spellings of a missing value, in two tiers. Always missing, in any column: empty, NA, N/A, NaN,
/// null, #N/A, #NA, &lt;NA&gt;, n.a. and -NaN (any case). Missing only among numbers: none, nil, missing,
/// -, --, ? and . (any case): in a column that holds no numbers they are ordinary categories (a "-" or
/// "none" protocol, a "?" grade), so they stay text there.
/// </summary>
internal static class MissingValues
{
    /// <summary>True for a spelling that is missing in any column.</summary>
    public static bool IsMissing(ReadOnlySpan<byte> f) => f.Length switch
    {
        0 => true,
        2 => Ascii.EqualsIgnoreCase(f, "na"u8),
        3 => Ascii.EqualsIgnoreCase(f, "nan"u8) || Ascii.EqualsIgnoreCase(f, "n/a"u8) || Ascii.EqualsIgnoreCase(f, "#na"u8),
        4 => Ascii.EqualsIgnoreCase(f, "null"u8) || Ascii.EqualsIgnoreCase(f, "#n/a"u8) || Ascii.EqualsIgnoreCase(f, "<na>"u8)
            || Ascii.EqualsIgnoreCase(f, "n.a."u8) || Ascii.EqualsIgnoreCase(f, "-nan"u8),
        _ => false,
    };

    /// <summary>True for a spelling that is missing only in a column whose other cells are numbers.</summary>
    public static bool IsMissingAmongNumbers(ReadOnlySpan<byte> f) => f.Length switch
    {
        1 => f[0] is (byte)'-' or (byte)'?' or (byte)'.',
        2 => f[0] == '-' && f[1] == '-',
        3 => Ascii.EqualsIgnoreCase(f, "nil"u8),
        4 => Ascii.EqualsIgnoreCase(f, "none"u8),
        7 => Ascii.EqualsIgnoreCase(f, "missing"u8),
        _ => false,
    };

    /// <summary><see cref="IsMissing(ReadOnlySpan{byte})"/> for text (trimmed first).</summary>
    public static bool IsMissing(string text) => IsMissing(Utf8(text));

    /// <summary>Either tier, for text (trimmed first): missing in a column known to be numeric.</summary>
    public static bool IsMissingInNumbers(string text)
    {
        var bytes = Utf8(text);
        return IsMissing(bytes) || IsMissingAmongNumbers(bytes);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text.Trim());
}
