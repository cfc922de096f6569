using DriftCatcher.Core.Quality;

namespace DriftCatcher.Core.Agent.State;

/// <summary>How one version called each class on its held-out rows (a <see cref="ClassLabelBaseline"/> kept in the state).</summary>
public sealed class VersionClassCalls
{
    public string Version { get; set; } = "";

    /// <summary>Per class index, the held-out rows of that class.</summary>
    public List<int> Rows { get; set; } = [];

    /// <summary>Per class index, the held-out rows of that class the version called another class.</summary>
    public List<int> CalledOtherwise { get; set; } = [];

    /// <summary>Per class index, the held-out rows of any class the version called that class.</summary>
    public List<int> CalledAs { get; set; } = [];

    /// <summary>The classes' names by index, for messages (empty: "class 0").</summary>
    public List<string> Names { get; set; } = [];

    public static VersionClassCalls Of(string version, ClassLabelBaseline b) => new()
    {
        Version = version,
        Rows = [.. b.Rows],
        CalledOtherwise = [.. b.CalledOtherwise],
        CalledAs = [.. b.CalledAs ?? []],
        Names = [.. b.Names ?? []],
    };

    public ClassLabelBaseline ToBaseline() => new(Rows, CalledOtherwise)
    {
        CalledAs = CalledAs.Count == Rows.Count ? CalledAs : null,
        Names = Names.Count > 0 ? Names : null,
    };
}
