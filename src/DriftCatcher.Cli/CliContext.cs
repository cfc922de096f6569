namespace DriftCatcher.Cli;

/// <summary>Where a command writes: injected so tests run commands in-process.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
