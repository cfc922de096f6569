namespace DriftCatcher.Core.Learning.Versions;

/// <summary>
/// The versions of one deployed model and which version holds which <see cref="ModelAlias"/>.
/// Immutable and serializable (System.Text.Json); every change returns a new registry. Rules:
/// versions are numbered upwards; only an accepted version may hold a role other than shadow (a
/// version rejected later loses every other role, and a rejected champion must be rolled back
/// first); <see cref="Promote"/> moves the champion to previous; <see cref="Rollback"/> swaps champion
/// and previous; champion and previous change only through those two.
/// </summary>
public sealed record ModelRegistry
{
    public static readonly ModelRegistry Empty = new();

    public IReadOnlyList<ModelVersion> Versions { get; init; } = [];

    public IReadOnlyDictionary<ModelAlias, string> Aliases { get; init; } = new Dictionary<ModelAlias, string>();

    /// <summary>The number the next registered version should carry.</summary>
    public int NextNumber => Versions.Count == 0 ? 1 : Versions.Max(v => v.Number) + 1;

    public ModelVersion? Find(string id) => Versions.FirstOrDefault(v => v.Id == id);

    public ModelVersion? Resolve(ModelAlias alias) => Aliases.TryGetValue(alias, out var id) ? Find(id) : null;

    /// <summary>The roles a version holds.</summary>
    public IReadOnlyList<ModelAlias> AliasesOf(string id) => [.. Aliases.Where(a => a.Value == id).Select(a => a.Key).Order()];

    public RegistryChange Register(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (string.IsNullOrWhiteSpace(version.Id))
        {
            return Refuse("a version needs an id");
        }

        if (Find(version.Id) is not null)
        {
            return Refuse($"version '{version.Id}' is already registered");
        }

        if (version.Number < NextNumber)
        {
            return Refuse($"version '{version.Id}' has number {version.Number}; the next number is {NextNumber}");
        }

        return Done(this with { Versions = [.. Versions, version] }, $"registered version {version.Number} ('{version.Id}')");
    }

    /// <summary>Records the gate's verdict. A rejected version loses every role but shadow (a rejected champion is refused: roll back first).</summary>
    public RegistryChange RecordGate(string id, GateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Find(id) is not { } version)
        {
            return Refuse($"no version '{id}'");
        }

        if (!result.Accepted && Aliases.GetValueOrDefault(ModelAlias.Champion) == id)
        {
            return Refuse($"version '{id}' is the champion: roll back before rejecting it");
        }

        var updated = version with { Gate = result.Accepted ? GateStatus.Accepted : GateStatus.Rejected, GateReasons = result.Reasons };
        var aliases = new Dictionary<ModelAlias, string>(Aliases);
        if (!result.Accepted)
        {
            foreach (var alias in AliasesOf(id).Where(a => a != ModelAlias.Shadow))
            {
                aliases.Remove(alias);
            }
        }

        var verdict = result.Accepted ? "accepted" : "rejected";
        return Done(With(updated, aliases), $"version '{id}' {verdict} by the gate: {string.Join("; ", result.Reasons)}");
    }

    /// <summary>Gives a version the challenger, canary, shadow or fallback role (champion and previous move only by promotion and rollback).</summary>
    public RegistryChange Assign(ModelAlias alias, string id)
    {
        if (alias is ModelAlias.Champion or ModelAlias.Previous)
        {
            return Refuse($"the {Name(alias)} changes only by promotion or rollback");
        }

        if (Find(id) is not { } version)
        {
            return Refuse($"no version '{id}'");
        }

        if (alias != ModelAlias.Shadow && version.Gate != GateStatus.Accepted)
        {
            return Refuse($"version '{id}' has not passed the gate ({version.Gate.ToString().ToLowerInvariant()}); it may only shadow");
        }

        var aliases = new Dictionary<ModelAlias, string>(Aliases) { [alias] = id };
        return Done(this with { Aliases = aliases }, $"version '{id}' is now the {Name(alias)}");
    }

    /// <summary>Removes a role (not the champion's).</summary>
    public RegistryChange Clear(ModelAlias alias)
    {
        if (alias == ModelAlias.Champion)
        {
            return Refuse("the champion cannot be cleared; promote another version or roll back");
        }

        if (!Aliases.ContainsKey(alias))
        {
            return Refuse($"there is no {Name(alias)}");
        }

        var aliases = new Dictionary<ModelAlias, string>(Aliases);
        aliases.Remove(alias);
        return Done(this with { Aliases = aliases }, $"cleared the {Name(alias)}");
    }

    /// <summary>Makes an accepted version champion; the current champion becomes previous (last known good).</summary>
    public RegistryChange Promote(string id)
    {
        if (Find(id) is not { } version)
        {
            return Refuse($"no version '{id}'");
        }

        if (version.Gate != GateStatus.Accepted)
        {
            return Refuse($"version '{id}' has not passed the gate ({version.Gate.ToString().ToLowerInvariant()})");
        }

        if (Aliases.GetValueOrDefault(ModelAlias.Champion) == id)
        {
            return Refuse($"version '{id}' is already the champion");
        }

        var aliases = new Dictionary<ModelAlias, string>(Aliases);
        foreach (var alias in new[] { ModelAlias.Challenger, ModelAlias.Canary, ModelAlias.Shadow })
        {
            if (aliases.GetValueOrDefault(alias) == id)
            {
                aliases.Remove(alias);
            }
        }

        var reason = $"version '{id}' promoted to champion";
        if (aliases.TryGetValue(ModelAlias.Champion, out var old))
        {
            aliases[ModelAlias.Previous] = old;
            reason += $"; '{old}' is now previous";
        }

        aliases[ModelAlias.Champion] = id;
        return Done(this with { Aliases = aliases }, reason);
    }

    /// <summary>Returns to the previous champion (last known good): champion and previous swap.</summary>
    public RegistryChange Rollback()
    {
        if (!Aliases.TryGetValue(ModelAlias.Previous, out var previous))
        {
            return Refuse("there is no previous version to roll back to");
        }

        var aliases = new Dictionary<ModelAlias, string>(Aliases) { [ModelAlias.Champion] = previous };
        var reason = $"rolled back to '{previous}'";
        if (Aliases.TryGetValue(ModelAlias.Champion, out var current))
        {
            aliases[ModelAlias.Previous] = current;
            reason += $"; '{current}' is now previous";
        }
        else
        {
            aliases.Remove(ModelAlias.Previous);
        }

        return Done(this with { Aliases = aliases }, reason);
    }

    private static string Name(ModelAlias alias) => alias.ToString().ToLowerInvariant();

    private ModelRegistry With(ModelVersion updated, Dictionary<ModelAlias, string> aliases) =>
        this with { Versions = [.. Versions.Select(v => v.Id == updated.Id ? updated : v)], Aliases = aliases };

    private RegistryChange Refuse(string reason) => new(false, this, reason);

    private static RegistryChange Done(ModelRegistry registry, string reason) => new(true, registry, reason);
}
