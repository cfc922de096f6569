using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Learning.Linear;

/// <summary>A fitted logistic regression: class probabilities from standardized, one-hot inputs.</summary>
public sealed class LogisticPredictor : IPredictor
{
    private const int BodyVersion = 1;

    private readonly LinearDesign _design;
    private readonly double[] _parameters;
    private readonly int _outputs;

    internal LogisticPredictor(LinearDesign design, TaskKind task, int classes, double[] parameters, int iterations, bool converged)
    {
        _design = design;
        Task = task;
        OutputWidth = classes;
        _outputs = classes == 2 ? 1 : classes;
        _parameters = parameters;
        Iterations = iterations;
        Converged = converged;
        var stride = design.Width + 1;
        FeatureImportance = design.Importance([.. Enumerable.Range(0, _outputs).Select(o => parameters[(o * stride)..((o * stride) + design.Width)])]);
    }

    public string Algorithm => LogisticLearner.Name;

    public TaskKind Task { get; }

    public IReadOnlyList<string> FeatureNames => _design.FeatureNames;

    public int OutputWidth { get; }

    /// <summary>|standardized coefficient| summed over classes (and a categorical feature's levels), normalised to sum to 1.</summary>
    public IReadOnlyDictionary<string, double> FeatureImportance { get; }

    /// <summary>L-BFGS iterations the fit took.</summary>
    public int Iterations { get; }

    /// <summary>Whether the fit met its tolerance (rather than running out of iterations).</summary>
    public bool Converged { get; }

    /// <summary>
    /// Coefficients and intercepts in the units of the (imputed, one-hot) inputs — one row for two
    /// classes (the second class's log-odds), one per class otherwise — comparable to scikit-learn's
    /// coef_ and intercept_.
    /// </summary>
    public (double[][] Coefficients, double[] Intercepts) RawCoefficients()
    {
        var stride = _design.Width + 1;
        var coefficients = new double[_outputs][];
        var intercepts = new double[_outputs];
        for (var o = 0; o < _outputs; o++)
        {
            var w = _parameters.AsSpan(o * stride, stride);
            (coefficients[o], intercepts[o]) = _design.Unstandardize(w[..^1], w[^1]);
        }

        return (coefficients, intercepts);
    }

    public void Predict(DataFrame features, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(features);
        var n = features.RowCount;
        if (output.Length < n * OutputWidth)
        {
            throw new ArgumentException($"output holds {output.Length} values; {n * OutputWidth} needed", nameof(output));
        }

        var x = _design.Transform(features);
        var width = _design.Width;
        Span<double> z = stackalloc double[_outputs];
        for (var r = 0; r < n; r++)
        {
            LinearKernels.Scores(x.AsSpan(r * width, width), _parameters, z);
            var row = output.Slice(r * OutputWidth, OutputWidth);
            if (_outputs == 1)
            {
                var p = LinearKernels.Sigmoid(z[0]);
                row[0] = 1 - p;
                row[1] = p;
            }
            else
            {
                LinearKernels.Softmax(z);
                z.CopyTo(row);
            }
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(BodyVersion);
        writer.Write((int)Task);
        writer.Write(OutputWidth);
        writer.Write(Iterations);
        writer.Write(Converged);
        _design.WriteTo(writer);
        writer.Write(_parameters.Length);
        foreach (var v in _parameters)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads a body written by <see cref="WriteTo"/>; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static LogisticPredictor ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version != BodyVersion)
        {
            throw new InvalidDataException($"logistic model body version {version} is not supported");
        }

        var task = (TaskKind)reader.ReadInt32();
        var classes = reader.ReadInt32();
        var iterations = reader.ReadInt32();
        var converged = reader.ReadBoolean();
        var design = LinearDesign.ReadFrom(reader);
        var outputs = classes == 2 ? 1 : classes;
        if (task is not (TaskKind.BinaryClassification or TaskKind.MulticlassClassification) || classes < 2)
        {
            throw new InvalidDataException("logistic model body has an invalid task or class count");
        }

        var count = LinearDesign.ReadCount(reader);
        if (count != outputs * (design.Width + 1))
        {
            throw new InvalidDataException("logistic model body has the wrong number of parameters");
        }

        var parameters = new double[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = reader.ReadDouble();
        }

        return new LogisticPredictor(design, task, classes, parameters, iterations, converged);
    }
}
