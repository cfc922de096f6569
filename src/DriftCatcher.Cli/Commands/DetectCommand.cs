using System.CommandLine;
using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Detectors;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher detect --detector adwin|ddm|eddm|hddm-a|hddm-w|kswin|page-hinkley|cusum
/// [--option key=value]... --input FILE`: runs a streaming change detector over FILE (one number
/// per line; blank lines are skipped) and prints <c>{"detector", "detections", "warnings"}</c>,
/// the 0-based indices of the values after whose update a drift / a warning was signalled.
/// A line that is not a finite number (NaN and Infinity included), larger than 1e150 or (but for 0) smaller than 1e-150 in
/// magnitude, a value outside the detector's
/// domain, an empty file, an unknown detector or option, or a bad option value: exit 2, one line.
/// </summary>
internal static class DetectCommand
{
    private const double MaxMagnitude = 1e150;
    private const double MinMagnitude = 1e-150;
    private const int MaxLineChars = 1000;

    public static Command Create(CliContext context)
    {
        var detector = new Option<string>("--detector")
        {
            Description = $"The detector: {string.Join(", ", ChangeDetectors.Names)}",
            Required = true,
        };
        var option = new Option<string[]>("--option")
        {
            Description = "A detector option as key=value (kebab-case keys, e.g. two-sided=true, window-size=200); repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var input = new Option<string>("--input") { Description = "The stream: one number per line", Required = true };
        var command = new Command("detect", "Run a streaming change detector over a file of numbers.");
        command.Options.Add(detector);
        command.Options.Add(option);
        command.Options.Add(input);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(detector)!;
            var changeDetector = ChangeDetectors.Create(name, ParseOptions(parse.GetValue(option) ?? []));
            var path = parse.GetValue(input)!;
            var (detections, warnings) = await RunAsync(changeDetector, path, cancellationToken).ConfigureAwait(false);
            var json = CliJson.Serialize(new DetectOutput(changeDetector.Name, detections, warnings));
            await context.Out.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static Dictionary<string, string> ParseOptions(IEnumerable<string> pairs)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--option '{pair}': expected key=value, e.g. window-size=200");
            }

            var key = pair[..eq].Trim();
            if (!options.TryAdd(key, pair[(eq + 1)..].Trim()))
            {
                throw new UsageException($"--option '{key}' is given more than once");
            }
        }

        return options;
    }

    private static async Task<(List<long> Detections, List<long> Warnings)> RunAsync(
        IChangeDetector detector, string path, CancellationToken cancellationToken)
    {
        var detections = new List<long>();
        var warnings = new List<long>();
        using var stream = CliFiles.OpenRead(path, "input");
        using var reader = new StreamReader(stream);
        long index = 0;
        long lineNumber = 0;
        await foreach (var line in Lines(reader, path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"input {path} line {lineNumber}: '{Shorten(text)}' is not a number");
            }

            if (!double.IsFinite(value))
            {
                throw new UsageException($"input {path} line {lineNumber}: '{Shorten(text)}' is not a finite number");
            }

            if (Math.Abs(value) > MaxMagnitude)
            {
                // The detectors keep sums of squares: beyond 1e150 they overflow and silently stop detecting.
                throw new UsageException($"input {path} line {lineNumber}: {Shorten(text)} is too large for the detectors (at most 1e150 in magnitude; rescale the values)");
            }

            if (value != 0 && Math.Abs(value) < MinMagnitude)
            {
                // Their squares underflow to 0: CUSUM's warm-up deviation of values near 1e-170 was 0, and it fired
                // every min-instances values where the same stream at any other scale fired once.
                throw new UsageException($"input {path} line {lineNumber}: {Shorten(text)} is too small for the detectors (0, or at least 1e-150 in magnitude; rescale the values)");
            }

            DetectorResult result;
            try
            {
                result = detector.Update(value);
            }
            catch (InputDataException ex)
            {
                throw new UsageException($"input {path} line {lineNumber}: {ex.Message}", ex);
            }

            if (result.Drift)
            {
                detections.Add(index);
            }

            if (result.Warning)
            {
                warnings.Add(index);
            }

            index++;
        }

        if (index == 0)
        {
            throw new UsageException($"input {path}: no values (expected one number per line)");
        }

        return (detections, warnings);
    }

    /// <summary>
    /// The lines of the input, each at most <see cref="MaxLineChars"/> long: a file with no line breaks (a gigabyte of
    /// zero bytes, /dev/zero) was read as one line until memory ran out.
    /// </summary>
    private static async IAsyncEnumerable<string> Lines(StreamReader reader, string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new char[1 << 16];
        var line = new System.Text.StringBuilder();
        long number = 1;
        var afterCr = false;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            var at = 0;
            while (at < read)
            {
                // Lines end at \n, \r\n or a bare \r, as StreamReader.ReadLine ends them.
                if (afterCr)
                {
                    afterCr = false;
                    if (buffer[at] == '\n')
                    {
                        at++;
                        continue;
                    }
                }

                var end = buffer.AsSpan(at, read - at).IndexOfAny('\n', '\r');
                var piece = end < 0 ? read - at : end;
                if (line.Length + piece > MaxLineChars)
                {
                    throw new UsageException($"input {path} line {number}: longer than {MaxLineChars} characters (expected one number per line)");
                }

                line.Append(buffer, at, piece);
                at += piece;
                if (end >= 0)
                {
                    afterCr = buffer[at] == '\r';
                    at++;
                    yield return line.ToString();
                    line.Clear();
                    number++;
                }
            }
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private sealed record DetectOutput(string Detector, List<long> Detections, List<long> Warnings);
}
