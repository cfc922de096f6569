using DriftCatcher.Core.Agent.Monitoring;
using DriftCatcher.Core.Learning;

namespace DriftCatcher.Twin.Replay;

/// <summary>A version the replay can serve: its predictor, how its classes map to the replay's, its monitor.</summary>
internal sealed record ServedModel(string Version, IPredictor Predictor, int[] LocalToGlobal, EngineBatchMonitor Monitor, double ValidationAccuracy);
