// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class TopKTests
{
    private static readonly int[] s_ks = [1, 2, 3, 10, 17, 64, 300];

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void Select_EverySizeAndK_MatchesFullSortWithIndexTieBreak(int lanes)
    {
        // Every width runs whatever the hardware: unaccelerated vector widths take the runtime's software fallback.
        var width = (SimdWidth)lanes;
        var random = new Random(7);
        for (int n = 0; n <= 257; n++)
        {
            // Scores from a few integers make ties common; sprinkle NaN and -inf, which are never selected, and +inf.
            float[] scores = new float[n];
            for (int j = 0; j < n; j++)
            {
                int r = random.Next(40);
                scores[j] = r switch { 0 => float.NaN, 1 => float.NegativeInfinity, 2 => float.PositiveInfinity, _ => random.Next(-4, 5) };
            }

            int[] seen = Enumerable.Range(0, n).Where(_ => random.Next(4) == 0).ToArray();
            ulong[] allowed = TopK.CreateAllowList(n, Enumerable.Range(0, n).Where(_ => random.Next(5) != 0));
            foreach (bool useSeen in new[] { false, true })
            {
                foreach (bool useAllowed in new[] { false, true })
                {
                    int[] s = useSeen ? seen : [];
                    ulong[] a = useAllowed ? allowed : [];
                    int[] order = Reference(scores, s, a);   // every eligible item, best first: the top k is its prefix
                    foreach (int k in s_ks)
                    {
                        var indices = new int[k + 2];
                        var top = new float[k + 2];
                        indices.AsSpan().Fill(12345);
                        int count = TopK.SelectCore(width, scores, k, indices, top, s, a);

                        string what = $"{width} n={n} k={k} seen={useSeen} allowed={useAllowed}";
                        Assert.True(Math.Min(k, order.Length) == count, what);
                        Expect(order, scores, indices, top, k, what);
                        Assert.Equal(12345, indices[k]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void Search_IntegerData_MatchesFullSortAcrossSizesAndBlocks(int lanes)
    {
        // Every width runs whatever the hardware: unaccelerated vector widths take the runtime's software fallback.
        var width = (SimdWidth)lanes;
        // Small integers make every inner product exact in float32 whatever the summation order, and tie often.
        var random = new Random(11);
        var shapes = new List<(int B, int N, int D)>();
        for (int n = 0; n <= 257; n++)
        {
            shapes.Add((3, n, 5));
        }

        foreach (int b in new[] { 1, 17, 65, 130 })
        {
            foreach (int n in new[] { 1, 4, 63, 64, 65, 257 })
            {
                shapes.Add((b, n, 7));
            }
        }

        shapes.Add((70, 2500, 64));   // 1,024-item blocks at d = 64: three blocks, the last partial
        shapes.Add((9, 3, 1));
        foreach (var (b, n, d) in shapes)
        {
            float[] users = Integers(random, b * d, 2);
            float[] items = Integers(random, n * d, 2);
            var seenLists = new List<IEnumerable<int>?>();
            for (int u = 0; u < b; u++)
            {
                seenLists.Add(u % 3 == 0 ? null : Enumerable.Range(0, n).Where(_ => random.Next(3) == 0).ToArray());
            }

            TopKSeenItems seen = TopKSeenItems.FromLists(seenLists);
            ulong[] allowed = TopK.CreateAllowList(n, Enumerable.Range(0, n).Where(_ => random.Next(6) != 0));
            float[][] exact = Enumerable.Range(0, b).Select(u => ExactScores(users.AsSpan(u * d, d), items, d)).ToArray();
            foreach (bool filters in new[] { false, true })
            {
                ulong[] a = filters ? allowed : [];
                int[][] orders = Enumerable.Range(0, b).Select(u => Reference(exact[u], filters ? seen[u].ToArray() : [], a)).ToArray();
                foreach (int k in new[] { 1, 10, 64 })
                {
                    var indices = new int[b * k];
                    var scores = new float[b * k];
                    TopK.SearchCore(width, users, items, d, k, indices, scores, filters ? seen : null, a, 2);
                    for (int u = 0; u < b; u++)
                    {
                        Expect(orders[u], exact[u], indices.AsSpan(u * k, k), scores.AsSpan(u * k, k), k, $"{width} b={b} n={n} d={d} k={k} user {u} filters={filters}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void Search_RandomFloats_MatchesFloat64ReferenceAndIgnoresThreadCount(int lanes)
    {
        // Every width runs whatever the hardware: unaccelerated vector widths take the runtime's software fallback.
        var width = (SimdWidth)lanes;
        const int b = 37, n = 1500, d = 24, k = 10;
        var random = new Random(5);
        float[] users = Uniform(random, b * d);
        float[] items = Uniform(random, n * d);
        var one = new int[b * k];
        var oneScores = new float[b * k];
        TopK.SearchCore(width, users, items, d, k, one, oneScores, null, default, 1);
        foreach (int threads in new[] { 2, 3, -1 })
        {
            var many = new int[b * k];
            var manyScores = new float[b * k];
            TopK.SearchCore(width, users, items, d, k, many, manyScores, null, default, threads);
            Assert.Equal(one, many);
            Assert.Equal(oneScores, manyScores);
        }

        for (int u = 0; u < b; u++)
        {
            double[] reference = new double[n];
            for (int j = 0; j < n; j++)
            {
                for (int t = 0; t < d; t++)
                {
                    reference[j] += (double)users[(u * d) + t] * items[(j * d) + t];
                }
            }

            double kth = reference.OrderByDescending(x => x).ElementAt(k - 1);
            for (int i = 0; i < k; i++)
            {
                int item = one[(u * k) + i];
                Tolerance.Equal(reference[item], oneScores[(u * k) + i], 1e-5, 1e-5, $"user {u} slot {i}");
                Assert.True(reference[item] >= kth - 1e-5, $"user {u}: item {item} scores {reference[item]} below the 10th best {kth}");
                if (i > 0)
                {
                    Assert.True(oneScores[(u * k) + i] <= oneScores[(u * k) + i - 1], "scores are not sorted descending");
                }
            }
        }
    }

    [Fact]
    public void Search_NaNItemRow_IsNeverSelectedAndOtherItemsAreUnaffected()
    {
        float[] users = [1f, 1f];
        float[] items = [5f, 5f, float.NaN, 0f, 1f, 1f, float.PositiveInfinity, -1f, 2f, 2f];
        var indices = new int[4];
        var scores = new float[4];
        TopK.Search(users, items, 2, 4, indices, scores);

        // Item 3 scores +inf + -1 = +inf; item 1 scores NaN and is dropped; -1 fills the slot left over.
        Assert.Equal([3, 0, 4, 2], indices);
        Assert.Equal([float.PositiveInfinity, 10f, 4f, 2f], scores);

        indices = new int[5];
        scores = new float[5];
        TopK.Search(users, items, 2, 5, indices, scores);
        Assert.Equal([3, 0, 4, 2, -1], indices);
        Assert.Equal(float.NegativeInfinity, scores[4]);
    }

    [Fact]
    public void SelectBatch_Rows_MatchSelectPerRow()
    {
        const int b = 9, n = 70, k = 5;
        var random = new Random(3);
        float[] scores = Integers(random, b * n, 3);
        TopKSeenItems seen = TopKSeenItems.FromLists(Enumerable.Range(0, b).Select(u => (IEnumerable<int>?)Enumerable.Range(0, n).Where(j => (j + u) % 4 == 0).ToArray()).ToArray());
        ulong[] allowed = TopK.CreateAllowList(n, Enumerable.Range(0, n).Where(j => j % 7 != 0));
        var indices = new int[b * k];
        var top = new float[b * k];
        TopK.SelectBatch(scores, n, k, indices, top, seen, allowed, maxDegreeOfParallelism: 2);
        for (int u = 0; u < b; u++)
        {
            int[] expected = Reference(scores.AsSpan(u * n, n).ToArray(), seen[u].ToArray(), allowed).Take(k).ToArray();
            Assert.Equal(expected, indices.AsSpan(u * k, k).ToArray());
        }
    }

    [Fact]
    public void Search_Arguments_AreValidatedWithTheirNames()
    {
        float[] users = new float[4];
        float[] items = new float[6];
        int[] indices = new int[4];
        float[] scores = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>("dimensions", () => TopK.Search(users, items, 0, 2, indices, scores));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => TopK.Search(users, items, 2, 0, indices, scores));
        Assert.Throws<ArgumentException>("users", () => TopK.Search(new float[3], items, 2, 2, indices, scores));
        Assert.Throws<ArgumentException>("items", () => TopK.Search(users, new float[5], 2, 2, indices, scores));
        Assert.Throws<ArgumentException>("indices", () => TopK.Search(users, items, 2, 2, new int[3], scores));
        Assert.Throws<ArgumentException>("scores", () => TopK.Search(users, items, 2, 2, indices, new float[5]));
        Assert.Throws<ArgumentException>("users", () => TopK.Search(new float[] { 0, float.NaN, 0, 0 }, items, 2, 2, indices, scores));
        Assert.Throws<ArgumentException>("seen", () => TopK.Search(users, items, 2, 2, indices, scores, TopKSeenItems.FromLists([null])));
        Assert.Throws<ArgumentException>("seen", () => TopK.Search(users, items, 2, 2, indices, scores, TopKSeenItems.FromLists([[3], null])));
        Assert.Throws<ArgumentException>("allowed", () => TopK.Search(users, new float[130 * 2], 2, 2, indices, scores, allowed: new ulong[2]));
        Assert.Throws<ArgumentOutOfRangeException>("maxDegreeOfParallelism", () => TopK.Search(users, items, 2, 2, indices, scores, maxDegreeOfParallelism: 0));
        Assert.Throws<ArgumentOutOfRangeException>("maxDegreeOfParallelism", () => TopK.Search(users, items, 2, 2, indices, scores, maxDegreeOfParallelism: -2));
    }

    [Fact]
    public void Select_Arguments_AreValidatedWithTheirNames()
    {
        float[] scores = new float[10];
        Assert.Throws<ArgumentOutOfRangeException>("k", () => TopK.Select(scores, 0, new int[1], new float[1]));
        Assert.Throws<ArgumentException>("indices", () => TopK.Select(scores, 3, new int[2], new float[3]));
        Assert.Throws<ArgumentException>("topScores", () => TopK.Select(scores, 3, new int[3], new float[2]));
        Assert.Throws<ArgumentException>("seen", () => TopK.Select(scores, 3, new int[3], new float[3], new[] { 2, 2 }));
        Assert.Throws<ArgumentException>("seen", () => TopK.Select(scores, 3, new int[3], new float[3], new[] { 10 }));
        Assert.Throws<ArgumentException>("seen", () => TopK.Select(scores, 3, new int[3], new float[3], new[] { -1 }));
        Assert.Throws<ArgumentException>("allowed", () => TopK.Select(new float[65], 3, new int[3], new float[3], default, new ulong[1]));
        Assert.Throws<ArgumentOutOfRangeException>("itemCount", () => TopK.SelectBatch(scores, 0, 1, new int[1], new float[1]));
        Assert.Throws<ArgumentException>("scores", () => TopK.SelectBatch(scores, 3, 1, new int[3], new float[3]));
        Assert.Throws<ArgumentException>("topScores", () => TopK.SelectBatch(scores, 5, 2, new int[4], new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>("allowedItems", () => TopK.CreateAllowList(3, [3]));
        Assert.Throws<ArgumentOutOfRangeException>("itemCount", () => TopK.CreateAllowList(-1, []));
    }

    [Fact]
    public void SeenItems_Construction_ValidatesRowsAndSortsLists()
    {
        TopKSeenItems seen = TopKSeenItems.FromLists([new[] { 5, 1, 5, 3 }, null, Array.Empty<int>(), new[] { 0 }]);
        Assert.Equal(4, seen.Count);
        Assert.Equal([1, 3, 5], seen[0].ToArray());
        Assert.True(seen[1].IsEmpty);
        Assert.Equal([0], seen[3].ToArray());
        Assert.Equal(5, seen.MaxIndex);
        Assert.Equal([0, 3, 3, 3, 4], seen.Offsets.ToArray());

        Assert.Throws<ArgumentNullException>("offsets", () => new TopKSeenItems(null!, []));
        Assert.Throws<ArgumentNullException>("indices", () => new TopKSeenItems([0], null!));
        Assert.Throws<ArgumentException>("offsets", () => new TopKSeenItems([1, 1], [0]));
        Assert.Throws<ArgumentException>("offsets", () => new TopKSeenItems([0, 2, 1], [0]));
        Assert.Throws<ArgumentException>("offsets", () => new TopKSeenItems([0, 5, 1], [0]));
        Assert.Throws<ArgumentException>("indices", () => new TopKSeenItems([0, 2], [3, 3]));
        Assert.Throws<ArgumentException>("indices", () => new TopKSeenItems([0, 1], [-2]));
        Assert.Throws<ArgumentException>("lists", () => TopKSeenItems.FromLists([new[] { -1 }]));
        Assert.Throws<ArgumentOutOfRangeException>("user", () => seen[4].Length);
    }

    /// <summary>Checks the first k slots against the reference order's prefix (index -1 and score -inf past its end).</summary>
    private static void Expect(int[] order, float[] allScores, ReadOnlySpan<int> indices, ReadOnlySpan<float> scores, int k, string what)
    {
        for (int i = 0; i < k; i++)
        {
            int expected = i < order.Length ? order[i] : -1;
            float expectedScore = i < order.Length ? allScores[order[i]] : float.NegativeInfinity;
            if (expected != indices[i] || !expectedScore.Equals(scores[i]))
            {
                Assert.Fail($"{what}: slot {i} holds item {indices[i]} scoring {scores[i]}; expected item {expected} scoring {expectedScore}.");
            }
        }
    }

    /// <summary>The brute-force reference: every eligible item, fully sorted by descending score then ascending index.</summary>
    private static int[] Reference(float[] scores, int[] seen, ulong[] allowed)
    {
        var seenSet = new HashSet<int>(seen);
        return Enumerable.Range(0, scores.Length)
            .Where(j => !float.IsNaN(scores[j]) && scores[j] != float.NegativeInfinity && !seenSet.Contains(j))
            .Where(j => allowed.Length == 0 || ((allowed[j >> 6] >> (j & 63)) & 1) != 0)
            .OrderByDescending(j => scores[j]).ThenBy(j => j)
            .ToArray();
    }

    private static float[] ExactScores(ReadOnlySpan<float> user, float[] items, int d)
    {
        var scores = new float[items.Length / d];
        for (int j = 0; j < scores.Length; j++)
        {
            double sum = 0;
            for (int t = 0; t < d; t++)
            {
                sum += (double)user[t] * items[(j * d) + t];
            }

            scores[j] = (float)sum;
        }

        return scores;
    }

    private static float[] Integers(Random random, int length, int magnitude)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(-magnitude, magnitude + 1);
        }

        return values;
    }

    private static float[] Uniform(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
