// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>
/// Computes one user's ranking metrics at cutoff K from the relevance of each ranked position (binary relevance:
/// <c>hits[i]</c> says whether the item at rank <c>i + 1</c> is one of the user's positives).
/// </summary>
/// <remarks>
/// <para>Only the first <c>k</c> entries of <c>hits</c> count; a shorter list counts its missing ranks as misses. The
/// formulas are in docs/evaluation.md; they match the common libraries' binary-relevance definitions.</para>
/// <para>All members are thread-safe: they keep no state.</para>
/// </remarks>
public static class RankingMetrics
{
    /// <summary>Computes precision at K: the hits among the first <paramref name="k"/> ranks divided by <paramref name="k"/>
    /// (not by the list's length, so a short list is not rewarded).</summary>
    /// <param name="hits">The relevance of each rank, best first.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <returns>The precision, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static double Precision(ReadOnlySpan<bool> hits, int k) => (double)CountHits(hits, Throw.IfLessThan(k, 1)) / k;

    /// <summary>Computes recall at K: the hits among the first <paramref name="k"/> ranks divided by the number of positives.</summary>
    /// <param name="hits">The relevance of each rank, best first.</param>
    /// <param name="relevantCount">The user's number of positives, at least 1.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <returns>The recall, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relevantCount"/> or <paramref name="k"/> is not positive.</exception>
    public static double Recall(ReadOnlySpan<bool> hits, int relevantCount, int k)
    {
        Throw.IfLessThan(relevantCount, 1);
        return (double)CountHits(hits, Throw.IfLessThan(k, 1)) / relevantCount;
    }

    /// <summary>
    /// Computes NDCG at K: <c>DCG / IDCG</c> with <c>DCG = sum over hit ranks r &lt;= K of 1 / log2(r + 1)</c> and
    /// <c>IDCG = sum over r = 1..min(K, positives) of 1 / log2(r + 1)</c>.
    /// </summary>
    /// <param name="hits">The relevance of each rank, best first.</param>
    /// <param name="relevantCount">The user's number of positives, at least 1.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <returns>The NDCG, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relevantCount"/> or <paramref name="k"/> is not positive.</exception>
    public static double Ndcg(ReadOnlySpan<bool> hits, int relevantCount, int k)
    {
        Throw.IfLessThan(relevantCount, 1);
        Throw.IfLessThan(k, 1);
        double dcg = 0;
        int n = Math.Min(k, hits.Length);
        for (int i = 0; i < n; i++)
        {
            if (hits[i])
            {
                dcg += 1.0 / Math.Log2(i + 2);
            }
        }

        double ideal = 0;
        int m = Math.Min(k, relevantCount);
        for (int i = 0; i < m; i++)
        {
            ideal += 1.0 / Math.Log2(i + 2);
        }

        return dcg / ideal;
    }

    /// <summary>
    /// Computes average precision at K: <c>sum over hit ranks r &lt;= K of precision@r</c>, divided by
    /// <c>min(K, positives)</c> or by the number of positives, as <paramref name="normalization"/> says.
    /// </summary>
    /// <param name="hits">The relevance of each rank, best first.</param>
    /// <param name="relevantCount">The user's number of positives, at least 1.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <param name="normalization">The divisor; the default is <c>min(K, positives)</c>.</param>
    /// <returns>The average precision, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relevantCount"/> or <paramref name="k"/> is not positive, or
    /// <paramref name="normalization"/> is unknown.</exception>
    public static double AveragePrecision(ReadOnlySpan<bool> hits, int relevantCount, int k, MapNormalization normalization = MapNormalization.MinOfKAndRelevant)
    {
        Throw.IfLessThan(relevantCount, 1);
        Throw.IfLessThan(k, 1);
        double divisor = normalization switch
        {
            MapNormalization.MinOfKAndRelevant => Math.Min(k, relevantCount),
            MapNormalization.Relevant => relevantCount,
            _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "Unknown MAP normalization."),
        };
        double sum = 0;
        int found = 0;
        int n = Math.Min(k, hits.Length);
        for (int i = 0; i < n; i++)
        {
            if (hits[i])
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        return sum / divisor;
    }

    /// <summary>Computes the hit rate at K of one user: 1 when a positive is among the first <paramref name="k"/> ranks, else 0.</summary>
    /// <param name="hits">The relevance of each rank, best first.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <returns>1 or 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static double HitRate(ReadOnlySpan<bool> hits, int k) => CountHits(hits, Throw.IfLessThan(k, 1)) > 0 ? 1.0 : 0.0;

    /// <summary>Computes the reciprocal rank at K: <c>1 / r</c> for the first hit's rank <c>r &lt;= K</c>, or 0 without a hit.</summary>
    /// <param name="hits">The relevance of each rank, best first.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <returns>The reciprocal rank, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static double ReciprocalRank(ReadOnlySpan<bool> hits, int k)
    {
        int n = Math.Min(Throw.IfLessThan(k, 1), hits.Length);
        for (int i = 0; i < n; i++)
        {
            if (hits[i])
            {
                return 1.0 / (i + 1);
            }
        }

        return 0.0;
    }

    /// <summary>Computes catalogue coverage: distinct recommended items divided by the catalogue size.</summary>
    /// <param name="distinctRecommended">The number of distinct items recommended to all evaluated users, at least 0.</param>
    /// <param name="catalogSize">The number of items in the catalogue, at least 1.</param>
    /// <returns>The coverage (above 1 only when items outside the catalogue were recommended).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="distinctRecommended"/> is negative or <paramref name="catalogSize"/> is not positive.</exception>
    public static double Coverage(int distinctRecommended, int catalogSize) =>
        (double)Throw.IfLessThan(distinctRecommended, 0) / Throw.IfLessThan(catalogSize, 1);

    private static int CountHits(ReadOnlySpan<bool> hits, int k)
    {
        int count = 0;
        int n = Math.Min(k, hits.Length);
        for (int i = 0; i < n; i++)
        {
            if (hits[i])
            {
                count++;
            }
        }

        return count;
    }
}
