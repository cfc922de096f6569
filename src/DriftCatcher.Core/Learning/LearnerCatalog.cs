using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning.Gbt;
using DriftCatcher.Core.Learning.Linear;

namespace DriftCatcher.Core.Learning;

/// <summary>
/// The algorithms this build knows: how to create each learner and how to read back its predictor's
/// body. Adding an algorithm is one <see cref="LearnerEntry"/> line in <see cref="Default"/>.
/// </summary>
public sealed class LearnerCatalog
{
    private readonly Dictionary<string, LearnerEntry> _entries;

    public LearnerCatalog(IEnumerable<LearnerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<string, LearnerEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!_entries.TryAdd(e.Algorithm, e))
            {
                throw new ArgumentException($"algorithm '{e.Algorithm}' is registered twice", nameof(entries));
            }
        }
    }

    /// <summary>Every learner of this build.</summary>
    public static LearnerCatalog Default { get; } = new(
    [
        new(LogisticLearner.Name, () => new LogisticLearner(), LogisticPredictor.ReadFrom),
        new(LinearLearner.Name, () => new LinearLearner(), LinearPredictor.ReadFrom),
        new("gbt", () => new GbtLearner(), GbtPredictor.ReadFrom),
    ]);

    public IReadOnlyList<string> Algorithms => [.. _entries.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A new learner; an unknown name throws <see cref="InputDataException"/> listing the known ones.</summary>
    public ILearner CreateLearner(string algorithm) => Find(algorithm).Create();

    /// <summary>Reads a predictor body written by the named algorithm.</summary>
    public IPredictor ReadPredictor(string algorithm, BinaryReader reader) => Find(algorithm).Read(reader);

    public bool Contains(string algorithm) => _entries.ContainsKey(algorithm);

    private LearnerEntry Find(string algorithm) =>
        _entries.TryGetValue(algorithm ?? string.Empty, out var e)
            ? e
            : throw new InputDataException($"unknown algorithm '{algorithm}' (known: {string.Join(", ", Algorithms)})");
}
