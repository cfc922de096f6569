namespace DriftCatcher.Core.Data;

/// <summary>
/// Turns System.Text.Json's "The JSON value could not be converted to System.Int32" into the words a person
/// writing a policy or scenario file (JSON or YAML) would use: "an integer".
/// </summary>
public static class JsonTypeNames
{
    /// <summary>What a conversion message expected, or null when the message is not a conversion error or names a type without a plain-words name.</summary>
    public static string? Expected(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        const string marker = "could not be converted to ";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var type = message[(at + marker.Length)..];
        return type switch
        {
            _ when type.Contains("IReadOnlyList", StringComparison.Ordinal) => "an array",
            _ when type.Contains("IReadOnlyDictionary", StringComparison.Ordinal) => "an object of name: number",
            _ when type.Contains("Int32", StringComparison.Ordinal) => "an integer from -2147483648 to 2147483647",
            _ when type.Contains("Double", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("String", StringComparison.Ordinal) => "a string",
            _ when type.StartsWith("DriftCatcher.", StringComparison.Ordinal) => "an object",
            _ => null,
        };
    }
}
