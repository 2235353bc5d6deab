// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>
/// A seeded pseudo-random generator whose output is the same on every machine, operating system, CPU and .NET
/// version: xoshiro256** (Blackman and Vigna), its 256-bit state seeded through SplitMix64.
/// </summary>
/// <remarks>
/// <para><b>Determinism contract.</b> Every method returns a value computed from the generator's state with integer
/// operations and, for <see cref="NextDouble"/> and <see cref="NextSingle"/>, one exact conversion and one multiplication
/// by a power of two. Nothing depends on <see cref="Random"/>, on the thread, on the clock or on the culture, so the same
/// seed gives the same sequence everywhere. Callers that want the same guarantee for what they compute from these values
/// must stay with IEEE 754 basic operations (<c>+ - * /</c> and square root, which are correctly rounded and which the
/// JIT does not contract into fused multiply-adds) and exact integer conversions; <see cref="Math.Log(double)"/>,
/// <see cref="Math.Exp"/>, <see cref="Math.Pow"/> and the trigonometric functions may differ in the last bit between
/// runtimes and CPUs, so their results must not reach the output unless quantised first (and a table built from them
/// is best built once, from constants).</para>
/// <para><b>Streams.</b> <see cref="Fork"/> derives an independent generator from this one's current state and a stream
/// id without advancing this one, so work split by stream id (one stream per person, say) gives the same values in any
/// order and on any number of threads.</para>
/// <para>Instances are not thread-safe; give each thread its own fork.</para>
/// </remarks>
internal sealed class DeterministicRandom
{
    /// <summary>The SplitMix64 increment (the golden ratio in 64-bit fixed point).</summary>
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Initializes a new instance of the <see cref="DeterministicRandom"/> class from a 64-bit seed.</summary>
    /// <param name="seed">Any value, zero included: the state is the first four outputs of SplitMix64 started at it.</param>
    public DeterministicRandom(ulong seed) => Reseed(seed);

    private DeterministicRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>Creates a generator with the given raw xoshiro256** state (for reference tests).</summary>
    /// <param name="s0">State word 0.</param>
    /// <param name="s1">State word 1.</param>
    /// <param name="s2">State word 2.</param>
    /// <param name="s3">State word 3.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentException">All four words are zero (the one state xoshiro cannot leave).</exception>
    public static DeterministicRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            Throw.Argument(nameof(s0), "The xoshiro256** state must not be all zero.");
        }

        return new DeterministicRandom(s0, s1, s2, s3);
    }

    /// <summary>Returns the seed <see cref="Fork"/> would give the child of a generator freshly seeded with <paramref name="seed"/>, without allocating.</summary>
    /// <param name="seed">The parent's seed.</param>
    /// <param name="streamId">The sub-stream.</param>
    /// <returns>The child's seed: <c>new DeterministicRandom(seed).Fork(streamId)</c> equals <c>new DeterministicRandom(ForkSeed(seed, streamId))</c>.</returns>
    public static ulong ForkSeed(ulong seed, ulong streamId)
    {
        ulong x = seed;
        ulong s0 = SplitMix64Next(ref x), s1 = SplitMix64Next(ref x), s2 = SplitMix64Next(ref x), s3 = SplitMix64Next(ref x);
        return ChildSeed(s0, s1, s2, s3, streamId);
    }

    /// <summary>Advances a SplitMix64 counter and returns its next output.</summary>
    /// <param name="state">The counter; advanced by the golden gamma.</param>
    /// <returns>The next output.</returns>
    public static ulong SplitMix64Next(ref ulong state)
    {
        state += GoldenGamma;
        return Mix64(state);
    }

    /// <summary>The SplitMix64 finaliser: a bijection of 64-bit values with good avalanche.</summary>
    /// <param name="z">The value to mix.</param>
    /// <returns>The mixed value.</returns>
    public static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Returns the next 64 random bits (one xoshiro256** step).</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns the next 32 random bits (the high half of <see cref="NextUInt64"/>, its best bits).</summary>
    /// <returns>A uniformly distributed 32-bit value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <summary>Returns a uniformly distributed integer in <c>[0, maxExclusive)</c>, without bias (Lemire's method).</summary>
    /// <param name="maxExclusive">The exclusive upper bound; at least 1.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is below 1.</exception>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive < 1)
        {
            Throw.OutOfRange(nameof(maxExclusive), maxExclusive, "must be at least 1");
        }

        return (int)NextBounded((uint)maxExclusive);
    }

    /// <summary>Returns a uniformly distributed integer in <c>[minInclusive, maxExclusive)</c>, without bias.</summary>
    /// <param name="minInclusive">The inclusive lower bound.</param>
    /// <param name="maxExclusive">The exclusive upper bound; greater than <paramref name="minInclusive"/>.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not above <paramref name="minInclusive"/>.</exception>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            Throw.OutOfRange(nameof(maxExclusive), maxExclusive, $"must be greater than minInclusive ({minInclusive})");
        }

        // The range fits in 32 unsigned bits even for [int.MinValue, int.MaxValue).
        uint range = (uint)((long)maxExclusive - minInclusive);
        return (int)(minInclusive + (long)NextBounded(range));
    }

    /// <summary>Returns a uniformly distributed 64-bit integer in <c>[0, maxExclusive)</c>, without bias.</summary>
    /// <param name="maxExclusive">The exclusive upper bound; at least 1.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is below 1.</exception>
    public long NextInt64(long maxExclusive)
    {
        if (maxExclusive < 1)
        {
            Throw.OutOfRange(nameof(maxExclusive), maxExclusive, "must be at least 1");
        }

        ulong s = (ulong)maxExclusive;
        ulong high = Math.BigMul(NextUInt64(), s, out ulong low);
        if (low < s)
        {
            ulong threshold = (0UL - s) % s;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), s, out low);
            }
        }

        return (long)high;
    }

    /// <summary>Returns a uniformly distributed double in <c>[0, 1)</c> with 53 random bits (multiples of 2^-53).</summary>
    /// <returns>The double.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniformly distributed float in <c>[0, 1)</c> with 24 random bits (multiples of 2^-24).</summary>
    /// <returns>The float.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Returns <see langword="true"/> with probability <paramref name="probability"/>.</summary>
    /// <param name="probability">The probability; 0 or below never, 1 or above always. One value is drawn either way.</param>
    /// <returns>Whether the event happened.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates, from the end).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The values.</param>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)NextBounded((uint)(i + 1));
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>Returns one element of <paramref name="values"/>, uniformly.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The values; not empty.</param>
    /// <returns>The element.</returns>
    public T Pick<T>(ReadOnlySpan<T> values) => values[NextInt(values.Length)];

    /// <summary>Returns an index drawn with the probabilities of <paramref name="table"/>.</summary>
    /// <param name="table">The cumulative table.</param>
    /// <returns>An index in <c>[0, table.Count)</c> whose weight is positive.</returns>
    public int Choose(CumulativeTable table) => Throw.IfNull(table).Sample(NextDouble());

    /// <summary>
    /// Derives an independent generator for sub-stream <paramref name="streamId"/> from this generator's current state,
    /// without advancing it: the same state and stream id always give the same child, and different stream ids give
    /// different children.
    /// </summary>
    /// <param name="streamId">The sub-stream, for example a person's index.</param>
    /// <returns>The child generator.</returns>
    public DeterministicRandom Fork(ulong streamId) => new(ForkSeed(streamId));

    /// <summary>Returns the seed of <see cref="Fork"/>'s child for <paramref name="streamId"/>, without allocating or advancing this generator.</summary>
    /// <param name="streamId">The sub-stream.</param>
    /// <returns>The child's seed.</returns>
    public ulong ForkSeed(ulong streamId) => ChildSeed(_s0, _s1, _s2, _s3, streamId);

    /// <summary>Restarts this generator as if it had just been constructed with <paramref name="seed"/> (to reuse an instance).</summary>
    /// <param name="seed">The seed.</param>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64Next(ref x);
        _s1 = SplitMix64Next(ref x);
        _s2 = SplitMix64Next(ref x);
        _s3 = SplitMix64Next(ref x);

        // SplitMix64 is a bijection of its counter, so four consecutive outputs are never all zero; kept as a guard.
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = GoldenGamma;
        }
    }

    private static ulong ChildSeed(ulong s0, ulong s1, ulong s2, ulong s3, ulong streamId)
    {
        ulong key = s0 ^ BitOperations.RotateLeft(s1, 16) ^ BitOperations.RotateLeft(s2, 32) ^ BitOperations.RotateLeft(s3, 48);

        // Mix64 is a bijection, so for one parent different stream ids give different SplitMix64 seeds.
        return Mix64(key) ^ Mix64(streamId + GoldenGamma);
    }

    /// <summary>Lemire's nearly divisionless unbiased bounded integer: <c>[0, s)</c> for <c>s &gt;= 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextBounded(uint s)
    {
        ulong m = (ulong)NextUInt32() * s;
        uint low = (uint)m;
        if (low < s)
        {
            uint threshold = (0u - s) % s;
            while (low < threshold)
            {
                m = (ulong)NextUInt32() * s;
                low = (uint)m;
            }
        }

        return (uint)(m >> 32);
    }
}

/// <summary>
/// Precomputed cumulative weights for drawing an index with probability proportional to its weight, in
/// <c>O(log n)</c> by binary search. Built with additions only, so it is the same on every machine.
/// </summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
internal sealed class CumulativeTable
{
    private readonly double[] _cumulative;
    private readonly int _lastPositive;

    /// <summary>Initializes a new instance of the <see cref="CumulativeTable"/> class.</summary>
    /// <param name="weights">Finite, non-negative weights with a positive sum.</param>
    /// <exception cref="ArgumentException">A weight is negative or not finite, or none is positive.</exception>
    public CumulativeTable(ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
        {
            Throw.Argument(nameof(weights), "A cumulative table needs at least one weight.");
        }

        _cumulative = new double[weights.Length];
        double sum = 0d;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (!double.IsFinite(w) || w < 0d)
            {
                Throw.Argument(nameof(weights), $"The weight at index {i} is {w}; weights must be finite and non-negative.");
            }

            sum += w;
            _cumulative[i] = sum;
            if (w > 0d)
            {
                _lastPositive = i;
            }
        }

        if (!(sum > 0d))
        {
            Throw.Argument(nameof(weights), "At least one weight must be positive.");
        }

        Total = sum;
    }

    /// <summary>Gets the number of weights.</summary>
    public int Count => _cumulative.Length;

    /// <summary>Gets the sum of the weights.</summary>
    public double Total { get; }

    /// <summary>Returns the index whose cumulative interval holds <c>u * Total</c>.</summary>
    /// <param name="u">A uniform value in <c>[0, 1)</c>.</param>
    /// <returns>The first index whose cumulative weight exceeds <c>u * Total</c> (so zero weights are never chosen).</returns>
    public int Sample(double u)
    {
        double target = u * Total;
        double[] c = _cumulative;
        int lo = 0, hi = c.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (c[mid] > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        // u * Total can round up to Total itself; the last positive weight then takes it.
        return Math.Min(lo, _lastPositive);
    }
}
