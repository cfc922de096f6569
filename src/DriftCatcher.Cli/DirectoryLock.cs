using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DriftCatcher.Cli;

/// <summary>
/// An exclusive advisory lock on a directory (flock(2) on the directory itself, so no lock file is left beside the
/// outputs), held until disposed or the process ends, however it ends. Two commands writing into the same --out take
/// it while they put their files in place, so the directory ends with all of one run's files, never a mix of two.
/// On systems other than Linux it locks nothing.
/// </summary>
internal sealed partial class DirectoryLock : IDisposable
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;
    private const int Exclusive = 2;
    private const int NonBlocking = 4;
    private const int WouldBlock = 11;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly SafeFileHandle? _handle;

    private DirectoryLock(SafeFileHandle? handle) => _handle = handle;

    /// <summary>Takes the lock on <paramref name="directory"/>, waiting while another process (or handle) holds it.</summary>
    public static DirectoryLock Acquire(string directory, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new DirectoryLock(null);
        }

        var fd = Open(directory, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open '{directory}' to lock it: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            while (Flock(fd, Exclusive | NonBlocking) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != WouldBlock)
                {
                    throw new IOException($"cannot lock '{directory}': {Marshal.GetPInvokeErrorMessage(error)}");
                }

                cancellationToken.WaitHandle.WaitOne(Poll);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return new DirectoryLock(handle);
    }

    /// <summary>Releases the lock (closing the descriptor releases a flock).</summary>
    public void Dispose() => _handle?.Dispose();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
