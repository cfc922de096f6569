namespace DriftCatcher.Cli;

/// <summary>
/// The files a command writes into one or more output directories, checked before any work is done and
/// landing together. <see cref="AddDirectory"/> and <see cref="AddFile"/> refuse, with one line starting with the
/// option's name, a directory that cannot be created or written, one under /dev, /proc or /sys, and a target
/// that is an existing directory; <see cref="RefuseInputs"/> an input that is one of the targets. Nothing is
/// created by the checks. <see cref="Write"/> stages each file as a temporary file beside its target;
/// <see cref="Commit"/> renames them all over their targets once every one is complete, putting the old files
/// back if a rename fails. Disposed without a commit, it removes the staged files and the directories it made.
/// </summary>
internal sealed class OutputFiles(string option) : IDisposable
{
    private static readonly string[] SystemRoots = ["/dev", "/proc", "/sys"];

    private readonly HashSet<string> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _staged = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<string> _createdDirectories = [];
    private bool _committed;

    /// <summary>
    /// Checks <paramref name="path"/> as a directory to write into (it may not exist yet) and returns its full path.
    /// Nothing is created.
    /// </summary>
    public string AddDirectory(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option}: the output directory is empty");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if ((SystemRoot(full) ?? SystemRoot(RealPath(full))) is { } root)
        {
            throw new UsageException($"{option}: '{path}' is under {root}: refusing to write there");
        }

        // The nearest part of the path that exists must be a directory we may create files in.
        var existing = full;
        while (!System.IO.Directory.Exists(existing))
        {
            if (new FileInfo(existing).LinkTarget is not null && !System.IO.File.Exists(existing))
            {
                throw new UsageException($"{option}: '{existing}' is a symbolic link to nothing, so '{path}' cannot be created");
            }

            if (System.IO.File.Exists(existing))
            {
                throw new UsageException(existing == full
                    ? $"{option}: '{path}' is a file, not a directory"
                    : $"{option}: '{existing}' is a file, so '{path}' cannot be created");
            }

            existing = Path.GetDirectoryName(existing) ?? throw new UsageException($"{option}: '{path}' cannot be created");
        }

        CliFiles.CheckWritable(option, existing, path);
        return full;
    }

    /// <summary>Registers the file <paramref name="name"/> in <paramref name="directory"/> (a path from <see cref="AddDirectory"/>) as a target.</summary>
    public string AddFile(string directory, string name)
    {
        var target = Path.Combine(directory, name);
        if (System.IO.Directory.Exists(target))
        {
            throw new UsageException($"{option}: '{target}' is a directory, not a file");
        }

        _targets.Add(target);
        return target;
    }

    /// <summary>Refuses an input file that is one of the targets (it would be overwritten by the run that reads it).</summary>
    public void RefuseInputs(params (string What, string? Path)[] inputs)
    {
        var targets = _targets.ToDictionary(RealPath, t => t, StringComparer.Ordinal);
        foreach (var (what, input) in inputs)
        {
            if (!string.IsNullOrWhiteSpace(input) && targets.TryGetValue(RealPath(input), out var target))
            {
                throw new UsageException($"{option}: '{target}' is also the {what} input: refusing to overwrite it");
            }
        }
    }

    /// <summary>Writes <paramref name="target"/>'s new content into a temporary file beside it.</summary>
    public void Write(string target, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (!_targets.Contains(target) || _staged.ContainsKey(target))
        {
            throw new InvalidOperationException($"'{target}' is not an output still to be written");
        }

        var dir = Path.GetDirectoryName(target)!;
        CreateDirectory(dir);
        var tmp = CliFiles.StagingPath(target, ".tmp");
        _staged.Add(target, tmp);
        _order.Add(target);
        CliFiles.WriteStaged(tmp, target, option, write);
    }

    /// <summary>Reads back what <see cref="Write"/> staged for <paramref name="target"/>.</summary>
    public FileStream OpenStaged(string target) =>
        new(_staged[target], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>
    /// Moves every staged file over its target: all of them land, or the old files are put back. Another command
    /// putting its files into one of the same directories is waited for (<see cref="DirectoryLock"/>, taken in path
    /// order so two commands never wait for each other), so the directories end with one run's files, not a mix.
    /// </summary>
    public void Commit(CancellationToken cancellationToken = default)
    {
        var missing = _targets.Where(t => !_staged.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"not written: {string.Join(", ", missing)}");
        }

        var locks = new List<DirectoryLock>();
        try
        {
            foreach (var dir in _order.Select(t => Path.GetDirectoryName(t)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                locks.Add(DirectoryLock.Acquire(dir, cancellationToken));
            }

            MoveIntoPlace();
        }
        finally
        {
            foreach (var held in locks)
            {
                held.Dispose();
            }
        }
    }

    private void MoveIntoPlace()
    {
        var done = new List<(string Target, string? Backup)>();
        try
        {
            foreach (var target in _order)
            {
                string? backup = null;
                if (System.IO.File.Exists(target))
                {
                    backup = CliFiles.StagingPath(target, ".old");
                    System.IO.File.Move(target, backup);
                }

                done.Add((target, backup));
                System.IO.File.Move(_staged[target], target);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            RollBack(done);
            throw new UsageException($"{option}: could not put the new files in place, the old ones are kept: {ex.Message}", ex);
        }

        _committed = true;
        foreach (var (_, backup) in done)
        {
            if (backup is not null)
            {
                TryDelete(backup);
            }
        }
    }

    public void Dispose()
    {
        foreach (var tmp in _staged.Values)
        {
            TryDelete(tmp);
        }

        if (_committed)
        {
            return;
        }

        // Deepest first: a directory made here holds nothing else of ours once the staged files are gone.
        foreach (var dir in Enumerable.Reverse(_createdDirectories))
        {
            try
            {
                if (System.IO.Directory.Exists(dir) && !System.IO.Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    System.IO.Directory.Delete(dir);
                }
            }
            catch (IOException)
            {
                // Best effort: an empty directory left behind does no harm.
            }
        }
    }

    /// <summary>
    /// The path with the symbolic links along it resolved as far as it exists (the rest as given), so that two
    /// spellings of one file compare equal and a link into /dev is seen for what it is.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        for (var hops = 0; hops < 40; hops++)
        {
            var root = Path.GetPathRoot(full)!;
            var current = root;
            var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var resolved = true;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                if (new FileInfo(next).LinkTarget is { } link)
                {
                    // Start over from the link's target: it may itself run through links.
                    full = Path.Combine(Path.GetFullPath(link, current), Path.Combine(parts[(i + 1)..]));
                    resolved = false;
                    break;
                }

                current = next;
            }

            if (resolved)
            {
                return Path.TrimEndingDirectorySeparator(full);
            }
        }

        return full; // a loop of links: compare as written
    }

    private static string? SystemRoot(string full) =>
        SystemRoots.FirstOrDefault(root => full == root || full.StartsWith(root + "/", StringComparison.Ordinal));

    private void CreateDirectory(string dir)
    {
        var missing = new Stack<string>();
        for (var d = dir; !System.IO.Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
        }

        foreach (var d in missing)
        {
            System.IO.Directory.CreateDirectory(d);
            _createdDirectories.Add(d);
        }
    }

    private void RollBack(List<(string Target, string? Backup)> done)
    {
        foreach (var (target, backup) in Enumerable.Reverse(done))
        {
            try
            {
                if (!System.IO.File.Exists(_staged[target]))
                {
                    System.IO.File.Delete(target); // the new file had landed
                }

                if (backup is not null)
                {
                    System.IO.File.Move(backup, target, overwrite: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Keep putting back the others; a backup that cannot move stays beside its target as .old.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            System.IO.File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden temporary file does no harm.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
