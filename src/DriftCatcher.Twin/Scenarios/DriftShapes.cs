namespace DriftCatcher.Twin.Scenarios;

/// <summary>Drift shape names in scenario files.</summary>
public static class DriftShapes
{
    public const string Sudden = "sudden";
    public const string Gradual = "gradual";
    public const string Incremental = "incremental";
    public const string Recurring = "recurring";

    public static readonly IReadOnlyList<string> All = [Sudden, Gradual, Incremental, Recurring];
}
