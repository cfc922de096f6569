using System.Globalization;
using System.Net;

namespace DriftCatcher.Twin.Reporting;

/// <summary>Escaping and invariant number formatting for the report's HTML and SVG.</summary>
internal static class Html
{
    public const string Dash = "–";

    /// <summary>Text from data made safe for element content and quoted attributes (&lt; &gt; &amp; " ').</summary>
    public static string Escape(string? text) => text is null ? string.Empty : WebUtility.HtmlEncode(text);

    /// <summary>A coordinate for SVG: one decimal, invariant.</summary>
    public static string Coord(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// A number as people read it: grouped digits, up to three decimals; from 10¹⁵ on in E notation (an error of
    /// 1e308 is not 309 digits wide); NaN as a dash.
    /// </summary>
    public static string Number(double v) =>
        double.IsNaN(v) ? Dash
        : double.IsFinite(v) && Math.Abs(v) >= 1e15 ? v.ToString("0.###E+0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 1000 || v == Math.Floor(v)
            ? v.ToString("#,0.##", CultureInfo.InvariantCulture)
            : v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Number(double? v) => v is { } d ? Number(d) : Dash;

    public static string Int(int v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Percent(double? v, int decimals = 1) =>
        v is { } d ? (d * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%" : Dash;

    /// <summary>A fragment usable in an id attribute: letters, digits and dashes only.</summary>
    public static string Slug(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "x" : slug;
    }
}
