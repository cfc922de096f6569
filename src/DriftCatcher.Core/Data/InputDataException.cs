namespace DriftCatcher.Core.Data;

/// <summary>
/// Input data that cannot be used as given (no header, a missing column, a wrong type...).
/// The message names the problem in one line, so the CLI and the API can show it as it is.
/// </summary>
public sealed class InputDataException : Exception
{
    public InputDataException()
    {
    }

    public InputDataException(string message)
        : base(message)
    {
    }

    public InputDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
