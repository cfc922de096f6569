namespace DriftCatcher.Core.Learning;

/// <summary>Reading counts from a model body: a count is checked against the bytes left before anything is allocated for it.</summary>
internal static class ModelBody
{
    /// <summary>
    /// Reads a count of items that each take at least <paramref name="bytesEach"/> bytes of what follows; null when it is
    /// negative or more than the bytes left can hold (a body with a valid checksum but an absurd count asked for an array
    /// of 2^31 entries and ended in OutOfMemoryException).
    /// </summary>
    public static int? ReadCount(BinaryReader reader, int bytesEach)
    {
        var count = reader.ReadInt32();
        var stream = reader.BaseStream;
        var left = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        return count < 0 || (long)count * Math.Max(1, bytesEach) > left ? null : count;
    }
}
