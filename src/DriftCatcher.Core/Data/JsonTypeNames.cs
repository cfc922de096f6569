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
        if (EnumValues(type) is { } values)
        {
            return values;
        }

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

    /// <summary>
    /// "one of alert, retrain, …" when the type is one of the project's enums (written snake_case, as the files spell
    /// them): before, a misspelt action or cause read "must be an object".
    /// </summary>
    private static string? EnumValues(string type)
    {
        var end = type.IndexOf(". Path:", StringComparison.Ordinal);
        var name = (end >= 0 ? type[..end] : type).Trim().TrimEnd('.');
        var enumType = name.StartsWith("DriftCatcher.", StringComparison.Ordinal) ? typeof(JsonTypeNames).Assembly.GetType(name) : null;
        return enumType is { IsEnum: true }
            ? "one of " + string.Join(", ", Enum.GetNames(enumType).Select(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName))
            : null;
    }
}
