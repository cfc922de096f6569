namespace DriftCatcher.Twin.Generators;

/// <summary>
/// Which concept a generated row comes from. A plain row has <see cref="From"/> = <see cref="To"/>;
/// during an incremental drift a generator that can interpolate blends the two concepts' parameters
/// at <see cref="Progress"/> (0 = all <see cref="From"/>, 1 = all <see cref="To"/>).
/// </summary>
public readonly record struct ConceptState(int From, int To, double Progress)
{
    public static ConceptState Of(int concept) => new(concept, concept, 0);
}
