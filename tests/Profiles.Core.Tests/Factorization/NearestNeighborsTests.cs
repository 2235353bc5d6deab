// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class NearestNeighborsTests
{
    /// <summary>
    /// Rows with exactly four entries of ±1: every norm is 2, so normalized entries are ±0.5 and every similarity is an
    /// exact multiple of 0.25 in float. Ties are everywhere, and any summation order gives the same value.
    /// </summary>
    private static float[] ExactRows(int n, int d, ulong seed)
    {
        var random = new FactorRandom(seed);
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int placed = 0;
            while (placed < 4)
            {
                int j = random.NextInt(d);
                if (data[(i * d) + j] == 0)
                {
                    data[(i * d) + j] = random.NextInt(2) == 0 ? -1 : 1;
                    placed++;
                }
            }
        }

        return data;
    }

    /// <summary>The reference: all similarities in double, sorted by (similarity descending, index ascending).</summary>
    private static (int[] Indices, double[] Similarities) BruteForce(float[] queries, float[] rows, int d, int k, bool excludeSelf, int query)
    {
        int n = rows.Length / d;
        static double Norm(float[] m, int r, int d)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                sum += (double)m[(r * d) + j] * m[(r * d) + j];
            }

            return Math.Sqrt(sum);
        }

        double qn = Norm(queries, query, d);
        var similarity = new double[n];
        var order = new int[n];
        for (int r = 0; r < n; r++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++)
            {
                dot += (double)queries[(query * d) + j] * rows[(r * d) + j];
            }

            double rn = Norm(rows, r, d);
            similarity[r] = qn == 0 || rn == 0 ? 0 : dot / (qn * rn);
            order[r] = r;
        }

        Array.Sort(order, (a, b) => similarity[a] != similarity[b] ? similarity[b].CompareTo(similarity[a]) : a.CompareTo(b));
        int[] indices = order.Where(r => !(excludeSelf && r == query)).Take(k).ToArray();
        return (indices, indices.Select(r => similarity[r]).ToArray());
    }

    [Theory]
    [InlineData(1, 4, 3)]
    [InlineData(2, 4, 1)]
    [InlineData(5, 7, 20)]
    [InlineData(63, 16, 5)]
    [InlineData(64, 33, 20)]
    [InlineData(65, 9, 64)]
    [InlineData(255, 8, 20)]
    [InlineData(257, 16, 7)]
    [InlineData(300, 5, 300)]
    [InlineData(513, 12, 20)]
    public void Search_ExactData_EqualsBruteForceIncludingTieOrder(int n, int d, int k)
    {
        float[] data = ExactRows(n, d, (ulong)(n * 31 + d));
        foreach (bool excludeSelf in new[] { true, false })
        {
            NeighborList result = new NearestNeighbors(new NearestNeighborsOptions { Neighbors = k, ExcludeSelf = excludeSelf }).Search(data, d);
            int expected = Math.Min(k, n - (excludeSelf ? 1 : 0));
            Assert.Equal(n, result.Queries);
            Assert.Equal(expected, result.Neighbors);
            for (int q = 0; q < n; q++)
            {
                (int[] indices, double[] similarities) = BruteForce(data, data, d, k, excludeSelf, q);
                Assert.Equal(indices, result.IndicesOf(q).ToArray());
                Assert.Equal(similarities, result.SimilaritiesOf(q).ToArray().Select(s => (double)s).ToArray());
            }
        }
    }

    [Theory]
    [InlineData(100, 64, 10)]
    [InlineData(300, 17, 20)]
    public void Search_RandomData_MatchesBruteForce(int n, int d, int k)
    {
        float[] data = FactorTestData.Gaussian((ulong)n, n * d);
        Array.Clear(data, 5 * d, d);   // a zero row: similarity 0 with everything
        NeighborList result = new NearestNeighbors(new NearestNeighborsOptions { Neighbors = k }).Search(data, d);
        for (int q = 0; q < n; q++)
        {
            (int[] indices, double[] similarities) = BruteForce(data, data, d, k, true, q);
            ReadOnlySpan<int> found = result.IndicesOf(q);
            ReadOnlySpan<float> scores = result.SimilaritiesOf(q);
            for (int j = 0; j < k; j++)
            {
                Assert.True(Math.Abs(scores[j] - similarities[j]) < 1e-5, $"query {q}, rank {j}: {scores[j]} vs {similarities[j]}");

                // Indices agree unless the reference has a near-tie at this rank.
                bool nearTie = (j > 0 && similarities[j - 1] - similarities[j] < 1e-5) || (j + 1 < k && similarities[j] - similarities[j + 1] < 1e-5);
                Assert.True(nearTie || found[j] == indices[j], $"query {q}, rank {j}: {found[j]} vs {indices[j]}");
            }
        }
    }

    [Fact]
    public void Query_SeparateQueries_EqualsBruteForce()
    {
        float[] rows = ExactRows(300, 10, 4);
        float[] queries = ExactRows(70, 10, 5);
        NeighborList result = new NearestNeighbors(new NearestNeighborsOptions { Neighbors = 15 }).Query(queries, rows, 10);
        Assert.Equal(70, result.Queries);
        for (int q = 0; q < 70; q++)
        {
            Assert.Equal(BruteForce(queries, rows, 10, 15, false, q).Indices, result.IndicesOf(q).ToArray());
        }
    }

    [Fact]
    public void Search_AnyThreadCount_GivesIdenticalResults()
    {
        float[] data = FactorTestData.Gaussian(8, 1000 * 24);
        NeighborList one = new NearestNeighbors(new NearestNeighborsOptions { MaxDegreeOfParallelism = 1 }).Search(data, 24);
        NeighborList many = new NearestNeighbors(new NearestNeighborsOptions { MaxDegreeOfParallelism = 4 }).Search(data, 24);
        Assert.Equal(one.Indices.ToArray(), many.Indices.ToArray());
        Assert.Equal(one.Similarities.ToArray(), many.Similarities.ToArray());
    }

    [Fact]
    public void Search_BadInput_Throws()
    {
        var search = new NearestNeighbors();
        Assert.Throws<ArgumentException>("vectors", () => search.Search(new float[7], 2));
        Assert.Throws<ArgumentException>("vectors", () => search.Search(new[] { 1f, float.PositiveInfinity }, 2));
        Assert.Throws<ArgumentException>("queries", () => search.Query(new float[3], new float[4], 2));
        Assert.Throws<ArgumentOutOfRangeException>("dimensions", () => search.Search(new float[4], 0));
        Assert.Throws<ArgumentOutOfRangeException>("query", () => search.Search(new float[4], 2).IndicesOf(2));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new NearestNeighborsOptions { Neighbors = 0 });
        Assert.Equal(0, search.Search(new float[2], 2).Neighbors);
    }
}
