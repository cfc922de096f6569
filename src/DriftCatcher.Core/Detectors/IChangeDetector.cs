namespace DriftCatcher.Core.Detectors;

/// <summary>
/// A streaming change detector: it reads one number at a time (a 0/1 error, a loss, a latency)
/// and says, after each update, whether it signalled a change (drift) and/or a warning.
/// </summary>
/// <remarks>
/// Updates take constant or logarithmic time. A detector resets or shrinks its own state after a
/// drift, as its method prescribes, so the caller just keeps feeding it. <see cref="Snapshot"/>
/// captures the whole state as a serializable <see cref="DetectorState"/>; restoring it with
/// <see cref="ChangeDetectors.Restore"/> and continuing gives exactly the detections an
/// uninterrupted run would have given.
/// </remarks>
public interface IChangeDetector
{
    /// <summary>The detector's name as <see cref="ChangeDetectors.Create"/> knows it, e.g. "hddm-a".</summary>
    string Name { get; }

    /// <summary>Feeds one value; returns what this update signalled.</summary>
    /// <exception cref="Data.InputDataException">The value is not finite or outside the detector's domain.</exception>
    DetectorResult Update(double value);

    /// <summary>The detector's complete state, options included.</summary>
    DetectorState Snapshot();
}
