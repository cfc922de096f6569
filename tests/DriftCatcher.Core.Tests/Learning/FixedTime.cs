namespace DriftCatcher.Core.Tests.Learning;

/// <summary>A clock standing still (Microsoft.Extensions.TimeProvider.Testing is not referenced by this project).</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
