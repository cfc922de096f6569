namespace DriftCatcher.Core.Detectors;

/// <summary>
/// EDDM, the early drift detection method (Baena-García et al., 2006), as River implements it:
/// watches the distance between consecutive errors; its mean p' and deviation s' shrink when
/// errors become more frequent. When (p' + 2s') falls below alpha / beta times its maximum, it
/// warns / signals drift. The warning is re-evaluated only at errors, so it holds between them.
/// Resets after a drift. Values are 0 (no error) or 1 (error).
/// </summary>
public sealed class EddmDetector : IChangeDetector
{
    private readonly EddmOptions _options;
    private long _count;
    private long _lastError;
    private long _errors;
    private RunningVariance _distances;
    private double _maxLevel;
    private bool _warning;

    public EddmDetector(EddmOptions? options = null)
    {
        _options = (options ?? new EddmOptions()).Validated();
        Clear();
    }

    public string Name => ChangeDetectors.Eddm;

    public static EddmDetector FromState(EddmState state)
    {
        const string d = ChangeDetectors.Eddm;
        DetectorInput.RequireState(state.Options is not null, d, "no options");
        DetectorInput.RequireState(
            state.Count >= 0 && state.LastError >= 0 && state.LastError <= state.Count && state.Errors >= 0 && state.DistanceCount >= 0,
            d,
            "counters out of range");
        return new EddmDetector(state.Options)
        {
            _count = state.Count,
            _lastError = state.LastError,
            _errors = state.Errors,
            _distances = new RunningVariance(state.DistanceCount, state.DistanceMean, state.DistanceSumSquares),
            _maxLevel = state.MaxLevel,
            _warning = state.Warning,
        };
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireBinary(Name, value);
        _count++;
        if (value != 1.0)
        {
            return new DetectorResult(false, _warning);
        }

        var drift = false;
        _errors++;
        _distances.Add(_count - _lastError);
        if (_count > _options.WarmStart)
        {
            var level = _distances.Mean + (2 * Math.Sqrt(_distances.Variance));
            if (level > _maxLevel)
            {
                _maxLevel = level;
            }
            else if (_errors > _options.WarmStart)
            {
                var ratio = level / _maxLevel;
                if (ratio < _options.Beta)
                {
                    drift = true;
                }
                else
                {
                    _warning = ratio < _options.Alpha;
                }
            }
        }

        _lastError = _count;
        var result = new DetectorResult(drift, _warning);
        if (drift)
        {
            Clear();
        }

        return result;
    }

    public DetectorState Snapshot() => new EddmState(
        _options, _count, _lastError, _errors, _distances.Count, _distances.Mean, _distances.SumSquares, _maxLevel, _warning);

    private void Clear()
    {
        _count = 0;
        _lastError = 0;
        _errors = 0;
        _distances = default;
        _maxLevel = -1;
        _warning = false;
    }
}
