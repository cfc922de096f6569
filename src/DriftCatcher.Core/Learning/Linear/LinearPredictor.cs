using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>A fitted linear regression over the standardized, one-hot design.</summary>
public sealed class LinearPredictor : IPredictor
{
    private const int BodyVersion = 1;

    private readonly LinearDesign _design;
    private readonly double[] _coefficients;
    private readonly double _intercept;

    internal LinearPredictor(LinearDesign design, double[] coefficients, double intercept)
    {
        _design = design;
        _coefficients = coefficients;
        _intercept = intercept;
        FeatureImportance = design.Importance([coefficients]);
    }

    public string Algorithm => LinearLearner.Name;

    public TaskKind Task => TaskKind.Regression;

    public IReadOnlyList<string> FeatureNames => _design.FeatureNames;

    public int OutputWidth => 1;

    /// <summary>|standardized coefficient| (summed over a categorical feature's levels), normalised to sum to 1.</summary>
    public IReadOnlyDictionary<string, double> FeatureImportance { get; }

    /// <summary>Coefficients and intercept in the units of the (imputed, one-hot) inputs, comparable to scikit-learn's.</summary>
    public (double[] Coefficients, double Intercept) RawCoefficients() => _design.Unstandardize(_coefficients, _intercept);

    public void Predict(DataFrame features, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(features);
        var n = features.RowCount;
        if (output.Length < n)
        {
            throw new ArgumentException($"output holds {output.Length} values; {n} needed", nameof(output));
        }

        var x = _design.Transform(features);
        var d = _design.Width;
        for (var r = 0; r < n; r++)
        {
            output[r] = System.Numerics.Tensors.TensorPrimitives.Dot(x.AsSpan(r * d, d), _coefficients) + _intercept;
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(BodyVersion);
        _design.WriteTo(writer);
        writer.Write(_coefficients.Length);
        foreach (var c in _coefficients)
        {
            writer.Write(c);
        }

        writer.Write(_intercept);
    }

    /// <summary>Reads a body written by <see cref="WriteTo"/>; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static LinearPredictor ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != BodyVersion)
        {
            throw new InvalidDataException($"linear model body version {version} is not supported");
        }

        var design = LinearDesign.ReadFrom(reader);
        var count = LinearDesign.ReadCount(reader);
        if (count != design.Width)
        {
            throw new InvalidDataException("linear model body has the wrong number of coefficients");
        }

        var coefficients = new double[count];
        for (var i = 0; i < count; i++)
        {
            coefficients[i] = reader.ReadDouble();
        }

        return new LinearPredictor(design, coefficients, reader.ReadDouble());
    }
}
