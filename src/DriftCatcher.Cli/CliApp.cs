using System.CommandLine;
using DriftCatcher.Cli.Commands;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Cli;

/// <summary>
/// The `driftcatcher` command line. Exit codes: 0 success, 2 bad input (one line on stderr naming
/// the problem, never a stack trace), 1 an internal error ("internal error: …") or the machine failing under it
/// ("error: --out: cannot write '…/report.html': No space left on device": an IOException that is no bad input); "error: cancelled" when the token is cancelled
/// (Program.cs turns that into 130 or 143 for Ctrl-C or SIGTERM).
/// </summary>
internal static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInternal = 1;
    public const int ExitBadInput = 2;

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("DriftCatcher: keeps production ML models healthy by itself.");
        root.Subcommands.Add(DriftCommand.Create(context));
        root.Subcommands.Add(DetectCommand.Create(context));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(TwinCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var context = new CliContext(stdout, stderr);
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // "Required command was not provided" is the least helpful error; prefer any other.
            var error = parse.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal))
                ?? parse.Errors[0];
            await stderr.WriteLineAsync($"error: {OneLine(PlainParseError(error.Message))}").ConfigureAwait(false);
            return ExitBadInput;
        }

        try
        {
            var config = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // The caller's token carries Ctrl-C and SIGTERM (Program.cs); the parser's own handler would end the
                // invocation 2 s after a signal while the command still runs, before it removed what it staged.
                ProcessTerminationTimeout = null,
                Output = stdout,
                Error = stderr,
            };
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            await stderr.WriteLineAsync($"error: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitBadInput;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitInternal;
        }
        catch (IOException ex)
        {
            // The machine, not the input and not a bug: a full disk, a failing device. What was staged is already removed.
            await stderr.WriteLineAsync($"error: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitInternal;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: one line, never a stack trace, exit 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"internal error: {ex.GetType().Name}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitInternal;
        }
    }

    private static bool IsBadInput(Exception ex) =>
        ex is UsageException or InputDataException or FileNotFoundException or DirectoryNotFoundException or PathTooLongException
            or UnauthorizedAccessException or System.Text.Json.JsonException;

    /// <summary>
    /// System.CommandLine's "Cannot parse argument 'abc' for option '--label-delay' as expected type
    /// 'System.Nullable`1[System.Int32]'." in the words of the command line: "--label-delay: 'abc' is not a whole number
    /// (from -2147483648 to 2147483647)". Any other message as it is.
    /// </summary>
    internal static string PlainParseError(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(
            message, @"^Cannot parse argument '(?<value>.*)' for (option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$");
        if (!m.Success)
        {
            return message;
        }

        var type = m.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) => "a whole number (from -2147483648 to 2147483647)",
            _ when type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => null,
        };
        return expected is null ? message : $"{m.Groups["name"].Value}: '{m.Groups["value"].Value}' is not {expected}";
    }

    private static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();
}
