using System.Text;

namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// The report of one replay as a single self-contained HTML page (inline CSS and SVG, no network):
/// accuracy per served version with the actions and incidents on the timeline, drift, confidence,
/// findings, incidents, actions and the decision log.
/// </summary>
public static class TwinReport
{
    /// <summary>The file name the replay's report is written to inside its directory.</summary>
    public const string FileName = "report.html";

    /// <summary>Renders the report. Every string taken from the data is HTML-escaped.</summary>
    public static string Render(TwinRunData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var body = new StringBuilder();
        RunSections.Header(body, data, "DriftCatcher · digital twin report", level: 1);
        RunSections.Body(body, data, prefix: string.Empty, h: 2);
        var title = "Twin report" + (data.Info.Scenario is null ? string.Empty : " · " + data.Info.Scenario)
            + (data.Info.Policy is null ? string.Empty : " · " + data.Info.Policy);
        return ReportPage.Document(title, body.ToString());
    }

    /// <summary>Loads DIR (see <see cref="TwinRunData.Load"/>) and writes DIR/report.html. Returns the file's path.</summary>
    public static string Write(string dir, Core.Data.DataFrame stream, string labelColumn, TwinRunInfo? info = null)
    {
        var data = TwinRunData.Load(dir, stream, labelColumn, info);
        var path = Path.Combine(dir, FileName);
        File.WriteAllText(path, Render(data), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
