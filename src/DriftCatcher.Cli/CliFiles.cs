using System.Text;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Cli;

/// <summary>File access for commands, with errors that name the file.</summary>
internal static class CliFiles
{
    public static FileStream OpenRead(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{what}: no file given");
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{what}: '{path}' is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{what}: file not found: {path}");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (IOException ex)
        {
            // A symbolic link that loops ("Too many levels of symbolic links"), a FIFO or device that fails to open…
            throw new UsageException($"{what}: cannot read '{path}': {ex.Message.Replace($" : '{Path.GetFullPath(path)}'", "", StringComparison.Ordinal)}", ex);
        }
    }

    /// <summary>Reads a CSV file; input errors come back prefixed with the file's name.</summary>
    public static DataFrame ReadCsv(string path, string what, CsvReadOptions? options = null)
    {
        using var stream = OpenRead(path, what);
        try
        {
            return CsvFrameReader.Read(stream, options);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"{what} {path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The full path of an output file, refused with a usage error when it is empty, a directory, under
    /// /dev, /proc or /sys (a rename over a device would replace it), or in a directory that does not exist.
    /// </summary>
    public static string CheckOutputFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException("the output path is empty");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"output '{path}' is a directory, not a file");
        }

        if (SystemRoots.Any(root => full.StartsWith(root, StringComparison.Ordinal)))
        {
            throw new UsageException($"output '{path}' is a device or system file: refusing to replace it");
        }

        var name = Encoding.UTF8.GetByteCount(Path.GetFileName(full));
        if (name > MaxNameBytes)
        {
            throw new UsageException($"output '{path}': the file name is {name} bytes long; a file system allows at most {MaxNameBytes}");
        }

        var dir = Path.GetDirectoryName(full)!;
        if (File.Exists(dir))
        {
            // `--out model.dcm/p.csv` said "output directory does not exist" of a file that exists.
            throw new UsageException($"output '{path}': '{dir}' is a file, not a directory");
        }

        if (!Directory.Exists(dir))
        {
            throw new UsageException($"output directory does not exist: {dir}");
        }

        CheckWritable("--out", dir, path);
        return full;
    }

    /// <summary>
    /// Refuses, before any work, a directory <paramref name="path"/> would be written into (<paramref name="existing"/>,
    /// the nearest part of it that exists) where no file can be created: permission denied, a read-only file system.
    /// </summary>
    public static void CheckWritable(string option, string existing, string path)
    {
        var probe = Path.Combine(existing, $".driftcatcher-{Guid.NewGuid():N}.probe");
        try
        {
            using var fs = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException ex)
        {
            var why = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) == existing ? string.Empty : $", so not '{path}'";
            throw new UsageException($"{option}: cannot create files in '{existing}' (permission denied){why}", ex);
        }
        catch (IOException ex)
        {
            throw new UsageException($"{option}: cannot create files in '{existing}': {ex.Message.Replace($" : '{probe}'", string.Empty, StringComparison.Ordinal).Replace(probe, existing, StringComparison.Ordinal)}", ex);
        }
    }

    /// <summary>Refuses an output path that names the same file as one of the inputs (it would be overwritten while read).</summary>
    public static void CheckNotAnInput(string output, params string?[] inputs)
    {
        // Symbolic links resolved: `--data link.csv --out data.csv` with link.csv → data.csv replaced the data.
        var full = OutputFiles.RealPath(output);
        foreach (var input in inputs)
        {
            if (!string.IsNullOrWhiteSpace(input) && string.Equals(OutputFiles.RealPath(input), full, StringComparison.Ordinal))
            {
                throw new UsageException($"output '{output}' is the same file as the input '{input}'");
            }
        }
    }

    private static readonly string[] SystemRoots = ["/dev/", "/proc/", "/sys/"];

    /// <summary>The longest file name (in UTF-8 bytes) Linux, macOS and Windows file systems take.</summary>
    private const int MaxNameBytes = 255;

    /// <summary>
    /// A hidden file beside <paramref name="target"/> to stage it in: ".NAME.GUID.SUFFIX", NAME cut short enough that
    /// the whole stays within <see cref="MaxNameBytes"/> (an --out name of 226 bytes was refused after all the work,
    /// naming the staged file).
    /// </summary>
    public static string StagingPath(string target, string suffix)
    {
        var name = Path.GetFileName(target);
        var room = MaxNameBytes - 2 - 32 - Encoding.UTF8.GetByteCount(suffix);
        while (Encoding.UTF8.GetByteCount(name) > room)
        {
            name = name[..^(char.IsLowSurrogate(name[^1]) && name.Length > 1 ? 2 : 1)];
        }

        return Path.Combine(Path.GetDirectoryName(target)!, $".{name}.{Guid.NewGuid():N}{suffix}");
    }

    /// <summary>
    /// Writes a file all at once: into a temporary file beside it, then renamed over the target, so a
    /// failure never leaves a half-written file behind.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = CheckOutputFile(path);
        var tmp = StagingPath(full, ".tmp");
        try
        {
            WriteStaged(tmp, full, "--out", write);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="target"/>'s new content into the temporary file <paramref name="tmp"/> and flushes it to
    /// the disk. The machine failing under the write (a full disk, a failing device) stays an <see cref="IOException"/>
    /// (exit code 1), but its message names the option and the file the user asked for, not the hidden temporary
    /// file: "--out: cannot write 'out/report.html': No space left on device".
    /// </summary>
    public static void WriteStaged(string tmp, string target, string option, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(fs);
            fs.Flush(flushToDisk: true);
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            var reason = ex.Message.Replace($" : '{tmp}'", string.Empty, StringComparison.Ordinal).Replace(tmp, target, StringComparison.Ordinal);
            throw new IOException($"{option}: cannot write '{target}': {reason}", ex) { HResult = ex.HResult };
        }
        catch (UnauthorizedAccessException ex)
        {
            // Checked before the work; the permissions changed under the command.
            throw new UsageException($"{option}: cannot write '{target}' (permission denied)", ex);
        }
    }
}
