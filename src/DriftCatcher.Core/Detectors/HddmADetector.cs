namespace DriftCatcher.Core.Detectors;

/// <summary>
/// HDDM-A (Frías-Blanco et al., 2014), the Hoeffding-bound test on moving averages, as River
/// (after MOA) implements it: keeps the global mean and the mean up to a cut point where the
/// bounded mean was lowest (and highest, for decreases); a drift / warning is signalled when the
/// mean since then is higher by more than the Hoeffding bound at the drift / warning confidence.
/// One-sided unless two-sided is asked. Resets after a drift. Values in [0, 1].
/// </summary>
public sealed class HddmADetector : IChangeDetector
{
    private readonly HddmAOptions _options;
    private RunningMean _z;
    private RunningMean _low;
    private RunningMean _high;

    public HddmADetector(HddmAOptions? options = null)
    {
        _options = (options ?? new HddmAOptions()).Validated();
    }

    public string Name => ChangeDetectors.HddmA;

    public static HddmADetector FromState(HddmAState state)
    {
        const string d = ChangeDetectors.HddmA;
        DetectorInput.RequireState(state.Options is not null, d, "no options");
        DetectorInput.RequireState(
            state.Count >= 0 && state.LowCount >= 0 && state.LowCount <= state.Count && state.HighCount >= 0 && state.HighCount <= state.Count,
            d,
            "counts out of range");
        return new HddmADetector(state.Options)
        {
            _z = new RunningMean(state.Count, state.Mean),
            _low = new RunningMean(state.LowCount, state.LowMean),
            _high = new RunningMean(state.HighCount, state.HighMean),
        };
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireUnit(Name, value);
        _z.Add(value);
        if (_low.Count == 0)
        {
            _low = _z;
        }

        if (_high.Count == 0)
        {
            _high = _z;
        }

        var boundZ = HoeffdingBound(_z.Count);
        if (_low.Mean + HoeffdingBound(_low.Count) >= _z.Mean + boundZ)
        {
            _low = _z;
        }

        if (_high.Mean - HoeffdingBound(_high.Count) <= _z.Mean - boundZ)
        {
            _high = _z;
        }

        bool drift, warning;
        if (Increased(_options.DriftConfidence))
        {
            (drift, warning) = (true, false);
        }
        else
        {
            (drift, warning) = (false, Increased(_options.WarningConfidence));
        }

        if (_options.TwoSided)
        {
            if (Decreased(_options.DriftConfidence))
            {
                drift = true;
            }
            else if (Decreased(_options.WarningConfidence))
            {
                warning = true;
            }
        }

        if (drift)
        {
            _z = _low = _high = default;
        }

        return new DetectorResult(drift, warning);
    }

    public DetectorState Snapshot() => new HddmAState(_options, _z.Count, _z.Mean, _low.Count, _low.Mean, _high.Count, _high.Mean);

    private double HoeffdingBound(double n) => Math.Sqrt(1.0 / (2 * n) * Math.Log(1.0 / _options.DriftConfidence));

    private bool Increased(double confidence) =>
        _low.Count != _z.Count && _z.Mean - _low.Mean >= Bound(_low.Count, confidence);

    private bool Decreased(double confidence) =>
        _high.Count != _z.Count && _high.Mean - _z.Mean >= Bound(_high.Count, confidence);

    /// <summary>Hoeffding bound for the difference between the mean up to the cut and the global mean.</summary>
    private double Bound(double cutCount, double confidence)
    {
        var m = (_z.Count - cutCount) / cutCount * (1.0 / _z.Count);
        return Math.Sqrt(m / 2 * Math.Log(2.0 / confidence));
    }
}
