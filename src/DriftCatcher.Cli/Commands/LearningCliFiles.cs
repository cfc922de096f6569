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
    public static DataFrame ReadData(string path, ModelArtifact model, string? label)
    {
        var text = model.Metadata.Schema.Features.Where(f => f.Kind == ColumnKind.Categorical).Select(f => f.Name).ToList();
        if (label is not null && model.Metadata.Task != TaskKind.Regression && !model.Metadata.Classes.All(IsWrittenAsANumber))
        {
            // Classes such as '01' and 'x': labels read as numbers would come back as '1', no class of the model's.
            text.Add(label.Trim());
        }

        return ReadData(path, new CsvReadOptions
        {
            Columns = new HashSet<string>([.. model.Metadata.Schema.Names, .. label is null ? [] : new[] { label.Trim() }], StringComparer.Ordinal),
            CategoricalColumns = new HashSet<string>(text, StringComparer.Ordinal),
        });
    }

    /// <summary>A class name as a column of numbers gives it back ('1', '0.5'; not '01' or '1.0').</summary>
    private static bool IsWrittenAsANumber(string name) =>
        double.TryParse(name, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
        && v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) == name;

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
