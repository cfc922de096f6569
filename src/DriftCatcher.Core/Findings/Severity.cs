namespace DriftCatcher.Core.Findings;

/// <summary>How bad a finding is. Ordered: compare with &lt; and &gt;.</summary>
public enum Severity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}
