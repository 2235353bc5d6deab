// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// The dense linear algebra behind <see cref="EaseRecommender"/>: the closed form <c>B = I - P diag(1/diag(P))</c>,
/// <c>P = G^-1</c>, of a symmetric positive definite <c>m x m</c> matrix <c>G</c>, through a Cholesky factorisation in
/// double precision.
/// </summary>
/// <remarks>
/// <para>Cholesky (<c>m^3/6</c> multiply-adds): left-looking by blocks of 64 columns; every entry is one dot product of two
/// contiguous row prefixes, and the rows below a block run in parallel. The inverse (<c>m^3/3</c>): for each block of 64
/// columns of the identity, a forward solve <c>L Y = E</c> and a backward solve <c>L^T X = Y</c>, each column kept as a
/// contiguous vector so that the inner loops are dot products and AXPYs of rows of <c>L</c>; blocks run in parallel.
/// Only the lower half of <c>P</c> is computed (into the free upper triangle of the input), as <c>P</c> is symmetric.</para>
/// <para>Memory: the input's <c>8 m^2</c> bytes are reused for <c>L</c> and <c>P</c>; the result adds <c>4 m^2</c>.</para>
/// </remarks>
internal static class EaseSolver
{
    private const int Block = 64;

    /// <summary>Returns <c>B</c> (row-major <c>m x m</c> floats, zero diagonal) from <paramref name="gram"/> (row-major, symmetric,
    /// positive definite), which is overwritten.</summary>
    /// <exception cref="InvalidOperationException">The matrix is not positive definite.</exception>
    public static float[] Solve(double[] gram, int m, int threads, CancellationToken cancellationToken)
    {
        CholeskyInPlace(gram, m, threads, cancellationToken);
        var diagonal = new double[m];
        for (int i = 0; i < m; i++)
        {
            diagonal[i] = gram[((long)i * m) + i];
        }

        InvertLowerHalfIntoUpper(gram, diagonal, m, threads, cancellationToken);

        // B_ij = -P_ij / P_jj (i != j), B_jj = 0; P_ij = P_ji lives at row min(i, j), column max(i, j).
        var b = new float[(long)m * m];
        Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            long row = (long)i * m;
            for (int j = 0; j < m; j++)
            {
                double p = i <= j ? gram[row + j] : gram[((long)j * m) + i];
                b[row + j] = i == j ? 0f : (float)(-p / gram[((long)j * m) + j]);
            }
        });
        return b;
    }

    /// <summary>Overwrites the lower triangle (with the diagonal) of <paramref name="a"/> with <c>L</c>, <c>A = L L^T</c>.</summary>
    internal static void CholeskyInPlace(double[] a, int m, int threads, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        for (int j0 = 0; j0 < m; j0 += Block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int j1 = Math.Min(j0 + Block, m);
            for (int i = j0; i < j1; i++)
            {
                Span<double> rowI = a.AsSpan((int)((long)i * m), m);
                for (int j = j0; j < i; j++)
                {
                    ReadOnlySpan<double> rowJ = a.AsSpan((int)((long)j * m), m);
                    rowI[j] = (rowI[j] - TensorPrimitives.Dot(rowI[..j], rowJ[..j])) / rowJ[j];
                }

                double d = rowI[i] - TensorPrimitives.Dot(rowI[..i], rowI[..i]);
                if (!(d > 0) || !double.IsFinite(d))
                {
                    throw new InvalidOperationException($"The Gram matrix is not positive definite (pivot {i} is {d}); raise the regularisation.");
                }

                rowI[i] = Math.Sqrt(d);
            }

            if (j1 < m)
            {
                Parallel.For(j1, m, parallel, i =>
                {
                    Span<double> rowI = a.AsSpan((int)((long)i * m), m);
                    for (int j = j0; j < j1; j++)
                    {
                        ReadOnlySpan<double> rowJ = a.AsSpan((int)((long)j * m), m);
                        rowI[j] = (rowI[j] - TensorPrimitives.Dot(rowI[..j], rowJ[..j])) / rowJ[j];
                    }
                });
            }
        }
    }

    /// <summary>Computes <c>P = (L L^T)^-1</c> for <c>i &gt;= j</c> and stores <c>P_ij</c> at row <c>j</c>, column <c>i</c>
    /// (the upper triangle with the diagonal), reading <c>L</c> from the strict lower triangle and <paramref name="diagonal"/>.</summary>
    internal static void InvertLowerHalfIntoUpper(double[] a, double[] diagonal, int m, int threads, CancellationToken cancellationToken)
    {
        int blocks = (m + Block - 1) / Block;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, blocks, parallel, () => new double[(long)Block * m], (block, _, scratch) =>
        {
            int c0 = block * Block;
            int w = Math.Min(Block, m - c0);
            int len = m - c0;

            // Column t of the block (identity column j = c0 + t) is y[t * len .. (t + 1) * len), indexed by row - c0.
            Span<double> y = scratch.AsSpan(0, w * len);
            y.Clear();

            // Forward: L y = e_j; y_i = 0 for i < j, y_j = 1 / L_jj, y_i = -(L_i[j..i) . y[j..i)) / L_ii.
            for (int i = c0; i < m; i++)
            {
                ReadOnlySpan<double> rowI = a.AsSpan((int)((long)i * m), m);
                int tMax = Math.Min(w - 1, i - c0);
                for (int t = 0; t <= tMax; t++)
                {
                    int j = c0 + t;
                    Span<double> column = y.Slice(t * len, len);
                    double s = i == j ? 1d : -TensorPrimitives.Dot(rowI[j..i], column[(j - c0)..(i - c0)]);
                    column[i - c0] = s / diagonal[i];
                }
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Backward: L^T x = y, column-oriented from the bottom: x_k = y_k / L_kk, then y_i -= L_ki x_k for j <= i < k.
            for (int k = m - 1; k >= c0; k--)
            {
                ReadOnlySpan<double> rowK = a.AsSpan((int)((long)k * m), m);
                int tMax = Math.Min(w - 1, k - c0);
                for (int t = 0; t <= tMax; t++)
                {
                    int j = c0 + t;
                    Span<double> column = y.Slice(t * len, len);
                    double x = column[k - c0] / diagonal[k];
                    column[k - c0] = x;
                    if (k > j)
                    {
                        Span<double> head = column[(j - c0)..(k - c0)];
                        TensorPrimitives.MultiplyAdd(rowK[j..k], -x, head, head);
                    }
                }
            }

            // P_ij for i >= j goes to row j, columns j..m-1 (the upper triangle, which the solves never read).
            for (int t = 0; t < w; t++)
            {
                int j = c0 + t;
                y.Slice((t * len) + t, len - t).CopyTo(a.AsSpan((int)(((long)j * m) + j), m - j));
            }

            return scratch;
        },
        static _ => { });
    }
}
