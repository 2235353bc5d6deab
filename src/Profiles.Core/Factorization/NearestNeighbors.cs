// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// Finds, for every query row, the <c>k</c> most cosine-similar rows of a dense row-major matrix by exact (brute-force)
/// search: persons to persons or items to items from their factors.
/// </summary>
/// <remarks>
/// <para>
/// Rows are normalized once (a zero row has similarity 0 with everything); the normalized rows are stored transposed in
/// panels of 256 (zero-padded), and tiles of 64 queries are multiplied with each panel by a register-blocked SIMD product
/// (<c>SmallGemm</c>), so the dot products run at GEMM speed. Each query keeps a bounded heap of its best <c>k</c>
/// candidates; candidates are visited by increasing index and one with a similarity equal to the worst kept is not taken,
/// so ties are broken by the lower index, as in a stable sort.
/// </para>
/// <para>
/// Query tiles run in parallel. Every similarity is accumulated over the dimensions in index order by the same vector
/// lane arithmetic wherever the pair falls in a tile, so results are identical for any thread count. Instances are
/// immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class NearestNeighbors
{
    private const int QueryTile = 64;
    private const int RowTile = 256;

    private readonly NearestNeighborsOptions _options;

    /// <summary>Initializes a new instance of the <see cref="NearestNeighbors"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public NearestNeighbors(NearestNeighborsOptions? options = null)
    {
        _options = (options ?? new NearestNeighborsOptions()).Clone();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public NearestNeighborsOptions Options => _options.Clone();

    /// <summary>Finds the neighbours of every row among all rows (itself excluded when <see cref="NearestNeighborsOptions.ExcludeSelf"/>).</summary>
    /// <param name="vectors">The rows, row-major <c>n x dimensions</c>; finite.</param>
    /// <param name="dimensions">The number of columns.</param>
    /// <param name="cancellationToken">Cancels between query tiles.</param>
    /// <returns>The neighbours of each of the <c>n</c> rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is below 1.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="vectors"/> is not a whole number of rows or holds NaN or infinity, or rows x k exceeds the largest array.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public NeighborList Search(ReadOnlyMemory<float> vectors, int dimensions, CancellationToken cancellationToken = default)
    {
        int rows = CheckMatrix(vectors.Span, dimensions, nameof(vectors));
        float[] normalized = Normalize(vectors.Span, rows, dimensions);
        return Run(normalized, rows, normalized, rows, dimensions, _options.ExcludeSelf, cancellationToken);
    }

    /// <summary>Finds the neighbours of every query row among the rows of <paramref name="vectors"/>.</summary>
    /// <param name="queries">The queries, row-major <c>q x dimensions</c>; finite.</param>
    /// <param name="vectors">The rows searched, row-major <c>n x dimensions</c>; finite.</param>
    /// <param name="dimensions">The number of columns of both.</param>
    /// <param name="cancellationToken">Cancels between query tiles.</param>
    /// <returns>The neighbours of each of the <c>q</c> queries (no row is excluded).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is below 1.</exception>
    /// <exception cref="ArgumentException">
    /// A matrix is not a whole number of rows or holds NaN or infinity, or queries x k exceeds the largest array.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public NeighborList Query(ReadOnlyMemory<float> queries, ReadOnlyMemory<float> vectors, int dimensions, CancellationToken cancellationToken = default)
    {
        int q = CheckMatrix(queries.Span, dimensions, nameof(queries));
        int rows = CheckMatrix(vectors.Span, dimensions, nameof(vectors));
        return Run(Normalize(queries.Span, q, dimensions), q, Normalize(vectors.Span, rows, dimensions), rows, dimensions, excludeSelf: false, cancellationToken);
    }

    private static int CheckMatrix(ReadOnlySpan<float> values, int dimensions, string paramName)
    {
        _ = Throw.IfLessThan(dimensions, 1);
        if (values.Length % dimensions != 0)
        {
            Throw.Argument(paramName, $"The matrix ({values.Length} floats) is not a whole number of rows of {dimensions}.");
        }

        Throw.IfAnyNotFinite(values, paramName);
        return values.Length / dimensions;
    }

    private static float[] Normalize(ReadOnlySpan<float> values, int rows, int d)
    {
        var result = new float[values.Length];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = values.Slice(i * d, d);
            double sum = 0;
            foreach (float x in row)
            {
                sum += (double)x * x;
            }

            if (sum > 0)
            {
                float scale = (float)(1 / Math.Sqrt(sum));
                Span<float> target = result.AsSpan(i * d, d);
                for (int j = 0; j < d; j++)
                {
                    target[j] = row[j] * scale;
                }
            }
        }

        return result;
    }

    private NeighborList Run(float[] queries, int q, float[] rows, int n, int d, bool excludeSelf, CancellationToken cancellationToken)
    {
        int k = Math.Max(0, Math.Min(_options.Neighbors, n - (excludeSelf ? 1 : 0)));
        if ((long)q * k > Array.MaxLength)
        {
            Throw.Argument(excludeSelf ? "vectors" : "queries", $"{q} queries x {k} neighbours exceed the largest array.");
        }

        var indices = new int[q * k];
        var similarities = new float[q * k];
        if (k == 0 || q == 0)
        {
            return new NeighborList(q, k, indices, similarities);
        }

        // Panels: tile t holds rows [256 t, 256 t + 256) transposed, d x 256, zero-padded.
        int tiles = (n + RowTile - 1) / RowTile;
        var panels = new float[(long)tiles * d * RowTile];
        for (int i = 0; i < n; i++)
        {
            int tile = i / RowTile;
            int column = i % RowTile;
            long offset = ((long)tile * d * RowTile) + column;
            for (int j = 0; j < d; j++)
            {
                panels[offset + ((long)j * RowTile)] = rows[(i * d) + j];
            }
        }

        int[] bounds = RowChunks.Even(q, QueryTile);
        int threads = RowChunks.Threads(_options.MaxDegreeOfParallelism, bounds.Length - 1);
        RowChunks.Run(bounds, threads, (chunk, first, end) =>
        {
            int count = end - first;
            float[] scores = ArrayPool<float>.Shared.Rent(QueryTile * RowTile);
            float[] heapScores = ArrayPool<float>.Shared.Rent(QueryTile * k);
            int[] heapIndices = ArrayPool<int>.Shared.Rent(QueryTile * k);
            int[] sizes = ArrayPool<int>.Shared.Rent(QueryTile);
            Array.Clear(sizes, 0, count);
            for (int tile = 0; tile < tiles; tile++)
            {
                int start = tile * RowTile;
                int width = Math.Min(RowTile, n - start);
                DenseMath.Gemm(
                    ref queries[first * d], (nuint)d, count,
                    ref panels[(long)tile * d * RowTile], RowTile, d, RowTile,
                    ref scores[0], RowTile);
                for (int r = 0; r < count; r++)
                {
                    int self = excludeSelf ? first + r : -1;
                    Span<float> hs = heapScores.AsSpan(r * k, k);
                    Span<int> hi = heapIndices.AsSpan(r * k, k);
                    ReadOnlySpan<float> row = scores.AsSpan(r * RowTile, width);
                    sizes[r] = Select(row, start, self, hs, hi, sizes[r], k);
                }
            }

            for (int r = 0; r < count; r++)
            {
                Span<float> hs = heapScores.AsSpan(r * k, k);
                Span<int> hi = heapIndices.AsSpan(r * k, k);
                Span<int> outIndices = indices.AsSpan((first + r) * k, k);
                Span<float> outScores = similarities.AsSpan((first + r) * k, k);

                // Pop the worst first and fill from the back.
                for (int size = k; size > 0; size--)
                {
                    outScores[size - 1] = hs[0];
                    outIndices[size - 1] = hi[0];
                    float lastScore = hs[size - 1];
                    int lastIndex = hi[size - 1];
                    SiftDown(hs[..(size - 1)], hi[..(size - 1)], size - 1, lastScore, lastIndex);
                }
            }

            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<float>.Shared.Return(heapScores);
            ArrayPool<int>.Shared.Return(heapIndices);
            ArrayPool<int>.Shared.Return(sizes);
        }, cancellationToken);

        return new NeighborList(q, k, indices, similarities);
    }

    /// <summary>
    /// Offers the scores of one tile, rows <c>start + c</c>, to a query's heap of <paramref name="size"/> entries and returns
    /// the new size. While the heap is full only scores above its worst can enter, so the scores are compared with that
    /// threshold a vector at a time and only the lanes above it are looked at.
    /// </summary>
    private static int Select(ReadOnlySpan<float> row, int start, int self, Span<float> hs, Span<int> hi, int size, int k)
    {
        int c = 0;
        while (size < k && c < row.Length)
        {
            if (start + c != self)
            {
                SiftUp(hs, hi, size, row[c], start + c);
                size++;
            }

            c++;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (; c + Vector512<float>.Count <= row.Length; c += Vector512<float>.Count)
            {
                ulong mask = Vector512.GreaterThan(Vector512.Create(row.Slice(c, Vector512<float>.Count)), Vector512.Create(hs[0])).ExtractMostSignificantBits();
                for (; mask != 0; mask &= mask - 1)
                {
                    Offer(row, c + BitOperations.TrailingZeroCount(mask), start, self, hs, hi, k);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; c + Vector256<float>.Count <= row.Length; c += Vector256<float>.Count)
            {
                uint mask = Vector256.GreaterThan(Vector256.Create(row.Slice(c, Vector256<float>.Count)), Vector256.Create(hs[0])).ExtractMostSignificantBits();
                for (; mask != 0; mask &= mask - 1)
                {
                    Offer(row, c + BitOperations.TrailingZeroCount(mask), start, self, hs, hi, k);
                }
            }
        }

        for (; c < row.Length; c++)
        {
            Offer(row, c, start, self, hs, hi, k);
        }

        return size;
    }

    /// <summary>Puts score <paramref name="c"/> of the tile into the full heap when it beats the worst kept (and is not the query itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer(ReadOnlySpan<float> row, int c, int start, int self, Span<float> hs, Span<int> hi, int k)
    {
        float s = row[c];
        if (s > hs[0] && start + c != self)
        {
            SiftDown(hs, hi, k, s, start + c);
        }
    }

    /// <summary>True when (a, ai) ranks below (b, bi): lower similarity, or equal similarity and higher index.</summary>
    private static bool Worse(float a, int ai, float b, int bi) => a < b || (a == b && ai > bi);

    /// <summary>Inserts (s, index) into the min-heap (worst at the root) of <paramref name="size"/> entries.</summary>
    private static void SiftUp(Span<float> scores, Span<int> indices, int size, float s, int index)
    {
        int i = size;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(s, index, scores[parent], indices[parent]))
            {
                break;
            }

            scores[i] = scores[parent];
            indices[i] = indices[parent];
            i = parent;
        }

        scores[i] = s;
        indices[i] = index;
    }

    /// <summary>Replaces the root of the min-heap of <paramref name="size"/> entries with (s, index) and restores the order.</summary>
    private static void SiftDown(Span<float> scores, Span<int> indices, int size, float s, int index)
    {
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= size)
            {
                break;
            }

            if (child + 1 < size && Worse(scores[child + 1], indices[child + 1], scores[child], indices[child]))
            {
                child++;
            }

            if (!Worse(scores[child], indices[child], s, index))
            {
                break;
            }

            scores[i] = scores[child];
            indices[i] = indices[child];
            i = child;
        }

        if (size > 0)
        {
            scores[i] = s;
            indices[i] = index;
        }
    }
}
