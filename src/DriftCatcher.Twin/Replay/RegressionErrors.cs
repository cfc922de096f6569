namespace DriftCatcher.Twin.Replay;

/// <summary>
/// The mean absolute and root mean squared error of a run of prediction errors, as the replay summary and the
/// report both score them: an error that is not a finite number (a label of ±∞, or a difference that overflows)
/// is not scored, and the averages are kept so that they cannot overflow where the errors themselves do not
/// (a plain sum of two errors of 1e308 is ∞; their mean is 1e308).
/// </summary>
internal struct RegressionErrors
{
    private double _mean;
    private double _scale;
    private double _scaledSquares;

    /// <summary>How many errors were scored.</summary>
    public int Count { get; private set; }

    /// <summary>Mean absolute error, NaN when nothing was scored.</summary>
    public readonly double Mae => Count == 0 ? double.NaN : _mean;

    /// <summary>Root mean squared error, NaN when nothing was scored.</summary>
    public readonly double Rmse => Count == 0 ? double.NaN : _scale * Math.Sqrt(_scaledSquares / Count);

    /// <summary>Scores <paramref name="error"/> (prediction − label); false, and nothing scored, when it is not finite.</summary>
    public bool Add(double error)
    {
        if (!double.IsFinite(error))
        {
            return false;
        }

        var a = Math.Abs(error);
        Count++;

        // A running mean of non-negative finite numbers stays between their min and max.
        _mean += (a - _mean) / Count;

        // Squares relative to the largest error so far (as LAPACK's dnrm2): (1e308)² would be ∞.
        if (a > _scale)
        {
            var r = _scale / a;
            _scaledSquares = (_scaledSquares * r * r) + 1;
            _scale = a;
        }
        else if (a > 0)
        {
            var r = a / _scale;
            _scaledSquares += r * r;
        }

        return true;
    }
}
