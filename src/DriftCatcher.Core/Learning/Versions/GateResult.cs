namespace DriftCatcher.Core.Learning.Versions;

/// <summary>The gate's verdict: accepted only when every check passed; each check explains itself.</summary>
public sealed record GateResult(bool Accepted, IReadOnlyList<GateCheck> Checks)
{
    public IReadOnlyList<string> Reasons => [.. Checks.Select(c => c.Reason)];
}
