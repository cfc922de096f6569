namespace DriftCatcher.Core.Learning.Versions;

/// <summary>
/// The outcome of asking a <see cref="ModelRegistry"/> for a change: the registry after it (unchanged
/// when refused) and the reason, which callers can put in the audit trail as it is.
/// </summary>
public sealed record RegistryChange(bool Succeeded, ModelRegistry Registry, string Reason);
