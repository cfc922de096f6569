using DriftCatcher.Core.Findings;

namespace DriftCatcher.Twin.Reporting;

/// <summary>One finding of a decision as recorded; <see cref="Severity"/> is null when the record had none we know.</summary>
public sealed record TwinFinding(
    string? Kind,
    Severity? Severity,
    string? Code,
    string? Subject,
    string? Message,
    IReadOnlyList<KeyValuePair<string, string>> Evidence);
