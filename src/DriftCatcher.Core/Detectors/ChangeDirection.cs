namespace DriftCatcher.Core.Detectors;

/// <summary>Which mean shifts a two-sided test watches.</summary>
public enum ChangeDirection
{
    /// <summary>Increases only.</summary>
    Up,

    /// <summary>Decreases only.</summary>
    Down,

    /// <summary>Increases and decreases.</summary>
    Both,
}
