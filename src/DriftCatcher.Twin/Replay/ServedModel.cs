using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Learning;

namespace DriftCatcher.Twin.Replay;

/// <summary>
/// A version the replay can serve: its predictor, how its classes map to the replay's, its monitor, and its
/// validation score (accuracy; for a regression model the MAE, with the spread of its absolute errors).
/// </summary>
internal sealed record ServedModel(string Version, IPredictor Predictor, int[] LocalToGlobal, EngineBatchMonitor Monitor, double ValidationAccuracy)
{
    public double ValidationAbsErrorSd { get; init; } = double.NaN;

    public int ValidationRows { get; init; }

    /// <summary>Held-out rows it answered with no finite value (a regression model whose fit overflowed answers NaN on all).</summary>
    public int NonFiniteValidation { get; init; }
}
