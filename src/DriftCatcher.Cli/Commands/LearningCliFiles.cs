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

    /// <summary>Runs a step over the data of <paramref name="path"/>; its input errors (a cell the model cannot take) name the file.</summary>
    public static T OnData<T>(string path, Func<T> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            return step();
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"data {path}: {ex.Message}", ex);
        }
    }

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
