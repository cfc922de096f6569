using System.Globalization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning.Artifacts;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// Turns a frame into learner input. The label column is the one named, or the first of
/// <see cref="LabelCandidates"/> present. Every other column is a feature; feature values are left as
/// they are (missing and non-finite included) for the learner to handle, and counted. Rows without a
/// usable label are dropped and counted.
/// </summary>
public static class DatasetBuilder
{
    /// <summary>Column names taken as the label when none is given, in this order.</summary>
    public static readonly IReadOnlyList<string> LabelCandidates = ["Label", "label", "target", "class", "y"];

    /// <summary>More distinct labels than this is almost always a numeric target meant for regression.</summary>
    public const int MaxClasses = 1000;

    /// <summary>The label column's name: <paramref name="label"/> if given and present, else the first candidate present.</summary>
    public static string ResolveLabel(DataFrame frame, string? label)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!string.IsNullOrWhiteSpace(label))
        {
            var name = label.Trim();
            if (frame.Contains(name))
            {
                frame.CheckNamedOnce(name, "label");
                return name;
            }

            throw new InputDataException($"no label column '{name}' in the data (columns: {Preview(frame.ColumnNames)})");
        }

        foreach (var candidate in LabelCandidates)
        {
            if (frame.Contains(candidate))
            {
                frame.CheckNamedOnce(candidate, "label");
                return candidate;
            }
        }

        throw new InputDataException($"no label column given and none of {string.Join(", ", LabelCandidates)} is in the data");
    }

    /// <summary>
    /// The task a label column asks for when none is given: regression for a numeric label that holds a
    /// non-integer value or more than <see cref="MaxClasses"/> distinct values (what `train` refuses to
    /// treat as classes), classification otherwise (text, or a few whole numbers: class codes).
    /// </summary>
    public static LearningTask InferTask(Column labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Kind != ColumnKind.Numeric)
        {
            return LearningTask.Classification;
        }

        var distinct = new HashSet<double>();
        foreach (var v in labels.Numbers)
        {
            if (!double.IsFinite(v))
            {
                continue;
            }

            if (v != Math.Floor(v))
            {
                return LearningTask.Regression;
            }

            if (distinct.Add(v) && distinct.Count > MaxClasses)
            {
                return LearningTask.Regression;
            }
        }

        return LearningTask.Classification;
    }

    /// <summary>Prepares training data: classes are the distinct labels (numbers in numeric order, text in ordinal order).</summary>
    public static PreparedData ForTraining(DataFrame frame, string? label, LearningTask task)
    {
        var name = ResolveLabel(frame, label);
        var labels = frame[name];
        var features = frame.Without(name);
        if (features.Columns.Count == 0)
        {
            throw new InputDataException($"the data has no feature columns besides the label '{name}'");
        }

        if (task == LearningTask.Regression)
        {
            if (labels.Kind != ColumnKind.Numeric)
            {
                throw new InputDataException($"regression needs a numeric label but '{name}' holds text such as '{labels.Levels.FirstOrDefault()}'");
            }

            var values = labels.Numbers;
            var keep = Rows(values.Length, r => double.IsFinite(values[r]));
            if (keep.Length == 0)
            {
                throw new InputDataException($"the label '{name}' has no finite values");
            }

            var targets = keep.Select(r => values[r]).ToArray();
            return Build(features, name, keep, targets, TaskKind.Regression, [], values.Length - keep.Length);
        }

        var present = Rows(labels.Length, r => !labels.IsMissing(r));
        if (present.Length == 0)
        {
            throw new InputDataException($"the label '{name}' has no values");
        }

        foreach (var r in present)
        {
            RequireClass(labels, r, $"row {r + 1}");
        }

        var classes = DistinctClasses(labels, present);
        if (classes.Count < 2)
        {
            throw new InputDataException($"the label '{name}' has only one class ('{classes[0]}'); classification needs at least two");
        }

        if (classes.Count > MaxClasses)
        {
            throw new InputDataException(
                $"the label '{name}' has {classes.Count} distinct values; classification supports at most {MaxClasses} classes (for a numeric target use --task regression)");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < classes.Count; k++)
        {
            index.Add(classes[k], k);
        }

        var y = present.Select(r => (double)index[labels.GetString(r)!]).ToArray();
        var kind = classes.Count == 2 ? TaskKind.BinaryClassification : TaskKind.MulticlassClassification;
        return Build(features, name, present, y, kind, classes, labels.Length - present.Length);
    }

    /// <summary>
    /// Refuses an infinite number as a class label: it would become a class of its own ("Infinity"), learned from and
    /// scored against. <paramref name="where"/> says where the row is ("row 7", "stream batch 3, row 12").
    /// </summary>
    public static void RequireClass(Column labels, int row, string where)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Kind == ColumnKind.Numeric && double.IsInfinity(labels.Numbers[row]))
        {
            throw new InputDataException(
                $"{where}: label '{labels.Name}' is {(labels.Numbers[row] > 0 ? "Infinity" : "-Infinity")}, not a class; a class is a finite number or a name (leave the cell empty, or NaN, for no label)");
        }
    }

    /// <summary>
    /// Prepares labelled data for scoring a model: features conformed to the model's schema, labels mapped
    /// to its classes. A label value the model never saw throws <see cref="InputDataException"/> naming it.
    /// </summary>
    public static PreparedData ForEvaluation(DataFrame frame, string? label, ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = ResolveLabel(frame, label ?? model.Label);
        var labels = frame[name];
        var features = model.Schema.Conform(frame);
        if (model.Task == TaskKind.Regression)
        {
            var numeric = FeatureSchema.AsNumeric(labels).Numbers;
            var keep = Rows(numeric.Length, r => double.IsFinite(numeric[r]));
            return Build(features, name, keep, [.. keep.Select(r => numeric[r])], model.Task, [], numeric.Length - keep.Length, model.Schema);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < model.Classes.Count; k++)
        {
            index.Add(model.Classes[k], k);
        }

        var present = Rows(labels.Length, r => !labels.IsMissing(r));
        var y = new double[present.Length];
        for (var i = 0; i < y.Length; i++)
        {
            RequireClass(labels, present[i], $"row {present[i] + 1}");
            var value = labels.GetString(present[i])!;
            if (!index.TryGetValue(value, out var k))
            {
                throw new InputDataException(
                    $"label '{value}' (row {present[i] + 1}) is not a class the model knows ({Preview(model.Classes)})");
            }

            y[i] = k;
        }

        return Build(features, name, present, y, model.Task, model.Classes, labels.Length - present.Length, model.Schema);
    }

    private static PreparedData Build(
        DataFrame features, string label, int[] keep, double[] targets, TaskKind kind, IReadOnlyList<string> classes, int dropped, FeatureSchema? schema = null)
    {
        var subset = keep.Length == features.RowCount ? features : features.Take(keep);
        long missing = 0, nonFinite = 0;
        foreach (var c in subset.Columns)
        {
            if (c.Kind == ColumnKind.Numeric)
            {
                foreach (var v in c.Numbers)
                {
                    if (double.IsNaN(v))
                    {
                        missing++;
                    }
                    else if (double.IsInfinity(v))
                    {
                        nonFinite++;
                    }
                }
            }
            else
            {
                foreach (var code in c.Codes)
                {
                    if (code < 0)
                    {
                        missing++;
                    }
                }
            }
        }

        var data = new TrainingData(subset, targets, kind, classes);
        return new PreparedData(data, label, schema ?? FeatureSchema.Of(subset), new DataPreparation(dropped, missing, nonFinite), keep);
    }

    private static List<string> DistinctClasses(Column labels, int[] rows)
    {
        if (labels.Kind == ColumnKind.Numeric)
        {
            var values = labels.Numbers;
            return [.. rows.Select(r => values[r]).Distinct().Order().Select(v => v.ToString("R", CultureInfo.InvariantCulture))];
        }

        var codes = labels.Codes;
        var seen = new bool[labels.Levels.Length];
        foreach (var r in rows)
        {
            seen[codes[r]] = true;
        }

        return [.. labels.Levels.Where((_, i) => seen[i]).Order(StringComparer.Ordinal)];
    }

    private static int[] Rows(int count, Func<int, bool> keep)
    {
        var rows = new List<int>(count);
        for (var r = 0; r < count; r++)
        {
            if (keep(r))
            {
                rows.Add(r);
            }
        }

        return [.. rows];
    }

    private static string Preview(IEnumerable<string> names) => DataFrame.PreviewNames(names);
}
