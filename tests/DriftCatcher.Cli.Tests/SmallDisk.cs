using System.Diagnostics;

namespace DriftCatcher.Cli.Tests;

/// <summary>
/// A real small disk: a tmpfs mounted on a throwaway directory, so that writing past its size fails the way a full
/// disk does (ENOSPC, "No space left on device"). Mounting needs root on Linux; elsewhere, or where the kernel refuses
/// the mount, the test is skipped and says why.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private const int Page = 4096;
    private readonly TempDir _dir;

    private SmallDisk(TempDir dir) => _dir = dir;

    public string Path => _dir.Path;

    public static SmallDisk Mount(long bytes, bool readOnly = false)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Skip("a full disk is made by mounting a tmpfs, which needs root on Linux");
        }

        var dir = new TempDir();
        int code;
        string error;
        try
        {
            (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={(bytes + Page - 1) / Page * Page / 1024}k{(readOnly ? ",ro" : "")}", "tmpfs", dir.Path);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            (code, error) = (-1, $"mount: {ex.Message}");
        }

        if (code != 0)
        {
            dir.Dispose();
            Assert.Skip($"this machine refused to mount a tmpfs: {error.Trim()}");
        }

        return new SmallDisk(dir);
    }

    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Fills the disk with a hidden file of zeros until only about <paramref name="bytes"/> are free (whole pages).</summary>
    public void LeaveFree(long bytes)
    {
        var fill = Free - bytes;
        if (fill <= 0)
        {
            return;
        }

        using var fs = new FileStream(System.IO.Path.Combine(Path, ".filler"), FileMode.CreateNew, FileAccess.Write);
        var zeros = new byte[Page];
        for (long written = 0; written + Page <= fill; written += Page)
        {
            fs.Write(zeros);
        }
    }

    /// <summary>Every file on the disk but the filler, by path relative to the disk, hidden files included.</summary>
    public IReadOnlyList<string> Files() =>
        new DirectoryInfo(Path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => System.IO.Path.GetRelativePath(Path, f.FullName))
            .Where(f => f != ".filler")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every directory on the disk, by path relative to it.</summary>
    public IReadOnlyList<string> Directories() =>
        new DirectoryInfo(Path).EnumerateDirectories("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(d => System.IO.Path.GetRelativePath(Path, d.FullName))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose()
    {
        Run("umount", "-l", Path);
        _dir.Dispose();
    }

    private static (int Code, string Error) Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
