// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A seeded SplitMix64 generator (Steele, Lea and Flood 2014): the same seed gives the same sequence on every
/// runtime and platform, unlike <see cref="System.Random"/>'s unspecified algorithm. Thread-safe.</summary>
internal sealed class SeededRandom
{
    private readonly object _gate = new();
    private ulong _state;

    public SeededRandom(long seed) => _state = unchecked((ulong)seed);

    /// <summary>Returns the next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        lock (_gate)
        {
            return Mix(_state += 0x9E3779B97F4A7C15UL);
        }
    }

    /// <summary>Returns a double uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>The SplitMix64 output function (a variant of MurmurHash3's 64-bit finaliser).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
