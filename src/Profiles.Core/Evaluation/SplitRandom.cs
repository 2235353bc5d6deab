// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>
/// The evaluation's seeded generator: xoshiro256** (Blackman and Vigna) with its state filled by SplitMix64, so that a
/// split or a bootstrap is the same on every machine and .NET version (unlike <see cref="Random"/>, whose algorithm is
/// not part of its contract).
/// </summary>
/// <remarks>Not thread-safe: each use creates its own instance.</remarks>
internal sealed class SplitRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Initializes a new instance of the <see cref="SplitRandom"/> class from a seed.</summary>
    public SplitRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Creates the generator of one group (a user, an item) of a seeded split: independent of the other groups.</summary>
    public static SplitRandom ForKey(int seed, ulong key)
    {
        ulong x = ((ulong)(uint)seed << 32) ^ 0x9E3779B97F4A7C15UL;
        ulong mixed = SplitMix64(ref x) ^ key;
        return new SplitRandom(SplitMix64(ref mixed));
    }

    /// <summary>Returns a 64-bit FNV-1a hash of a string, stable across processes (unlike <see cref="string.GetHashCode()"/>).</summary>
    public static ulong StableHash(string? text, ulong hash = 14695981039346656037UL)
    {
        if (text is not null)
        {
            foreach (char c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        // A separator, so that ("ab", "c") and ("a", "bc") hash differently.
        return (hash ^ 0xFFFF) * 1099511628211UL;
    }

    /// <summary>Returns the next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform integer in <c>[0, bound)</c> without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0)
        {
            Throw.OutOfRange(nameof(bound), bound, "must be positive");
        }

        ulong range = (ulong)bound;
        while (true)
        {
            ulong x = NextUInt64();
            UInt128 product = (UInt128)x * range;
            ulong low = (ulong)product;
            if (low >= range || low >= (0UL - range) % range)
            {
                return (int)(product >> 64);
            }
        }
    }

    /// <summary>Returns a uniform double in <c>[0, 1)</c> with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates, from the end).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
