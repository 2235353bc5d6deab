// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// A seeded implicit user x item matrix shaped like MovieLens-1M (../shared/peers/sk.py makes the same kind):
/// 6,040 x scale users, 3,706 items, 1,000,209 x scale non-zeros of value 1. Item popularity follows a power law,
/// <c>p_i ~ 1 / (rank_i + 30)</c> with ranks shuffled over the item ids; user activity is 20 plus a log-normal share
/// (sigma 1.1) of the remaining non-zeros, clipped to [20, items]; each user's items are drawn without replacement by
/// the Gumbel-top-k trick.
/// </summary>
public static class FactorData
{
    public const int Items = 3706;
    public const int Users = 6040;
    public const int NonZeros = 1_000_209;

    public static SparseMatrix MovieLensShaped(int scale, ulong seed = 1)
    {
        int users = Users * scale;
        long nnz = (long)NonZeros * scale;
        var random = new FactorRandom(seed);

        var rank = new int[Items];
        for (int i = 0; i < Items; i++)
        {
            rank[i] = i;
        }

        for (int i = Items - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (rank[i], rank[j]) = (rank[j], rank[i]);
        }

        var logp = new double[Items];
        for (int i = 0; i < Items; i++)
        {
            logp[i] = -Math.Log(rank[i] + 30.0);
        }

        var raw = new double[users];
        double total = 0;
        for (int u = 0; u < users; u++)
        {
            raw[u] = Math.Exp(1.1 * random.NextGaussian());
            total += raw[u];
        }

        var counts = new int[users + 1];
        long sum = 0;
        for (int u = 0; u < users; u++)
        {
            counts[u] = (int)Math.Clamp(20 + Math.Floor(raw[u] / total * (nnz - (20L * users))), 20, Items);
            sum += counts[u];
        }

        while (sum != nnz)
        {
            int u = random.NextInt(users);
            if (sum < nnz && counts[u] < Items)
            {
                counts[u]++;
                sum++;
            }
            else if (sum > nnz && counts[u] > 20)
            {
                counts[u]--;
                sum--;
            }
        }

        var pointers = new int[users + 1];
        for (int u = 0; u < users; u++)
        {
            pointers[u + 1] = pointers[u] + counts[u];
        }

        var columns = new int[nnz];
        Parallel.For(0, users, () => (Keys: new double[Items], Ids: new int[Items]), (u, _, scratch) =>
        {
            var stream = new FactorRandom(seed, (ulong)u + 1);
            for (int i = 0; i < Items; i++)
            {
                double uniform = stream.NextDouble();
                scratch.Keys[i] = -(logp[i] - Math.Log(-Math.Log(uniform + 1e-300)));   // negated Gumbel key: ascending sort
                scratch.Ids[i] = i;
            }

            Array.Sort(scratch.Keys, scratch.Ids);
            Span<int> row = columns.AsSpan(pointers[u], counts[u]);
            scratch.Ids.AsSpan(0, counts[u]).CopyTo(row);
            row.Sort();
            return scratch;
        }, _ => { });

        var values = new float[nnz];
        Array.Fill(values, 1f);
        return SparseMatrix.FromCsr(users, Items, pointers, columns, values);
    }

    /// <summary>Returns the rows of U scaled by the singular values: the embedding scikit-learn's <c>fit_transform</c> returns.</summary>
    public static float[] Embedding(SvdModel model)
    {
        var embedding = model.U.ToArray();
        ReadOnlySpan<float> s = model.SingularValues.Span;
        for (int i = 0; i < embedding.Length; i++)
        {
            embedding[i] *= s[i % model.Rank];
        }

        return embedding;
    }
}
