namespace DriftCatcher.Core.Detectors;

/// <summary>
/// HDDM-W (Frías-Blanco et al., 2014), the McDiarmid-bound test on exponentially weighted moving
/// averages, as River (after MOA) implements it. Like HDDM-A it keeps a cut point where the
/// bounded average was lowest (highest for decreases) and compares the weighted average before
/// it with the one after it. One-sided unless two-sided is asked. Resets after a drift.
/// Values in [0, 1].
/// </summary>
public sealed class HddmWDetector : IChangeDetector
{
    private readonly HddmWOptions _options;
    private HddmSample _total;
    private HddmSample _beforeRise;
    private HddmSample _afterRise;
    private HddmSample _beforeFall;
    private HddmSample _afterFall;
    private double _riseCut;
    private double _fallCut;

    public HddmWDetector(HddmWOptions? options = null)
    {
        _options = (options ?? new HddmWOptions()).Validated();
        Clear();
    }

    public string Name => ChangeDetectors.HddmW;

    public static HddmWDetector FromState(HddmWState state)
    {
        DetectorInput.RequireState(state.Options is not null, ChangeDetectors.HddmW, "no options");
        return new HddmWDetector(state.Options)
        {
            _total = state.Total,
            _beforeRise = state.BeforeRise,
            _afterRise = state.AfterRise,
            _beforeFall = state.BeforeFall,
            _afterFall = state.AfterFall,
            _riseCut = state.RiseCut ?? double.PositiveInfinity,
            _fallCut = state.FallCut ?? double.NegativeInfinity,
        };
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireUnit(Name, value);
        var lambda = _options.Lambda;
        _total = _total.Add(value, lambda);

        var eps = McDiarmidBound(_total.BoundCondition, _options.DriftConfidence);
        if (_total.Average + eps < _riseCut)
        {
            _riseCut = _total.Average + eps;
            _beforeRise = _total;
            _afterRise = HddmSample.Empty;
        }
        else
        {
            _afterRise = _afterRise.Add(value, lambda);
        }

        bool drift, warning;
        if (Changed(_beforeRise, _afterRise, _options.DriftConfidence))
        {
            (drift, warning) = (true, false);
        }
        else
        {
            (drift, warning) = (false, Changed(_beforeRise, _afterRise, _options.WarningConfidence));
        }

        if (_total.Average - eps > _fallCut)
        {
            _fallCut = _total.Average - eps;
            _beforeFall = _total;
            _afterFall = HddmSample.Empty;
        }
        else
        {
            _afterFall = _afterFall.Add(value, lambda);
        }

        if (_options.TwoSided)
        {
            if (Changed(_afterFall, _beforeFall, _options.DriftConfidence))
            {
                drift = true;
            }
            else if (Changed(_afterFall, _beforeFall, _options.WarningConfidence))
            {
                warning = true;
            }
        }

        if (drift)
        {
            Clear();
        }

        return new DetectorResult(drift, warning);
    }

    public DetectorState Snapshot() => new HddmWState(
        _options,
        _total,
        _beforeRise,
        _afterRise,
        _beforeFall,
        _afterFall,
        double.IsFinite(_riseCut) ? _riseCut : null,
        double.IsFinite(_fallCut) ? _fallCut : null);

    private static double McDiarmidBound(double boundCondition, double confidence) =>
        Math.Sqrt(boundCondition * Math.Log(1 / confidence) / 2);

    /// <summary>Whether <paramref name="higher"/> averages more than <paramref name="lower"/> by more than the bound.</summary>
    private static bool Changed(HddmSample lower, HddmSample higher, double confidence) =>
        lower.Started && higher.Started
            && higher.Average - lower.Average > McDiarmidBound(lower.BoundCondition + higher.BoundCondition, confidence);

    private void Clear()
    {
        _total = HddmSample.Empty;
        _beforeRise = HddmSample.Empty;
        _afterRise = HddmSample.Empty;
        _beforeFall = HddmSample.Empty;
        _afterFall = HddmSample.Empty;
        _riseCut = double.PositiveInfinity;
        _fallCut = double.NegativeInfinity;
    }
}
