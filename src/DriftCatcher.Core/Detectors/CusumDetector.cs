namespace DriftCatcher.Core.Detectors;

/// <summary>
/// Tabular CUSUM (Page, 1954; the parameterisation of River's CUSUM). The first min-instances
/// values estimate a reference mean mu and deviation sigma, then frozen; afterwards
/// S+ = max(0, S+ + x - mu - k sigma) and S- = max(0, S- - (x - mu) - k sigma), and a drift is
/// signalled when S+ (up), S- (down) or either (both) exceeds h sigma. After a drift everything,
/// the reference included, is estimated anew. No warning zone.
/// </summary>
public sealed class CusumDetector : IChangeDetector
{
    private readonly CusumOptions _options;
    private RunningVariance _warmUp;
    private double? _reference;
    private double _sigma;
    private double _sumIncrease;
    private double _sumDecrease;

    public CusumDetector(CusumOptions? options = null)
    {
        _options = (options ?? new CusumOptions()).Validated();
    }

    public string Name => ChangeDetectors.Cusum;

    public static CusumDetector FromState(CusumState state)
    {
        const string d = ChangeDetectors.Cusum;
        DetectorInput.RequireState(state.Options is not null, d, "no options");
        DetectorInput.RequireState(
            state.Count >= 0 && state.SumSquares >= 0 && state.Sigma >= 0 && state.SumIncrease >= 0 && state.SumDecrease >= 0,
            d,
            "negative count, sum or sigma");
        return new CusumDetector(state.Options)
        {
            _warmUp = new RunningVariance(state.Count, state.Mean, state.SumSquares),
            _reference = state.Reference,
            _sigma = state.Sigma,
            _sumIncrease = state.SumIncrease,
            _sumDecrease = state.SumDecrease,
        };
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireFinite(Name, value);
        if (_reference is null)
        {
            _warmUp.Add(value);
            if (_warmUp.Count < _options.MinInstances)
            {
                return DetectorResult.None;
            }

            // Frozen from here on: a running mean would chase the very shift to be detected.
            _reference = _warmUp.Mean;
            _sigma = Math.Sqrt(Math.Max(_warmUp.Variance, 0.0));
        }

        var k = _options.Slack * _sigma;
        var limit = _options.Threshold * _sigma;
        var deviation = value - _reference.Value;
        _sumIncrease = Math.Max(0.0, _sumIncrease + deviation - k);
        _sumDecrease = Math.Max(0.0, _sumDecrease - deviation - k);
        var up = _sumIncrease > limit;
        var down = _sumDecrease > limit;
        var drift = _options.Mode switch
        {
            ChangeDirection.Up => up,
            ChangeDirection.Down => down,
            _ => up || down,
        };
        if (drift)
        {
            _warmUp = default;
            _reference = null;
            _sigma = 0;
            _sumIncrease = 0;
            _sumDecrease = 0;
        }

        return new DetectorResult(drift, false);
    }

    public DetectorState Snapshot() => new CusumState(
        _options, _warmUp.Count, _warmUp.Mean, _warmUp.SumSquares, _reference, _sigma, _sumIncrease, _sumDecrease);
}
