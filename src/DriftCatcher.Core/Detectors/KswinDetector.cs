namespace DriftCatcher.Core.Detectors;

/// <summary>
/// KSWIN (Raab et al., 2020), Kolmogorov-Smirnov windowing, as River implements it: a sliding
/// window of window-size values; once full, each update compares its newest stat-size values with
/// stat-size values drawn at random from the rest, by the two-sample KS test. Drift when the
/// p-value is at most alpha and the statistic exceeds 0.1; then the window and the generator
/// start over. Each update costs O(stat-size log stat-size), whatever the stream length.
/// </summary>
public sealed class KswinDetector : IChangeDetector
{
    private readonly KswinOptions _options;
    private readonly double[] _ring;
    private readonly int[] _draws;
    private readonly int[] _pool;
    private readonly double[] _reference;
    private readonly double[] _recent;
    private PythonRandom _random;
    private int _start;
    private int _length;

    public KswinDetector(KswinOptions? options = null)
    {
        _options = (options ?? new KswinOptions()).Validated();
        _ring = new double[_options.WindowSize];
        _draws = new int[_options.StatSize];
        _pool = new int[_options.WindowSize - _options.StatSize];
        _reference = new double[_options.StatSize];
        _recent = new double[_options.StatSize];
        _random = new PythonRandom(_options.Seed);
    }

    public string Name => ChangeDetectors.Kswin;

    /// <summary>p-value of the last test (1 before the window is full).</summary>
    public double PValue { get; private set; } = 1.0;

    public static KswinDetector FromState(KswinState state)
    {
        const string d = ChangeDetectors.Kswin;
        DetectorInput.RequireState(state.Options is not null, d, "no options");
        var detector = new KswinDetector(state.Options);
        DetectorInput.RequireState(
            state.Window is not null && state.Window.Length <= detector._ring.Length && state.Window.All(double.IsFinite),
            d,
            "window missing, too long or not finite");
        DetectorInput.RequireState(PythonRandom.IsValidState(state.RandomState, state.RandomIndex), d, "generator state malformed");
        state.Window!.CopyTo(detector._ring, 0);
        detector._length = state.Window.Length;
        detector._random = PythonRandom.FromState(state.RandomState, state.RandomIndex);
        return detector;
    }

    public DetectorResult Update(double value)
    {
        DetectorInput.RequireFinite(Name, value);
        var size = _ring.Length;
        if (_length < size)
        {
            _ring[(_start + _length) % size] = value;
            _length++;
        }
        else
        {
            _ring[_start] = value;
            _start = (_start + 1) % size;
        }

        if (_length < size)
        {
            return DetectorResult.None;
        }

        var stat = _options.StatSize;
        var older = size - stat;
        _random.Sample(older, _draws, _pool);
        for (var i = 0; i < stat; i++)
        {
            _reference[i] = _ring[(_start + _draws[i]) % size];
            _recent[i] = _ring[(_start + older + i) % size];
        }

        Array.Sort(_reference);
        Array.Sort(_recent);
        var h = KolmogorovSmirnov.StatisticCount(_reference, _recent);
        var statistic = (double)h / stat;
        PValue = KolmogorovSmirnov.PValue(stat, h);
        var drift = PValue <= _options.Alpha && statistic > 0.1;
        if (drift)
        {
            _start = 0;
            _length = 0;
            _random = new PythonRandom(_options.Seed);
        }

        return new DetectorResult(drift, false);
    }

    public DetectorState Snapshot()
    {
        var window = new double[_length];
        for (var i = 0; i < _length; i++)
        {
            window[i] = _ring[(_start + i) % _ring.Length];
        }

        return new KswinState(_options, window, _random.State, _random.Index);
    }
}
