using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Cli.Commands;

/// <summary>Data and model files of train / evaluate / predict, with errors that name the file.</summary>
internal static class LearningCliFiles
{
    /// <summary>CSV, or JSON rows for .json / .jsonl / .ndjson files.</summary>
    public static DataFrame ReadData(string path) => ReadData(path, null);

    /// <summary>
    /// The data a model reads: of a CSV file only its features and the <paramref name="label"/> column when given (other
    /// columns are not read, so a column the model never uses cannot refuse the file), its categorical features read as
    /// text.
    /// </summary>
    public static DataFrame ReadData(string path, ModelArtifact model, string? label) =>
        ReadData(path, new CsvReadOptions
        {
            Columns = new HashSet<string>([.. model.Metadata.Schema.Names, .. label is null ? [] : new[] { label.Trim() }], StringComparer.Ordinal),
            CategoricalColumns = new HashSet<string>(model.Metadata.Schema.Features.Where(f => f.Kind == ColumnKind.Categorical).Select(f => f.Name), StringComparer.Ordinal),
        });

    private static DataFrame ReadData(string path, CsvReadOptions? options)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".json" or ".jsonl" or ".ndjson"))
        {
            return CliFiles.ReadCsv(path, "data", options);
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
