// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Selects each user's <c>k</c> best items without sorting the catalogue: the one top-K kernel every recommender uses,
/// either fused with inner-product scoring (<see cref="Search"/>) or over scores a recommender computed itself
/// (<see cref="Select"/>, <see cref="SelectBatch"/>).
/// </summary>
/// <remarks>
/// <para>
/// Results are sorted best first: descending score, and among equal scores ascending item index, so they are
/// deterministic and independent of the number of threads. A bounded min-heap of <c>k</c> entries per user is
/// updated only when a score beats the user's current <c>k</c>-th best, which a SIMD comparison pre-filters; the
/// work is <c>O(n)</c> per user plus <c>O(log k)</c> per accepted candidate.
/// </para>
/// <para>
/// Exclusions: <c>seen</c> lists (sorted item indices per user) remove the items a user has seen; an
/// <c>allowed</c> bitset (bit <c>j % 64</c> of word <c>j / 64</c> set when item <c>j</c> may be returned) keeps only
/// candidate items. An item whose score is NaN or negative infinity is never selected. When fewer than <c>k</c> items
/// remain, the unused slots hold index -1 and score negative infinity.
/// </para>
/// <para>All members are thread-safe: they keep no state between calls.</para>
/// </remarks>
public static class TopK
{
    /// <summary>
    /// Scores <c>b</c> users against <c>n</c> items by inner product and keeps each user's <paramref name="k"/> best:
    /// effectively sorts <c>score[u, j] = sum_t users[u, t] * items[j, t]</c> over the items <c>j</c> that are allowed
    /// and not seen by <c>u</c>, and writes the first <paramref name="k"/> to row <c>u</c> of the outputs.
    /// </summary>
    /// <param name="users">The user vectors, row-major <c>b x d</c> (<c>b</c> may be 0). Every value must be finite.</param>
    /// <param name="items">The item vectors, row-major <c>n x d</c> (<c>n</c> may be 0). They are not scanned for NaN or
    /// infinity (that would double their memory traffic): an item whose score comes out NaN or negative infinity is
    /// never selected.</param>
    /// <param name="dimensions">The dimension <c>d</c>, at least 1.</param>
    /// <param name="k">How many items to keep per user, at least 1.</param>
    /// <param name="indices">Receives the item indices, row-major <c>b x k</c>, best first; -1 in unused slots.</param>
    /// <param name="scores">Receives the scores, row-major <c>b x k</c>; negative infinity in unused slots.</param>
    /// <param name="seen">The items to exclude per user (one row per user), or <see langword="null"/> for none.</param>
    /// <param name="allowed">The allow-list bitset over the <c>n</c> items (at least <c>ceil(n / 64)</c> words), or empty
    /// to allow every item.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use, or -1 for <see cref="Environment.ProcessorCount"/>.</param>
    /// <exception cref="ArgumentException">A length does not match <c>d</c>, <c>b</c> or <paramref name="k"/>, a user value is NaN
    /// or infinite, <paramref name="seen"/> has a different number of users or an index past the items, or
    /// <paramref name="allowed"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> or <paramref name="k"/> is not positive, or
    /// <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <remarks>
    /// Users go in panels of 64 (AVX-512; 16, 8 or 2 at narrower widths) and the items in blocks of about 256 KiB, so
    /// a block is read from memory once per thread and reused from L2 for every panel. Each score is the same chain of
    /// fused multiply-adds over the dimensions in index order whatever the panel, tile or thread, so the results are
    /// identical for any <paramref name="maxDegreeOfParallelism"/>.
    /// </remarks>
    public static void Search(
        ReadOnlyMemory<float> users, ReadOnlyMemory<float> items, int dimensions, int k, Memory<int> indices, Memory<float> scores,
        TopKSeenItems? seen = null, ReadOnlyMemory<ulong> allowed = default, int maxDegreeOfParallelism = -1) =>
        SearchCore(SimdMath.Width, users, items, dimensions, k, indices, scores, seen, allowed, maxDegreeOfParallelism);

    /// <summary>
    /// Selects the <paramref name="k"/> best of one user's precomputed scores: effectively sorts the items <c>j</c> that
    /// are allowed and not in <paramref name="seen"/> by descending <c>scores[j]</c> (ties: lower index first) and writes
    /// the first <paramref name="k"/>.
    /// </summary>
    /// <param name="scores">One score per item (<c>n</c> may be 0). NaN and negative infinity are never selected.</param>
    /// <param name="k">How many items to keep, at least 1.</param>
    /// <param name="indices">Receives the item indices in its first <paramref name="k"/> slots, best first; -1 in unused slots.</param>
    /// <param name="topScores">Receives the scores in its first <paramref name="k"/> slots; negative infinity in unused slots.</param>
    /// <param name="seen">The items to exclude, strictly increasing indices below <c>n</c>; empty for none.</param>
    /// <param name="allowed">The allow-list bitset (at least <c>ceil(n / 64)</c> words), or empty to allow every item.</param>
    /// <returns>How many slots hold an item: <c>min(k, number of eligible items)</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="indices"/> or <paramref name="topScores"/> is shorter than
    /// <paramref name="k"/>, <paramref name="seen"/> is not strictly increasing within <c>[0, n)</c>, or
    /// <paramref name="allowed"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static int Select(
        ReadOnlySpan<float> scores, int k, Span<int> indices, Span<float> topScores, ReadOnlySpan<int> seen = default, ReadOnlySpan<ulong> allowed = default) =>
        SelectCore(SimdMath.Width, scores, k, indices, topScores, seen, allowed);

    /// <summary>
    /// Selects the <paramref name="k"/> best of each row of a precomputed <c>b x n</c> score matrix, on several threads:
    /// row <c>u</c> gets the result of <see cref="Select"/> on <c>scores[u, ..]</c> with user <c>u</c>'s seen items.
    /// </summary>
    /// <param name="scores">The scores, row-major <c>b x n</c>. NaN and negative infinity are never selected.</param>
    /// <param name="itemCount">The number of items <c>n</c> per row, at least 1.</param>
    /// <param name="k">How many items to keep per user, at least 1.</param>
    /// <param name="indices">Receives the item indices, row-major <c>b x k</c>, best first; -1 in unused slots.</param>
    /// <param name="topScores">Receives the scores, row-major <c>b x k</c>; negative infinity in unused slots.</param>
    /// <param name="seen">The items to exclude per user (one row per user), or <see langword="null"/> for none.</param>
    /// <param name="allowed">The allow-list bitset shared by all users, or empty to allow every item.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use, or -1 for <see cref="Environment.ProcessorCount"/>.</param>
    /// <exception cref="ArgumentException">A length does not match, <paramref name="seen"/> has a different number of users
    /// or an index past the items, or <paramref name="allowed"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="itemCount"/> or <paramref name="k"/> is not positive, or
    /// <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void SelectBatch(
        ReadOnlyMemory<float> scores, int itemCount, int k, Memory<int> indices, Memory<float> topScores,
        TopKSeenItems? seen = null, ReadOnlyMemory<ulong> allowed = default, int maxDegreeOfParallelism = -1) =>
        SelectBatchCore(SimdMath.Width, scores, itemCount, k, indices, topScores, seen, allowed, maxDegreeOfParallelism);

    /// <summary>Creates an allow-list bitset over <paramref name="itemCount"/> items with the bits of <paramref name="allowedItems"/> set.</summary>
    /// <param name="itemCount">The number of items <c>n</c>; the bitset has <c>ceil(n / 64)</c> words.</param>
    /// <param name="allowedItems">The indices of the items that may be returned, each in <c>[0, n)</c>; duplicates are fine.</param>
    /// <returns>The bitset: bit <c>j % 64</c> of word <c>j / 64</c> is set when item <c>j</c> is allowed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="allowedItems"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="itemCount"/> is negative, or an index is outside <c>[0, n)</c>.</exception>
    public static ulong[] CreateAllowList(int itemCount, IEnumerable<int> allowedItems)
    {
        Throw.IfLessThan(itemCount, 0);
        Throw.IfNull(allowedItems);
        var bits = new ulong[(itemCount + 63) / 64];
        foreach (int item in allowedItems)
        {
            if ((uint)item >= (uint)itemCount)
            {
                Throw.OutOfRange(nameof(allowedItems), item, $"holds an index outside [0, {itemCount})");
            }

            bits[item >> 6] |= 1UL << (item & 63);
        }

        return bits;
    }

    /// <summary>Runs <see cref="Search(ReadOnlyMemory{float}, ReadOnlyMemory{float}, int, int, Memory{int}, Memory{float}, TopKSeenItems?, ReadOnlyMemory{ulong}, int)"/> at a given SIMD width (tests run every width).</summary>
    internal static void SearchCore(
        SimdWidth width, ReadOnlyMemory<float> users, ReadOnlyMemory<float> items, int dimensions, int k, Memory<int> indices, Memory<float> scores,
        TopKSeenItems? seen, ReadOnlyMemory<ulong> allowed, int maxDegreeOfParallelism)
    {
        Throw.IfLessThan(dimensions, 1);
        Throw.IfLessThan(k, 1);
        if (users.Length % dimensions != 0)
        {
            Throw.Argument(nameof(users), $"The users must be a b x d matrix with d = {dimensions}; they hold {users.Length} floats.");
        }

        if (items.Length % dimensions != 0)
        {
            Throw.Argument(nameof(items), $"The items must be an n x d matrix with d = {dimensions}; they hold {items.Length} floats.");
        }

        int b = users.Length / dimensions;
        int n = items.Length / dimensions;
        ValidateOutputs(b, k, indices.Length, scores.Length, nameof(indices), nameof(scores));
        Throw.IfAnyNotFinite(users.Span, nameof(users));
        ValidateSeen(seen, b, n, nameof(seen));
        ValidateAllowed(allowed.Length, n, nameof(allowed));
        int threads = Threads(maxDegreeOfParallelism);
        TopKKernel.Search(width, users, items, dimensions, k, indices, scores, seen, allowed, threads);
    }

    /// <summary>Runs <see cref="Select(ReadOnlySpan{float}, int, Span{int}, Span{float}, ReadOnlySpan{int}, ReadOnlySpan{ulong})"/> at a given SIMD width.</summary>
    internal static int SelectCore(
        SimdWidth width, ReadOnlySpan<float> scores, int k, Span<int> indices, Span<float> topScores, ReadOnlySpan<int> seen, ReadOnlySpan<ulong> allowed)
    {
        Throw.IfLessThan(k, 1);
        if (indices.Length < k)
        {
            Throw.Argument(nameof(indices), $"The indices hold {indices.Length} slots; k = {k} are needed.");
        }

        if (topScores.Length < k)
        {
            Throw.Argument(nameof(topScores), $"The scores hold {topScores.Length} slots; k = {k} are needed.");
        }

        for (int i = 0; i < seen.Length; i++)
        {
            if ((uint)seen[i] >= (uint)scores.Length || (i > 0 && seen[i] <= seen[i - 1]))
            {
                Throw.Argument(nameof(seen), $"The seen items must be strictly increasing indices in [0, {scores.Length}); position {i} holds {seen[i]}.");
            }
        }

        ValidateAllowed(allowed.Length, scores.Length, nameof(allowed));
        return SelectAt(width, scores, k, indices, topScores, seen, allowed);
    }

    /// <summary>Runs <see cref="SelectBatch(ReadOnlyMemory{float}, int, int, Memory{int}, Memory{float}, TopKSeenItems?, ReadOnlyMemory{ulong}, int)"/> at a given SIMD width.</summary>
    internal static void SelectBatchCore(
        SimdWidth width, ReadOnlyMemory<float> scores, int itemCount, int k, Memory<int> indices, Memory<float> topScores,
        TopKSeenItems? seen, ReadOnlyMemory<ulong> allowed, int maxDegreeOfParallelism)
    {
        Throw.IfLessThan(itemCount, 1);
        Throw.IfLessThan(k, 1);
        if (scores.Length % itemCount != 0)
        {
            Throw.Argument(nameof(scores), $"The scores must be a b x n matrix with n = {itemCount}; they hold {scores.Length} floats.");
        }

        int b = scores.Length / itemCount;
        ValidateOutputs(b, k, indices.Length, topScores.Length, nameof(indices), nameof(topScores));
        ValidateSeen(seen, b, itemCount, nameof(seen));
        ValidateAllowed(allowed.Length, itemCount, nameof(allowed));
        int threads = Math.Max(1, Math.Min(Threads(maxDegreeOfParallelism), b));
        if (b == 0)
        {
            return;
        }

        void Rows(int thread)
        {
            int first = (int)((long)b * thread / threads);
            int end = (int)((long)b * (thread + 1) / threads);
            ReadOnlySpan<float> all = scores.Span;
            Span<int> outIndices = indices.Span;
            Span<float> outScores = topScores.Span;
            for (int u = first; u < end; u++)
            {
                SelectAt(
                    width, all.Slice(u * itemCount, itemCount), k, outIndices.Slice(u * k, k), outScores.Slice(u * k, k),
                    seen is null ? default : seen[u], allowed.Span);
            }
        }

        if (threads == 1)
        {
            Rows(0);
        }
        else
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, Rows);
        }
    }

    private static int SelectAt(
        SimdWidth width, ReadOnlySpan<float> scores, int k, Span<int> indices, Span<float> topScores, ReadOnlySpan<int> seen, ReadOnlySpan<ulong> allowed) =>
        width switch
        {
            SimdWidth.Vector512 => TopKKernel.Select<Vec512>(scores, k, indices, topScores, seen, allowed),
            SimdWidth.Vector256 => TopKKernel.Select<Vec256>(scores, k, indices, topScores, seen, allowed),
            SimdWidth.Vector128 => TopKKernel.Select<Vec128>(scores, k, indices, topScores, seen, allowed),
            _ => TopKKernel.Select<Vec1>(scores, k, indices, topScores, seen, allowed),
        };

    private static int Threads(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            Throw.OutOfRange(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "must be -1 (all processors) or at least 1");
        }

        return maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
    }

    private static void ValidateOutputs(int b, int k, int indicesLength, int scoresLength, string indicesName, string scoresName)
    {
        long needed = (long)b * k;
        if (indicesLength != needed)
        {
            Throw.Argument(indicesName, $"The indices need b x k = {needed} slots; they hold {indicesLength}.");
        }

        if (scoresLength != needed)
        {
            Throw.Argument(scoresName, $"The scores need b x k = {needed} slots; they hold {scoresLength}.");
        }
    }

    private static void ValidateSeen(TopKSeenItems? seen, int b, int n, string paramName)
    {
        if (seen is null)
        {
            return;
        }

        if (seen.Count != b)
        {
            Throw.Argument(paramName, $"The seen items have {seen.Count} rows; there are {b} users.");
        }

        if (seen.MaxIndex >= n)
        {
            Throw.Argument(paramName, $"The seen items include index {seen.MaxIndex}; there are {n} items.");
        }
    }

    private static void ValidateAllowed(int words, int n, string paramName)
    {
        if (words != 0 && words < (n + 63) / 64)
        {
            Throw.Argument(paramName, $"The allow-list holds {words} words; {n} items need {(n + 63) / 64}.");
        }
    }
}
