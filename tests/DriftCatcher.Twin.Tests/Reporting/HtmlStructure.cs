using System.Text.RegularExpressions;

namespace DriftCatcher.Twin.Tests.Reporting;

/// <summary>
/// Just enough HTML checking for the report: every element that is opened is closed, in order (void
/// elements and self-closed SVG elements aside), and pieces of the page can be cut out by tag.
/// </summary>
internal static partial class HtmlStructure
{
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    /// <summary>The nesting problems found; empty when every tag is balanced.</summary>
    public static List<string> Problems(string html)
    {
        var text = RawText().Replace(html, "<$1></$1>");
        text = Comment().Replace(text, string.Empty);
        var problems = new List<string>();
        var stack = new Stack<string>();
        foreach (Match m in Tag().Matches(text))
        {
            var closing = m.Groups[1].Value == "/";
            var name = m.Groups[2].Value.ToLowerInvariant();
            var selfClosed = m.Groups[3].Value.TrimEnd().EndsWith('/');
            if (!closing && (Void.Contains(name) || selfClosed))
            {
                continue;
            }

            if (!closing)
            {
                stack.Push(name);
                continue;
            }

            if (stack.Count == 0)
            {
                problems.Add($"</{name}> at {m.Index} closes nothing");
                continue;
            }

            var open = stack.Pop();
            if (open != name)
            {
                problems.Add($"</{name}> at {m.Index} closes <{open}>");
                return problems;
            }
        }

        problems.AddRange(stack.Select(s => $"<{s}> is never closed"));
        if (!html.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal))
        {
            problems.Add("no doctype");
        }

        return problems;
    }

    /// <summary>The outer HTML of each element with this tag name, outermost first (no nesting of the same tag assumed).</summary>
    public static List<string> Elements(string html, string tag) =>
        [.. Regex.Matches(html, $"<{tag}\\b[^>]*>.*?</{tag}>", RegexOptions.Singleline).Select(m => m.Value)];

    public static int Count(string haystack, string needle)
    {
        var n = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    public static List<string> Ids(string html) =>
        [.. IdAttribute().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")]
    private static partial Regex Tag();

    [GeneratedRegex("<(style|script)\\b[^>]*>.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex RawText();

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex("\\sid=\"([^\"]*)\"")]
    private static partial Regex IdAttribute();
}
