namespace DriftCatcher.Core.Learning.Versions;

/// <summary>One check of the validation gate and why it passed or failed.</summary>
public sealed record GateCheck(string Name, bool Passed, string Reason);
