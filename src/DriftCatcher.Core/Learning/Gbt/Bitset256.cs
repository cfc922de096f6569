using System.Runtime.CompilerServices;

namespace DriftCatcher.Core.Learning.Gbt;

/// <summary>A set of bins (at most 256), for categorical splits.</summary>
[InlineArray(4)]
internal struct Bitset256
{
    private ulong _word;

    public void Add(int bin) => this[bin >> 6] |= 1UL << (bin & 63);

    public readonly bool Contains(int bin) => ((this[bin >> 6] >> (bin & 63)) & 1UL) != 0;
}
