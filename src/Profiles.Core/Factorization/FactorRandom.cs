// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics;

namespace Profiles.Core;

/// <summary>
/// The seeded generator of the factorization algorithms: xoshiro256** (Blackman and Vigna) seeded through SplitMix64,
/// so that a seed gives the same sequence on every machine, runtime and thread count.
/// </summary>
/// <remarks>A mutable struct: pass it by reference. Not thread-safe; give every stream its own instance.</remarks>
internal struct FactorRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Initializes the generator from <paramref name="seed"/> and a stream number (independent sequences per stream).</summary>
    public FactorRandom(ulong seed, ulong stream = 0)
    {
        ulong state = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>Returns the next 64 random bits.</summary>
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

    /// <summary>Returns a double uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a float uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Returns an integer uniform in [0, <paramref name="maxExclusive"/>) (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int maxExclusive)
    {
        ulong range = (ulong)maxExclusive;
        ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)product;
    }

    /// <summary>Returns a standard normal deviate (Marsaglia's polar method; the second deviate is discarded for simplicity).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            double u = (2 * NextDouble()) - 1;
            double v = (2 * NextDouble()) - 1;
            double s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
            }
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
