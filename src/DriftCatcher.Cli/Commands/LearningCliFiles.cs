using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Cli.Commands;

/// <summary>Data and model files of train / evaluate / predict, with errors that name the file.</summary>
internal static class LearningCliFiles
{
    /// <summary>CSV, or JSON rows for .json / .jsonl / .ndjson files.</summary>
    public static DataFrame ReadData(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".json" or ".jsonl" or ".ndjson"))
        {
            return CliFiles.ReadCsv(path, "data");
        }

        using var stream = CliFiles.OpenRead(path, "data");
        try
        {
            return JsonRowsReader.Read(stream);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"data {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Fails before any work is done when the output could not be written.</summary>

    public static ModelArtifact ReadModel(string path, LearnerCatalog catalog)
    {
        using var stream = CliFiles.OpenRead(path, "model");
        try
        {
            return ModelArtifactFormat.Read(stream, catalog);
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"model {path}: {ex.Message}", ex);
        }
    }
}
