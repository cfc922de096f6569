namespace DriftCatcher.Core.Detectors;

/// <summary>
/// The Page-Hinkley test (Page, 1954), as River implements it: cumulative sums of the deviations
/// from the running mean, faded by alpha and offset by delta; a drift when the sum for increases
/// rises more than threshold above its minimum (mode up), the sum for decreases falls more than
/// threshold below its maximum (mode down), or either (both). No warning zone. Resets after a drift.
/// </summary>
public sealed class PageHinkleyDetector : IChangeDetector
{
    private readonly PageHinkleyOptions _options;
    private RunningMean _mean;
    private double _sumIncrease;
    private double _sumDecrease;
    private double _minIncrease;
    private double _maxDecrease;

    public PageHinkleyDetector(PageHinkleyOptions? options = null)
    {
        _options = (options ?? new PageHinkleyOptions()).Validated();
        Clear();
    }

    public string Name => ChangeDetectors.PageHinkley;

    public static PageHinkleyDetector FromState(PageHinkleyState state)
    {
        DetectorInput.RequireState(state.Options is not null, ChangeDetectors.PageHinkley, "no options");
        DetectorInput.RequireState(state.Count >= 0, ChangeDetectors.PageHinkley, "negative count");
        return new PageHinkleyDetector(state.Options)
        {
            _mean = new RunningMean(state.Count, state.Mean),
            _sumIncrease = state.SumIncrease,
            _sumDecrease = state.SumDecrease,
            _minIncrease = state.MinIncrease ?? double.PositiveInfinity,
            _maxDecrease = state.MaxDecrease,
        };
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireFinite(Name, value);
        _mean.Add(value);
        var deviation = value - _mean.Mean;
        _sumIncrease = (_options.Alpha * _sumIncrease) + deviation - _options.Delta;
        _sumDecrease = (_options.Alpha * _sumDecrease) + deviation + _options.Delta;
        _minIncrease = Math.Min(_minIncrease, _sumIncrease);
        _maxDecrease = Math.Max(_maxDecrease, _sumDecrease);
        if (_mean.Count < _options.MinInstances)
        {
            return DetectorResult.None;
        }

        var up = _sumIncrease - _minIncrease > _options.Threshold;
        var down = _maxDecrease - _sumDecrease > _options.Threshold;
        var drift = _options.Mode switch
        {
            ChangeDirection.Up => up,
            ChangeDirection.Down => down,
            _ => up || down,
        };
        if (drift)
        {
            Clear();
        }

        return new DetectorResult(drift, false);
    }

    public DetectorState Snapshot() => new PageHinkleyState(
        _options,
        _mean.Count,
        _mean.Mean,
        _sumIncrease,
        _sumDecrease,
        double.IsFinite(_minIncrease) ? _minIncrease : null,
        _maxDecrease);

    private void Clear()
    {
        _mean = default;
        _sumIncrease = 0;
        _sumDecrease = 0;
        _minIncrease = double.PositiveInfinity;

        // River starts the maximum at -1, not at minus infinity; kept for identical detections.
        _maxDecrease = -1;
    }
}
