namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// The generator and its parameters. Which fields apply depends on <see cref="Type"/>:
/// sea (thetas, noise), stagger (noise), hyperplane (dimensions, concept_count, drift_features,
/// sigma, noise), agrawal (functions, perturbation), rbf (dimensions, centroids, classes,
/// concept_count, drift_centroids), cicids (mixtures). Unset fields take the documented defaults.
/// </summary>
public sealed record GeneratorSpec
{
    public string? Type { get; init; }

    /// <summary>Probability of flipping a label (sea, stagger, hyperplane); friedman: standard deviation of the Gaussian label noise.</summary>
    public double? Noise { get; init; }

    /// <summary>SEA thresholds, one per concept.</summary>
    public IReadOnlyList<double>? Thetas { get; init; }

    public int? Dimensions { get; init; }

    /// <summary>Number of random concepts (hyperplane weight vectors, rbf center sets).</summary>
    public int? ConceptCount { get; init; }

    /// <summary>Hyperplane: how many leading weights move during incremental drift.</summary>
    public int? DriftFeatures { get; init; }

    /// <summary>Hyperplane: probability per sample that a moving weight reverses direction.</summary>
    public double? Sigma { get; init; }

    /// <summary>Agrawal classification functions (1..10), one per concept.</summary>
    public IReadOnlyList<int>? Functions { get; init; }

    /// <summary>Agrawal: fraction of each numeric attribute's range it may be moved by.</summary>
    public double? Perturbation { get; init; }

    public int? Centroids { get; init; }

    public int? Classes { get; init; }

    /// <summary>RBF: how many centroids move during incremental drift.</summary>
    public int? DriftCentroids { get; init; }

    /// <summary>CICIDS: one class mixture per concept, class name → weight (weights are normalized).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? Mixtures { get; init; }
}
