using System.Runtime.InteropServices;
using DriftCatcher.Cli;

// Ctrl-C or SIGTERM (a CI timeout, a pod deleted) cancels the command: it stops at its next batch and removes what it
// staged in --out. Left to the runtime, either signal ended the process on the spot and every staged file stayed behind
// as a hidden .tmp. A second signal, or a command still running 10 s after the first, ends the process at once.
using var cancel = new CancellationTokenSource();
var received = 0;
void OnSignal(PosixSignalContext context)
{
    var code = context.Signal == PosixSignal.SIGINT ? 130 : 143;
    if (Interlocked.CompareExchange(ref received, code, 0) == 0)
    {
        context.Cancel = true;
        cancel.Cancel();
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            Environment.Exit(code);
        });
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
var exit = await CliApp.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);

// Stopped by a signal: the shell's convention, 128 + the signal's number, as the runtime would have exited.
return cancel.IsCancellationRequested && exit == CliApp.ExitInternal ? Volatile.Read(ref received) : exit;
