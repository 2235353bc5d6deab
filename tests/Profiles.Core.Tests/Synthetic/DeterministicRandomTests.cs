// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Synthetic")]
public class DeterministicRandomTests
{
    private static readonly Gen<ulong> s_seeds =
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)hi << 32) | (uint)lo;

    private static readonly Gen<int> s_bounds = Gen.OneOf(
        Gen.Choose(1, 10), Gen.Choose(1, int.MaxValue), Gen.Elements(1, 2, 3, 7, 1 << 30, (1 << 30) + 1, int.MaxValue - 1, int.MaxValue));

    [Fact]
    public void SplitMix64_MatchesTheReferenceOutputs()
    {
        // The reference SplitMix64 (Steele, Lea and Flood; Vigna's splitmix64.c) from seeds 0 and 1234567.
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, DeterministicRandom.SplitMix64Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, DeterministicRandom.SplitMix64Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, DeterministicRandom.SplitMix64Next(ref state));

        state = 1234567;
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, expected.Select(_ => DeterministicRandom.SplitMix64Next(ref state)).ToArray());
    }

    [Fact]
    public void Xoshiro256StarStar_FromStateOneTwoThreeFour_MatchesThePublishedOutputs()
    {
        // The first outputs of the reference xoshiro256starstar.c (Blackman and Vigna) from the state {1, 2, 3, 4}.
        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600, 16172922978634559625,
            8476171486693032832, 10595114339597558777, 2904607092377533576,
        ];
        DeterministicRandom random = DeterministicRandom.FromState(1, 2, 3, 4);
        Assert.Equal(expected, expected.Select(_ => random.NextUInt64()).ToArray());
    }

    [Fact]
    public void Constructor_SeedsTheStateWithTheFirstFourSplitMix64Outputs()
    {
        ulong state = 42;
        ulong s0 = DeterministicRandom.SplitMix64Next(ref state), s1 = DeterministicRandom.SplitMix64Next(ref state);
        ulong s2 = DeterministicRandom.SplitMix64Next(ref state), s3 = DeterministicRandom.SplitMix64Next(ref state);
        DeterministicRandom seeded = new(42), manual = DeterministicRandom.FromState(s0, s1, s2, s3);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(manual.NextUInt64(), seeded.NextUInt64());
        }
    }

    [Fact]
    public void Seed42_MatchesAnIndependentImplementation()
    {
        // Computed with a separate Python transcription of SplitMix64 seeding, xoshiro256** and Lemire's method.
        var random = new DeterministicRandom(42);
        Assert.Equal([1546998764402558742UL, 6990951692964543102UL, 12544586762248559009UL, 17057574109182124193UL], Enumerable.Range(0, 4).Select(_ => random.NextUInt64()).ToArray());

        random = new DeterministicRandom(42);
        Assert.Equal([0, 3, 6, 9, 9, 7, 7, 8, 7, 5, 6, 2], Enumerable.Range(0, 12).Select(_ => random.NextInt(10)).ToArray());

        random = new DeterministicRandom(42);
        Assert.Equal(0.08386297105988216, random.NextDouble());
        Assert.Equal(0.3789802506626686, random.NextDouble());
    }

    [Fact]
    public void FromState_AllZero_Throws() =>
        Assert.Throws<ArgumentException>(() => DeterministicRandom.FromState(0, 0, 0, 0));

    [Property(MaxTest = 300)]
    public Property NextInt_IsAlwaysWithinRange() =>
        Prop.ForAll(s_seeds.ToArbitrary(), s_bounds.ToArbitrary(), (seed, max) =>
        {
            var random = new DeterministicRandom(seed);
            return Enumerable.Range(0, 200).Select(_ => random.NextInt(max)).All(x => x >= 0 && x < max);
        });

    [Property(MaxTest = 300)]
    public Property NextIntLoHi_IsAlwaysWithinRange() =>
        Prop.ForAll(s_seeds.ToArbitrary(), Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), Gen.Choose(int.MinValue, int.MaxValue).ToArbitrary(), (seed, a, b) =>
        {
            int lo = Math.Min(a, b), hi = Math.Max(a, b);
            if (lo == hi)
            {
                return true;
            }

            var random = new DeterministicRandom(seed);
            return Enumerable.Range(0, 100).Select(_ => random.NextInt(lo, hi)).All(x => x >= lo && x < hi);
        });

    [Fact]
    public void NextIntLoHi_FullIntRange_CoversBothSigns()
    {
        var random = new DeterministicRandom(5);
        int[] values = Enumerable.Range(0, 1000).Select(_ => random.NextInt(int.MinValue, int.MaxValue)).ToArray();
        Assert.Contains(values, v => v < 0);
        Assert.Contains(values, v => v > 0);
    }

    [Property(MaxTest = 200)]
    public Property NextInt64_IsAlwaysWithinRange() =>
        Prop.ForAll(s_seeds.ToArbitrary(), s_seeds.ToArbitrary(), (seed, raw) =>
        {
            long max = (long)(raw >> 1) | 1;
            var random = new DeterministicRandom(seed);
            return Enumerable.Range(0, 100).Select(_ => random.NextInt64(max)).All(x => x >= 0 && x < max);
        });

    [Property(MaxTest = 200)]
    public Property NextDoubleAndNextSingle_AreInTheUnitInterval() =>
        Prop.ForAll(s_seeds.ToArbitrary(), seed =>
        {
            var random = new DeterministicRandom(seed);
            return Enumerable.Range(0, 200).All(_ =>
            {
                double d = random.NextDouble();
                float f = random.NextSingle();
                return d >= 0d && d < 1d && f >= 0f && f < 1f;
            });
        });

    [Fact]
    public void NextDouble_AtTheLargestOutput_IsBelowOne()
    {
        // 2^53 - 1 multiples of 2^-53: the largest value is 1 - 2^-53, exactly.
        double largest = (ulong.MaxValue >> 11) * (1.0 / (1UL << 53));
        Assert.Equal(Math.BitDecrement(1d), largest);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(1_610_612_736)] // 1.5 * 2^30: "x % max" on 32 bits would make the lower two thirds 1.5 times as likely
    public void NextInt_IsUniform(int max)
    {
        const int draws = 300_000;
        int buckets = max <= 16 ? max : 6; // equal-width buckets over [0, max)
        var random = new DeterministicRandom(2024);
        var counts = new int[buckets];
        for (int i = 0; i < draws; i++)
        {
            counts[(int)((long)random.NextInt(max) * buckets / max)]++;
        }

        double expected = (double)draws / buckets;
        foreach (int count in counts)
        {
            // Five standard deviations of a binomial count.
            Assert.InRange(count, expected - (5 * Math.Sqrt(expected)), expected + (5 * Math.Sqrt(expected)));
        }
    }

    [Fact]
    public void Fork_GivesIndependentStreamsWithoutAdvancingTheParent()
    {
        var parent = new DeterministicRandom(7);
        ulong[] a = Take(parent.Fork(1), 8), b = Take(parent.Fork(2), 8), again = Take(parent.Fork(1), 8);
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
        Assert.Empty(a.Intersect(b));
        Assert.Equal(Take(new DeterministicRandom(7), 8), Take(parent, 8));
    }

    [Property(MaxTest = 100)]
    public Property Fork_DifferentStreamIds_DifferentFirstOutputs() =>
        Prop.ForAll(s_seeds.ToArbitrary(), s_seeds.ToArbitrary(), s_seeds.ToArbitrary(), (seed, x, y) =>
        {
            var parent = new DeterministicRandom(seed);
            return x == y || parent.Fork(x).NextUInt64() != parent.Fork(y).NextUInt64();
        });

    [Property(MaxTest = 100)]
    public Property ForkSeedAndReseed_AreForkWithoutAllocating() =>
        Prop.ForAll(s_seeds.ToArbitrary(), s_seeds.ToArbitrary(), (seed, stream) =>
        {
            var parent = new DeterministicRandom(seed);
            ulong[] forked = Take(parent.Fork(stream), 4);
            var reused = new DeterministicRandom(123);
            reused.Reseed(DeterministicRandom.ForkSeed(seed, stream));
            return forked.SequenceEqual(Take(new DeterministicRandom(parent.ForkSeed(stream)), 4))
                && forked.SequenceEqual(Take(reused, 4));
        });

    [Fact]
    public void Fork_OfAdvancedParent_Differs()
    {
        var parent = new DeterministicRandom(7);
        ulong before = parent.Fork(3).NextUInt64();
        parent.NextUInt64();
        Assert.NotEqual(before, parent.Fork(3).NextUInt64());
    }

    [Property(MaxTest = 100)]
    public Property Shuffle_IsAPermutation() =>
        Prop.ForAll(s_seeds.ToArbitrary(), Gen.Choose(0, 200).ToArbitrary(), (seed, n) =>
        {
            int[] values = Enumerable.Range(0, n).ToArray();
            new DeterministicRandom(seed).Shuffle(values.AsSpan());
            return values.Order().SequenceEqual(Enumerable.Range(0, n));
        });

    [Fact]
    public void Choose_FollowsTheWeights_AndNeverPicksAZeroWeight()
    {
        var table = new CumulativeTable([0d, 1d, 0d, 3d, 0d]);
        var random = new DeterministicRandom(11);
        var counts = new int[5];
        for (int i = 0; i < 100_000; i++)
        {
            counts[random.Choose(table)]++;
        }

        Assert.Equal(0, counts[0] + counts[2] + counts[4]);
        Assert.InRange(counts[3] / (double)counts[1], 2.85, 3.15);
        Assert.Equal(1, table.Sample(0d));
        Assert.Equal(3, table.Sample(Math.BitDecrement(1d)));
    }

    [Fact]
    public void CumulativeTable_RejectsBadWeights()
    {
        Assert.Throws<ArgumentException>(() => new CumulativeTable([]));
        Assert.Throws<ArgumentException>(() => new CumulativeTable([0d, 0d]));
        Assert.Throws<ArgumentException>(() => new CumulativeTable([1d, -1d]));
        Assert.Throws<ArgumentException>(() => new CumulativeTable([1d, double.NaN]));
        Assert.Throws<ArgumentException>(() => new CumulativeTable([double.PositiveInfinity]));
    }

    [Fact]
    public void NextInt_RejectsEmptyRanges()
    {
        var random = new DeterministicRandom(1);
        Assert.Equal("maxExclusive", Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0)).ParamName);
        Assert.Equal("maxExclusive", Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(5, 5)).ParamName);
        Assert.Equal("maxExclusive", Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(0)).ParamName);
    }

    private static ulong[] Take(DeterministicRandom random, int count) => Enumerable.Range(0, count).Select(_ => random.NextUInt64()).ToArray();
}
