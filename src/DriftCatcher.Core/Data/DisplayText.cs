namespace DriftCatcher.Core.Data;

/// <summary>Text from a user's file or feed as a message shows it.</summary>
internal static class DisplayText
{
    /// <summary>At most 40 characters, then "...": a cell or a label in a one-line message.</summary>
    public static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
