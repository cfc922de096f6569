using DriftCatcher.Core.Data;
using DriftCatcher.Twin.Generators;

namespace DriftCatcher.Twin.Scenarios;

/// <summary>Builds a generator from its scenario spec, filling defaults and naming any bad field.</summary>
public static class TwinGeneratorFactory
{
    public static readonly IReadOnlyList<string> Types = ["sea", "stagger", "hyperplane", "agrawal", "rbf", "cicids", "friedman"];

    /// <summary>Creates the generator; throws <see cref="InputDataException"/> naming the field for a bad spec.</summary>
    public static TwinGenerator Create(GeneratorSpec? spec, int seed, out GeneratorSpec resolved)
    {
        if (spec is null)
        {
            throw new InputDataException("generator: required (an object with a \"type\")");
        }

        if (string.IsNullOrWhiteSpace(spec.Type))
        {
            throw new InputDataException($"generator.type: required, one of {string.Join(", ", Types)}");
        }

        var parameters = new Random(seed);
        switch (spec.Type)
        {
            case "sea":
            {
                Only(spec, "thetas", "noise");
                var thetas = spec.Thetas ?? SeaGenerator.DefaultThetas;
                if (thetas.Count == 0)
                {
                    throw new InputDataException("generator.thetas: needs at least one threshold");
                }

                for (var i = 0; i < thetas.Count; i++)
                {
                    Range($"generator.thetas[{i}]", thetas[i], 0, 20);
                }

                var noise = Probability("generator.noise", spec.Noise ?? 0, 0.5);
                resolved = new GeneratorSpec { Type = "sea", Thetas = [.. thetas], Noise = noise };
                return new SeaGenerator(thetas, noise);
            }

            case "friedman":
            {
                Only(spec, "noise");
                var noise = Range("generator.noise", spec.Noise ?? 1, 0, 10);
                resolved = new GeneratorSpec { Type = "friedman", Noise = noise };
                return new FriedmanGenerator(noise);
            }

            case "stagger":
            {
                Only(spec, "noise");
                var noise = Probability("generator.noise", spec.Noise ?? 0, 0.5);
                resolved = new GeneratorSpec { Type = "stagger", Noise = noise };
                return new StaggerGenerator(noise);
            }

            case "hyperplane":
            {
                Only(spec, "dimensions", "concept_count", "drift_features", "sigma", "noise");
                var d = Count("generator.dimensions", spec.Dimensions ?? 10, 1, 200);
                var concepts = Count("generator.concept_count", spec.ConceptCount ?? 2, 1, 50);
                var drifting = Count("generator.drift_features", spec.DriftFeatures ?? d, 0, d);
                var sigma = Probability("generator.sigma", spec.Sigma ?? 0.1, 1);
                var noise = Probability("generator.noise", spec.Noise ?? 0.05, 0.5);
                resolved = new GeneratorSpec
                {
                    Type = "hyperplane", Dimensions = d, ConceptCount = concepts, DriftFeatures = drifting, Sigma = sigma, Noise = noise,
                };
                return new HyperplaneGenerator(parameters, d, concepts, drifting, sigma, noise);
            }

            case "agrawal":
            {
                Only(spec, "functions", "perturbation");
                var functions = spec.Functions ?? [.. Enumerable.Range(1, 10)];
                if (functions.Count == 0)
                {
                    throw new InputDataException("generator.functions: needs at least one function (1..10)");
                }

                for (var i = 0; i < functions.Count; i++)
                {
                    Count($"generator.functions[{i}]", functions[i], 1, 10);
                }

                var perturbation = Probability("generator.perturbation", spec.Perturbation ?? 0.05, 1);
                resolved = new GeneratorSpec { Type = "agrawal", Functions = [.. functions], Perturbation = perturbation };
                return new AgrawalGenerator(functions, perturbation);
            }

            case "rbf":
            {
                Only(spec, "dimensions", "centroids", "classes", "concept_count", "drift_centroids");
                var d = Count("generator.dimensions", spec.Dimensions ?? 10, 1, 200);
                var centroids = Count("generator.centroids", spec.Centroids ?? 50, 1, 10000);
                var classes = Count("generator.classes", spec.Classes ?? 2, 2, 100);
                var concepts = Count("generator.concept_count", spec.ConceptCount ?? 2, 1, 50);
                var moving = Count("generator.drift_centroids", spec.DriftCentroids ?? centroids, 0, centroids);
                if ((long)concepts * centroids * d > MaxRbfCoordinates)
                {
                    // Every concept holds a center per centroid: 50 × 10000 × 200 would be 800 MB before a row is drawn.
                    throw new InputDataException(
                        $"generator.centroids: concept_count × centroids × dimensions is {(long)concepts * centroids * d} center coordinates, more than {MaxRbfCoordinates}; use fewer centroids, dimensions or concepts");
                }

                resolved = new GeneratorSpec
                {
                    Type = "rbf", Dimensions = d, Centroids = centroids, Classes = classes, ConceptCount = concepts, DriftCentroids = moving,
                };
                return new RandomRbfGenerator(parameters, d, centroids, classes, concepts, moving);
            }

            case "cicids":
            {
                Only(spec, "mixtures");
                IReadOnlyList<IReadOnlyDictionary<string, double>> mixtures =
                    spec.Mixtures ?? [new Dictionary<string, double> { [CicidsFlowGenerator.Benign] = 0.9, ["DDoS"] = 0.1 }];
                if (mixtures.Count == 0)
                {
                    throw new InputDataException("generator.mixtures: needs at least one class mixture");
                }

                var vectors = new List<double[]>();
                for (var i = 0; i < mixtures.Count; i++)
                {
                    vectors.Add(MixtureVector($"generator.mixtures[{i}]", mixtures[i]));
                }

                resolved = new GeneratorSpec { Type = "cicids", Mixtures = mixtures };
                return new CicidsFlowGenerator(vectors);
            }

            default:
                throw new InputDataException($"generator.type: '{spec.Type}' is not one of {string.Join(", ", Types)}{NameSuggestions.DidYouMean(spec.Type, Types)}");
        }
    }

    private const double MaxWeight = 1e12;

    /// <summary>RBF center coordinates over all concepts (8 bytes each): 10⁶ is 8 MB.</summary>
    public const long MaxRbfCoordinates = 1_000_000;

    private static double[] MixtureVector(string field, IReadOnlyDictionary<string, double>? mixture)
    {
        if (mixture is null || mixture.Count == 0)
        {
            throw new InputDataException($"{field}: needs at least one class with a weight");
        }

        var v = new double[CicidsFlowGenerator.Classes.Count];
        foreach (var (name, weight) in mixture)
        {
            var index = IndexOf(CicidsFlowGenerator.Classes, name);
            if (index < 0)
            {
                throw new InputDataException($"{field}: '{name}' is not a class; use one of {string.Join(", ", CicidsFlowGenerator.Classes)}");
            }

            if (!double.IsFinite(weight) || weight < 0 || weight > MaxWeight)
            {
                // Weights are normalized by their sum: above 1e12 the sum could overflow to infinity.
                throw new InputDataException($"{field}.{name}: weight must be a number from 0 to 1e12, not {weight}");
            }

            v[index] = weight;
        }

        if (v.Sum() <= 0)
        {
            throw new InputDataException($"{field}: the weights sum to 0");
        }

        return v;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Only(GeneratorSpec spec, params string[] allowed)
    {
        (string Name, bool Set)[] fields =
        [
            ("noise", spec.Noise is not null), ("thetas", spec.Thetas is not null), ("dimensions", spec.Dimensions is not null),
            ("concept_count", spec.ConceptCount is not null), ("drift_features", spec.DriftFeatures is not null),
            ("sigma", spec.Sigma is not null), ("functions", spec.Functions is not null), ("perturbation", spec.Perturbation is not null),
            ("centroids", spec.Centroids is not null), ("classes", spec.Classes is not null),
            ("drift_centroids", spec.DriftCentroids is not null), ("mixtures", spec.Mixtures is not null),
        ];
        foreach (var (name, set) in fields)
        {
            if (set && Array.IndexOf(allowed, name) < 0)
            {
                throw new InputDataException($"generator.{name}: not a parameter of the {spec.Type} generator (it takes {string.Join(", ", allowed)})");
            }
        }
    }

    private static int Count(string field, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new InputDataException($"{field}: must be between {min} and {max}, not {value}");

    private static double Probability(string field, double value, double max) => Range(field, value, 0, max);

    private static double Range(string field, double value, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new InputDataException($"{field}: must be between {min} and {max}, not {value}");
}
