namespace DriftCatcher.Twin.Generators;

/// <summary>
/// A seeded row generator with a set of concepts (labeling functions or class mixtures). Model
/// parameters are drawn once, in the constructor, from a <see cref="Random"/> seeded by the scenario;
/// rows are drawn from the <see cref="Random"/> handed to <see cref="Next"/>, so the same seeds give
/// the same rows.
/// </summary>
public abstract class TwinGenerator
{
    /// <summary>The generator's type name in scenario files (sea, stagger, hyperplane, agrawal, rbf, cicids, friedman).</summary>
    public abstract string Type { get; }

    public abstract IReadOnlyList<TwinColumn> Features { get; }

    public abstract TwinColumn Label { get; }

    /// <summary>Number of concepts; concepts are numbered from 0.</summary>
    public abstract int ConceptCount { get; }

    /// <summary>True when <see cref="Next"/> blends two concepts by <see cref="ConceptState.Progress"/>.</summary>
    public virtual bool CanInterpolate => false;

    /// <summary>True when the current concept can move continuously (<see cref="Move"/>).</summary>
    public virtual bool CanMove => false;

    /// <summary>Draws one row: writes the features and returns the label value (a class number, or a level index for a categorical label).</summary>
    public abstract double Next(Random rng, ConceptState state, Span<double> features);

    /// <summary>Moves concept <paramref name="concept"/> by one sample's worth of <paramref name="magnitude"/> (incremental drift).</summary>
    public virtual void Move(Random rng, int concept, double magnitude) =>
        throw new NotSupportedException($"the {Type} generator has no continuous drift");

    /// <summary>
    /// True when concepts are different labeling functions (a switch is real drift). False when they
    /// are class mixtures over fixed class regions (cicids): a switch is then a prior shift, and only
    /// a class never seen in training is real drift.
    /// </summary>
    public virtual bool ConceptsRelabel => true;

    /// <summary>
    /// True when the label is a number to regress on (friedman): no label mix or unseen labels are
    /// counted, and a replay infers a regression task.
    /// </summary>
    public virtual bool NumericLabel => false;

    /// <summary>Whether the label of <paramref name="concept"/> depends on feature <paramref name="column"/> (trimmed name).</summary>
    public virtual bool LabelDependsOn(string column, int concept) => true;
}
