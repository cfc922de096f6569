using System.Numerics;

namespace DriftCatcher.Core.Detectors;

/// <summary>
/// The Mersenne Twister (MT19937) seeded and sampled the way CPython's random.Random does, so a
/// seeded KSWIN draws the same reference sample as River's KSWIN with the same seed. Its state
/// (624 words and a position) is plain data, which keeps the detector serializable.
/// </summary>
internal sealed class PythonRandom
{
    public const int StateSize = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _mt;
    private int _index;
    private HashSet<int>? _selected;

    /// <summary>Seeds as random.Random(seed) does for a non-negative integer seed.</summary>
    public PythonRandom(long seed)
    {
        _mt = new uint[StateSize];
        var magnitude = seed == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(seed);
        uint[] key = magnitude >> 32 == 0 ? [(uint)magnitude] : [(uint)magnitude, (uint)(magnitude >> 32)];
        SeedByArray(key);
    }

    private PythonRandom(uint[] state, int index)
    {
        _mt = state;
        _index = index;
    }

    public static PythonRandom FromState(uint[] state, int index) => new((uint[])state.Clone(), index);

    public uint[] State => (uint[])_mt.Clone();

    public int Index => _index;

    public static bool IsValidState(uint[]? state, int index) =>
        state is { Length: StateSize } && index is >= 0 and <= StateSize;

    public uint NextUInt32()
    {
        if (_index >= StateSize)
        {
            Twist();
        }

        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>random.getrandbits(k) for 1 &lt;= k &lt;= 32.</summary>
    public uint GetRandBits(int k) => NextUInt32() >> (32 - k);

    /// <summary>random._randbelow(n): rejection sampling on bit_length(n) bits.</summary>
    public int RandBelow(int n)
    {
        var k = 32 - BitOperations.LeadingZeroCount((uint)n);
        var r = GetRandBits(k);
        while (r >= (uint)n)
        {
            r = GetRandBits(k);
        }

        return (int)r;
    }

    /// <summary>
    /// random.sample(range(n), k) into <paramref name="result"/>: a partial Fisher-Yates over a
    /// pool for small populations, rejection of repeats for large ones, chosen as CPython chooses.
    /// </summary>
    public void Sample(int n, Span<int> result, Span<int> pool)
    {
        var k = result.Length;
        var setSize = 21;
        if (k > 5)
        {
            setSize += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3) / Math.Log(4)));
        }

        if (n <= setSize)
        {
            for (var i = 0; i < n; i++)
            {
                pool[i] = i;
            }

            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            _selected ??= [];
            _selected.Clear();
            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n);
                while (!_selected.Add(j))
                {
                    j = RandBelow(n);
                }

                result[i] = j;
            }
        }
    }

    private void SeedByArray(uint[] key)
    {
        _mt[0] = 19650218U;
        for (var i = 1; i < StateSize; i++)
        {
            _mt[i] = unchecked((1812433253U * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i);
        }

        int a = 1, b = 0;
        for (var k = Math.Max(StateSize, key.Length); k > 0; k--)
        {
            _mt[a] = unchecked((_mt[a] ^ ((_mt[a - 1] ^ (_mt[a - 1] >> 30)) * 1664525U)) + key[b] + (uint)b);
            a++;
            b++;
            if (a >= StateSize)
            {
                _mt[0] = _mt[StateSize - 1];
                a = 1;
            }

            if (b >= key.Length)
            {
                b = 0;
            }
        }

        for (var k = StateSize - 1; k > 0; k--)
        {
            _mt[a] = unchecked((_mt[a] ^ ((_mt[a - 1] ^ (_mt[a - 1] >> 30)) * 1566083941U)) - (uint)a);
            a++;
            if (a >= StateSize)
            {
                _mt[0] = _mt[StateSize - 1];
                a = 1;
            }
        }

        _mt[0] = 0x80000000U;
        _index = StateSize;
    }

    private void Twist()
    {
        for (var i = 0; i < StateSize; i++)
        {
            var y = (_mt[i] & UpperMask) | (_mt[(i + 1) % StateSize] & LowerMask);
            var next = _mt[(i + Shift) % StateSize] ^ (y >> 1);
            _mt[i] = (y & 1) == 0 ? next : next ^ MatrixA;
        }

        _index = 0;
    }
}
