namespace DriftCatcher.Twin.Tests.Reporting;

/// <summary>A throwaway replay directory for a test's files, removed afterwards.</summary>
internal sealed class RunDir : IDisposable
{
    public RunDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dc-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public RunDir File(string name, string content)
    {
        System.IO.File.WriteAllText(System.IO.Path.Combine(Path, name), content);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}
