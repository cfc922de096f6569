using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Detectors;

/// <summary>
/// Creates change detectors by name with kebab-case string options (as the CLI and the agent's
/// configuration give them), and restores them from a <see cref="DetectorState"/>.
/// </summary>
public static class ChangeDetectors
{
    public const string Adwin = "adwin";
    public const string Ddm = "ddm";
    public const string Eddm = "eddm";
    public const string HddmA = "hddm-a";
    public const string HddmW = "hddm-w";
    public const string Kswin = "kswin";
    public const string PageHinkley = "page-hinkley";
    public const string Cusum = "cusum";

    /// <summary>Every detector name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Adwin, Ddm, Eddm, HddmA, HddmW, Kswin, PageHinkley, Cusum];

    /// <summary>
    /// A new detector. Unknown names, unknown option keys and bad option values throw
    /// <see cref="InputDataException"/> with one line naming the key, the value and what is allowed.
    /// </summary>
    public static IChangeDetector Create(string name, IReadOnlyDictionary<string, string>? options = null) => name switch
    {
        Adwin => new AdwinDetector(AdwinOptions.Parse(options)),
        Ddm => new DdmDetector(DdmOptions.Parse(options)),
        Eddm => new EddmDetector(EddmOptions.Parse(options)),
        HddmA => new HddmADetector(HddmAOptions.Parse(options)),
        HddmW => new HddmWDetector(HddmWOptions.Parse(options)),
        Kswin => new KswinDetector(KswinOptions.Parse(options)),
        PageHinkley => new PageHinkleyDetector(PageHinkleyOptions.Parse(options)),
        Cusum => new CusumDetector(CusumOptions.Parse(options)),
        _ => throw new InputDataException($"unknown detector '{name}'; allowed: {string.Join(", ", Names)}"),
    };

    /// <summary>The option keys a detector accepts.</summary>
    public static IReadOnlyList<string> OptionKeys(string name) => name switch
    {
        Adwin => AdwinOptions.Keys,
        Ddm => DdmOptions.Keys,
        Eddm => EddmOptions.Keys,
        HddmA => HddmAOptions.Keys,
        HddmW => HddmWOptions.Keys,
        Kswin => KswinOptions.Keys,
        PageHinkley => PageHinkleyOptions.Keys,
        Cusum => CusumOptions.Keys,
        _ => throw new InputDataException($"unknown detector '{name}'; allowed: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// The detector a <see cref="IChangeDetector.Snapshot"/> was taken from, ready to continue.
    /// A malformed state throws <see cref="InputDataException"/>.
    /// </summary>
    public static IChangeDetector Restore(DetectorState state) => state switch
    {
        AdwinState s => AdwinDetector.FromState(s),
        DdmState s => DdmDetector.FromState(s),
        EddmState s => EddmDetector.FromState(s),
        HddmAState s => HddmADetector.FromState(s),
        HddmWState s => HddmWDetector.FromState(s),
        KswinState s => KswinDetector.FromState(s),
        PageHinkleyState s => PageHinkleyDetector.FromState(s),
        CusumState s => CusumDetector.FromState(s),
        null => throw new ArgumentNullException(nameof(state)),
        _ => throw new ArgumentException($"unsupported detector state {state.GetType().Name}", nameof(state)),
    };
}
