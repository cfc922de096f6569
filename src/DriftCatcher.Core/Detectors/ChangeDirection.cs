using System.Text.Json.Serialization;

namespace DriftCatcher.Core.Detectors;

/// <summary>Which mean shifts a two-sided test watches. Serialized by name, so stored states do not depend on member order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeDirection>))]
public enum ChangeDirection
{
    /// <summary>Increases only.</summary>
    Up,

    /// <summary>Decreases only.</summary>
    Down,

    /// <summary>Increases and decreases.</summary>
    Both,
}
