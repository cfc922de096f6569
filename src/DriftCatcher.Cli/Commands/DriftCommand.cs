using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using DriftCatcher.Core.Data;
using DriftCatcher.Core.Statistics;

namespace DriftCatcher.Cli.Commands;

/// <summary>
/// `driftcatcher drift --reference REF.csv --current CUR.csv [--label COL] [--format json|text]`:
/// compares every column of the current data with the reference and prints per-feature statistics,
/// the drift decision and the dataset verdict. The reference is profiled exactly (nothing is stored),
/// so the numbers agree with numpy/scipy on the same files.
/// </summary>
internal static class DriftCommand
{
    public static Command Create(CliContext context)
    {
        var reference = new Option<string>("--reference") { Description = "Reference (training) data, CSV with a header row", Required = true };
        var current = new Option<string>("--current") { Description = "Current data to compare, CSV with the same columns", Required = true };
        var label = new Option<string?>("--label") { Description = "Label column to leave out" };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text");

        var command = new Command("drift", "Compare current data with reference data, feature by feature.");
        command.Options.Add(reference);
        command.Options.Add(current);
        command.Options.Add(label);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = Run(parse.GetValue(reference)!, parse.GetValue(current)!, parse.GetValue(label));
            var text = parse.GetValue(format) == "text" ? FormatText(report) : CliJson.Serialize(ToJson(report));
            await context.Out.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static DriftReport Run(string referencePath, string currentPath, string? label)
    {
        var reference = CliFiles.ReadCsv(referencePath, "reference");

        // A column the reference holds as text is text in the current file too: codes such as '0101' that happen to
        // be all numbers there were refused as "numeric in the current data but text in the reference".
        var current = CliFiles.ReadCsv(currentPath, "current", CsvReadOptions.TextAs(reference));
        CheckHeader(reference, "reference", referencePath);
        CheckHeader(current, "current", currentPath);

        // Names are trimmed when read (CICIDS2017 writes " Label"), so the option is too, as train and twin replay do.
        label = label?.Trim();
        if (label is not null)
        {
            CheckLabelNamedOnce(reference, label, "reference", referencePath);
            CheckLabelNamedOnce(current, label, "current", currentPath);
        }

        if (label is not null && !reference.Contains(label) && !current.Contains(label))
        {
            throw new UsageException($"label column '{label}' is in neither file");
        }

        if (label is not null)
        {
            reference = reference.Without(label);
            current = current.Without(label);
        }

        CheckColumns(reference, current);
        var profile = ReferenceProfile.Build(reference, options: ReferenceProfileOptions.Exact);
        return DriftAnalyzer.Compare(profile, current);
    }

    private static void CheckLabelNamedOnce(DataFrame frame, string label, string what, string path)
    {
        try
        {
            frame.CheckNamedOnce(label, "label");
        }
        catch (InputDataException ex)
        {
            throw new UsageException($"{what} {path}: {ex.Message}");
        }
    }

    private static void CheckHeader(DataFrame frame, string what, string path)
    {
        if (frame.Columns.Count > 0 && frame.ColumnNames.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new UsageException($"{what} {path}: no header row (the first line holds only numbers)");
        }

        if (frame.RowCount == 0)
        {
            throw new UsageException($"{what} {path}: no data rows");
        }
    }

    private static void CheckColumns(DataFrame reference, DataFrame current)
    {
        foreach (var name in reference.ColumnNames.Where(n => !current.Contains(n)))
        {
            throw new UsageException($"column '{name}' is in the reference but not in the current data");
        }

        foreach (var name in current.ColumnNames.Where(n => !reference.Contains(n)))
        {
            throw new UsageException($"column '{name}' is in the current data but not in the reference");
        }

        foreach (var r in reference.Columns)
        {
            var c = current[r.Name];
            if (AllMissing(r))
            {
                throw new UsageException($"column '{r.Name}' has no values in the reference (all missing or non-finite)");
            }

            if (AllMissing(c))
            {
                throw new UsageException($"column '{r.Name}' has no values in the current data (all missing or non-finite)");
            }

            if (r.Kind != c.Kind)
            {
                var (numericSide, textSide) = r.Kind == ColumnKind.Numeric ? ("reference", "current data") : ("current data", "reference");
                throw new UsageException($"column '{r.Name}' is numeric in the {numericSide} but text in the {textSide}");
            }
        }
    }

    private static bool AllMissing(Column c) =>
        c.Kind == ColumnKind.Numeric ? !c.Numbers.Any(double.IsFinite) : c.Codes.All(code => code < 0);

    internal static DriftJson ToJson(DriftReport report) => new(
        report.ReferenceRows,
        report.CurrentRows,
        [.. report.Features.Select(f => new FeatureJson(
            f.Name,
            f.Kind == ColumnKind.Numeric ? "numeric" : "categorical",
            f.MissingReference,
            f.MissingCurrent,
            f.Psi,
            f.JensenShannon,
            f.KsStatistic,
            f.KsPValue,
            f.Wasserstein,
            f.WassersteinNormed,
            f.ChiSquareStatistic,
            f.ChiSquarePValue,
            f.UnseenCategories,
            f.Method,
            f.Score,
            f.Threshold,
            f.Drifted))],
        report.ShareDrifted,
        report.DatasetDrift);

    internal static string FormatText(DriftReport report)
    {
        var drifted = report.Features.Count(f => f.Drifted);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"Drift: {report.CurrentRows} current rows vs {report.ReferenceRows} reference rows; {drifted} of {report.Features.Count} features drifted ({report.ShareDrifted * 100:0}%); dataset drift: {(report.DatasetDrift ? "YES" : "no")}");
        sb.AppendLine();
        sb.AppendLine();
        var width = Math.Clamp(report.Features.Select(f => OneLine(f.Name).Length).DefaultIfEmpty(7).Max(), 7, 32);
        string[] head = ["type", "missing", "psi", "js", "ks_d", "p_value", "w/sd", "score", "threshold", "drifted"];
        sb.Append("feature".PadRight(width));
        sb.AppendLine(string.Concat(head.Select((h, i) => " " + (i < 2 ? h.PadRight(i == 0 ? 11 : 11) : h.PadLeft(9)))).TrimEnd());
        foreach (var f in report.Features)
        {
            var oneLine = OneLine(f.Name);
            var name = oneLine.Length > width ? string.Concat(oneLine.AsSpan(0, width - 1), "…") : oneLine;
            sb.Append(name.PadRight(width));
            sb.Append(' ').Append((f.Kind == ColumnKind.Numeric ? "numeric" : "categorical").PadRight(11));
            sb.Append(' ').Append($"{f.MissingReference}/{f.MissingCurrent}".PadRight(11));
            string[] cells =
            [
                Num(f.Psi), Num(f.JensenShannon), Num(f.KsStatistic), Num(f.KsPValue ?? f.ChiSquarePValue),
                Num(f.WassersteinNormed), Num(f.Score), Num(f.Threshold), f.Drifted ? "YES" : "no",
            ];
            foreach (var c in cells)
            {
                sb.Append(' ').Append(c.PadLeft(9));
            }

            sb.AppendLine();
        }

        foreach (var f in report.Features.Where(f => f.UnseenCategories is { Count: > 0 }))
        {
            var shown = string.Join(", ", f.UnseenCategories!.Take(10).Select(OneLine));
            var more = f.UnseenCategories!.Count > 10 ? $", … ({f.UnseenCategories.Count} in all)" : string.Empty;
            sb.AppendLine(CultureInfo.InvariantCulture, $"unseen in '{OneLine(f.Name)}': {shown}{more}");
        }

        sb.Append("p_value is KS for numeric and chi-square for categorical features; score is KS D (numeric) or Jensen–Shannon distance (categorical).");
        return sb.ToString();

        // A name or category with a line break or tab ("a\nb", quoted in the CSV) split its row of the table in two.
        static string OneLine(string text) =>
            text.Any(char.IsControl) ? string.Concat(text.Select(c => c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ when char.IsControl(c) => "?", _ => c.ToString() })) : text;
    }

    private static string Num(double? v) => v switch
    {
        null => "-",
        { } x when double.IsNaN(x) => "n/a",
        { } x when double.IsPositiveInfinity(x) => "inf",
        { } x when x != 0 && (Math.Abs(x) < 0.001 || Math.Abs(x) >= 1e6) => x.ToString("0.0e+0", CultureInfo.InvariantCulture), // a 1e308 stays one cell wide
        { } x => x.ToString(Math.Abs(x) >= 1000 ? "0" : "0.####", CultureInfo.InvariantCulture),
    };

    internal sealed record DriftJson(
        [property: JsonPropertyName("reference_rows")] long ReferenceRows,
        [property: JsonPropertyName("current_rows")] long CurrentRows,
        [property: JsonPropertyName("features")] IReadOnlyList<FeatureJson> Features,
        [property: JsonPropertyName("share_drifted")] double ShareDrifted,
        [property: JsonPropertyName("dataset_drift")] bool DatasetDrift);

    internal sealed record FeatureJson(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("missing_reference")] long MissingReference,
        [property: JsonPropertyName("missing_current")] long MissingCurrent,
        [property: JsonPropertyName("psi")] double Psi,
        [property: JsonPropertyName("jensen_shannon")] double JensenShannon,
        [property: JsonPropertyName("ks_statistic")] double? KsStatistic,
        [property: JsonPropertyName("ks_p_value")] double? KsPValue,
        [property: JsonPropertyName("wasserstein")] double? Wasserstein,
        [property: JsonPropertyName("wasserstein_normed")] double? WassersteinNormed,
        [property: JsonPropertyName("chi2_statistic")] double? Chi2Statistic,
        [property: JsonPropertyName("chi2_p_value")] double? Chi2PValue,
        [property: JsonPropertyName("unseen_categories")] IReadOnlyList<string>? UnseenCategories,
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("score")] double Score,
        [property: JsonPropertyName("threshold")] double Threshold,
        [property: JsonPropertyName("drifted")] bool Drifted);
}
