namespace DriftCatcher.Core.Detectors;

/// <summary>
/// DDM, the drift detection method (Gama et al., 2004), as River implements it: tracks the error
/// rate p and its binomial deviation s = sqrt(p(1-p)/n), remembers the point where p + s was
/// lowest, and warns / signals drift when p + s rises 2 / 3 of those deviations above it.
/// Resets after a drift. Values are error indicators or rates in [0, 1].
/// </summary>
public sealed class DdmDetector : IChangeDetector
{
    private readonly DdmOptions _options;
    private RunningMean _p;
    private double _pMin;
    private double _sMin;
    private double _psMin;

    public DdmDetector(DdmOptions? options = null)
    {
        _options = (options ?? new DdmOptions()).Validated();
        Clear();
    }

    public string Name => ChangeDetectors.Ddm;

    public static DdmDetector FromState(DdmState state)
    {
        const string d = ChangeDetectors.Ddm;
        DetectorInput.RequireState(state.Options is not null, d, "no options");
        DetectorInput.RequireState(
            state.Count >= 0 && state.ErrorRate is >= 0 and <= 1 && state.MinErrorRate.HasValue == state.MinDeviation.HasValue,
            d,
            "counts or rates out of range");
        var detector = new DdmDetector(state.Options)
        {
            _p = new RunningMean(state.Count, state.ErrorRate),
        };
        if (state.MinErrorRate is { } p && state.MinDeviation is { } s)
        {
            detector._pMin = p;
            detector._sMin = s;
            detector._psMin = p + s;
        }

        return detector;
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireUnit(Name, value);
        _p.Add(value);
        var p = _p.Mean;
        var n = _p.Count;
        var s = Math.Sqrt(p * (1 - p) / n);
        if (n <= _options.WarmStart)
        {
            return DetectorResult.None;
        }

        if (p + s <= _psMin)
        {
            _pMin = p;
            _sMin = s;
            _psMin = _pMin + _sMin;
        }

        if (p + s > _pMin + (_options.DriftThreshold * _sMin))
        {
            Clear();
            return new DetectorResult(true, false);
        }

        return new DetectorResult(false, p + s > _pMin + (_options.WarningThreshold * _sMin));
    }

    public DetectorState Snapshot()
    {
        var seen = double.IsFinite(_psMin);
        return new DdmState(_options, _p.Count, _p.Mean, seen ? _pMin : null, seen ? _sMin : null);
    }

    private void Clear()
    {
        _p = default;
        _pMin = double.PositiveInfinity;
        _sMin = double.PositiveInfinity;
        _psMin = double.PositiveInfinity;
    }
}
