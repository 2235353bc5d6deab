// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// The dense linear algebra of the factorizations: Gram matrices, Cholesky factorization and solves, CholeskyQR
/// orthonormalization and products with small matrices. Matrices are row-major.
/// </summary>
internal static class DenseMath
{
    /// <summary>Rows per block of a Gram product: partial sums are float over this many rows, then added in double.</summary>
    private const int GramBlock = 64;

    /// <summary>A fixed number of stripes of rows whose Gram partials are summed in order, whatever the thread count.</summary>
    private const int GramStripes = 16;

    /// <summary>Computes <c>output = a * b</c> (a: rows x depth, b: depth x cols) on the widest SIMD path.</summary>
    public static void Gemm(ref float a, nuint lda, int rows, ref float b, nuint ldb, int depth, int cols, ref float output, nuint ldo)
    {
        switch (SimdMath.Width)
        {
            case SimdWidth.Vector512: SmallGemm.Multiply<Vec512>(ref a, lda, rows, ref b, ldb, depth, cols, ref output, ldo); break;
            case SimdWidth.Vector256: SmallGemm.Multiply<Vec256>(ref a, lda, rows, ref b, ldb, depth, cols, ref output, ldo); break;
            case SimdWidth.Vector128: SmallGemm.Multiply<Vec128>(ref a, lda, rows, ref b, ldb, depth, cols, ref output, ldo); break;
            default: SmallGemm.Multiply<Vec1>(ref a, lda, rows, ref b, ldb, depth, cols, ref output, ldo); break;
        }
    }

    /// <summary>
    /// Computes the cross Gram matrix <c>g = xᵀ y</c> (<c>xCols x yCols</c>, double) of two row-major matrices with the same
    /// number of rows: float products over blocks of 64 rows, summed in double in a fixed order (the same for any thread count).
    /// </summary>
    public static void CrossGram(ReadOnlySpan<float> x, int xCols, ReadOnlySpan<float> y, int yCols, int rows, Span<double> g, int threads, CancellationToken cancellationToken)
    {
        int stripes = Math.Max(1, Math.Min(GramStripes, (rows + GramBlock - 1) / GramBlock));
        int perStripe = (((rows + stripes - 1) / stripes) + GramBlock - 1) / GramBlock * GramBlock;
        int[] bounds = RowChunks.Even(rows, Math.Max(GramBlock, perStripe));
        int size = xCols * yCols;
        double[] partials = new double[(bounds.Length - 1) * size];
        threads = RowChunks.Threads(threads, bounds.Length - 1);
        unsafe
        {
            fixed (float* xp = x)
            fixed (float* yp = y)
            {
                nint xa = (nint)xp, ya = (nint)yp;
                RowChunks.Run(bounds, threads, (stripe, first, end) =>
                {
                    float[] xt = new float[xCols * GramBlock];
                    float[] block = new float[size];
                    Span<double> sum = partials.AsSpan(stripe * size, size);
                    for (int r = first; r < end; r += GramBlock)
                    {
                        int n = Math.Min(GramBlock, end - r);
                        var xs = new ReadOnlySpan<float>((float*)xa + ((long)r * xCols), n * xCols);
                        for (int i = 0; i < n; i++)
                        {
                            for (int c = 0; c < xCols; c++)
                            {
                                xt[(c * GramBlock) + i] = xs[(i * xCols) + c];
                            }
                        }

                        ref float yb = ref Unsafe.AsRef<float>((float*)ya + ((long)r * yCols));
                        Gemm(ref xt[0], GramBlock, xCols, ref yb, (nuint)yCols, n, yCols, ref block[0], (nuint)yCols);
                        for (int e = 0; e < size; e++)
                        {
                            sum[e] += block[e];
                        }
                    }
                }, cancellationToken);
            }
        }

        g[..size].Clear();
        for (int s = 0; s < bounds.Length - 1; s++)
        {
            ReadOnlySpan<double> part = partials.AsSpan(s * size, size);
            for (int e = 0; e < size; e++)
            {
                g[e] += part[e];
            }
        }
    }

    /// <summary>Computes the Gram matrix <c>g = yᵀ y</c> (<c>cols x cols</c>, double, exactly symmetric).</summary>
    public static void Gram(ReadOnlySpan<float> y, int cols, int rows, Span<double> g, int threads, CancellationToken cancellationToken)
    {
        CrossGram(y, cols, y, cols, rows, g, threads, cancellationToken);
        for (int i = 0; i < cols; i++)
        {
            for (int j = i + 1; j < cols; j++)
            {
                double mean = 0.5 * (g[(i * cols) + j] + g[(j * cols) + i]);
                g[(i * cols) + j] = mean;
                g[(j * cols) + i] = mean;
            }
        }
    }

    /// <summary>
    /// Factors the symmetric positive definite <paramref name="a"/> (n x n) as <c>L Lᵀ</c> in place (the lower triangle
    /// receives <c>L</c>, the strict upper triangle is zeroed). Returns false when a pivot is not above
    /// <paramref name="relativePivot"/> times its diagonal entry (1e-13 by default: below that the factor is rounding noise).
    /// </summary>
    public static bool Cholesky(Span<double> a, int n, double relativePivot = 1e-13)
    {
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[(j * n) + j];
            double d = diagonal;
            for (int k = 0; k < j; k++)
            {
                d -= a[(j * n) + k] * a[(j * n) + k];
            }

            if (!(d > relativePivot * diagonal) || !(d > 0) || !double.IsFinite(d))
            {
                return false;
            }

            double ljj = Math.Sqrt(d);
            a[(j * n) + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = s / ljj;
            }

            for (int i = 0; i < j; i++)
            {
                a[(i * n) + j] = 0;
            }
        }

        return true;
    }

    /// <summary>Solves <c>L Lᵀ x = b</c> in place in <paramref name="b"/>, given the factor from <see cref="Cholesky"/>.</summary>
    public static void CholeskySolve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= l[(i * n) + k] * b[k];
            }

            b[i] = s / l[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++)
            {
                s -= l[(k * n) + i] * b[k];
            }

            b[i] = s / l[(i * n) + i];
        }
    }

    /// <summary>
    /// Orthonormalizes the columns of <paramref name="y"/> (rows x cols, row-major) in place by CholeskyQR: <c>G = yᵀy</c>
    /// (double), <c>G = RᵀR</c>, <c>y = y R⁻¹</c>. A pass is repeated while <c>max |G - I| &gt; 1e-5</c>, at most
    /// <paramref name="maxPasses"/> times (two passes are CholeskyQR2). When the Cholesky factorization breaks down
    /// (rank-deficient or very ill-conditioned columns) the pass is shifted, <c>G + s I</c>, as in shifted CholeskyQR3
    /// (Fukaya et al. 2020), and the following passes restore orthonormality. Returns the number of passes applied.
    /// </summary>
    public static int Orthonormalize(Span<float> y, int rows, int cols, int maxPasses, ulong seed, int threads, CancellationToken cancellationToken)
    {
        var g = new double[cols * cols];
        int passes = 0;
        for (; passes < maxPasses; passes++)
        {
            Gram(y, cols, rows, g, threads, cancellationToken);
            double trace = 0;
            double deviation = 0;
            for (int i = 0; i < cols; i++)
            {
                trace += g[(i * cols) + i];
                for (int j = 0; j < cols; j++)
                {
                    deviation = Math.Max(deviation, Math.Abs(g[(i * cols) + j] - (i == j ? 1 : 0)));
                }
            }

            if (deviation <= 1e-5)
            {
                break;
            }

            if (!(trace > 0))
            {
                // All columns are zero (for example A is zero): restart from seeded noise, which any later pass orthonormalizes.
                var random = new FactorRandom(seed, 0x0A7);
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = (float)random.NextGaussian();
                }

                continue;
            }

            var factor = new double[g.Length];
            double shift = 0;
            while (true)
            {
                g.CopyTo(factor.AsSpan());
                for (int i = 0; i < cols; i++)
                {
                    factor[(i * cols) + i] += shift;
                }

                // Pivots below 1e-10 of their diagonal are float noise of the Gram matrix: shift instead, so that
                // no column is amplified by more than about 1e5.
                if (Cholesky(factor, cols, 1e-10))
                {
                    break;
                }

                shift = shift == 0 ? 1e-6 * trace : shift * 10;
            }

            ApplyInverseUpper(y, rows, cols, factor, threads, cancellationToken);
        }

        return passes;
    }

    /// <summary>Computes <c>y = y (Lᵀ)⁻¹</c> in place, given the Cholesky factor <c>L</c> (cols x cols).</summary>
    private static void ApplyInverseUpper(Span<float> y, int rows, int cols, ReadOnlySpan<double> l, int threads, CancellationToken cancellationToken)
    {
        // M = (Lᵀ)⁻¹ is upper triangular: solve Lᵀ M = I column by column (back substitution).
        var m = new float[cols * cols];
        var column = new double[cols];
        for (int c = 0; c < cols; c++)
        {
            column.AsSpan().Clear();
            for (int i = c; i >= 0; i--)
            {
                double s = i == c ? 1.0 : 0.0;
                for (int k = i + 1; k <= c; k++)
                {
                    s -= l[(k * cols) + i] * column[k];
                }

                column[i] = s / l[(i * cols) + i];
            }

            for (int i = 0; i <= c; i++)
            {
                m[(i * cols) + c] = (float)column[i];
            }
        }

        MultiplyInPlace(y, rows, cols, m, cols, threads, cancellationToken);
    }

    /// <summary>Computes <c>destination = y * m</c> (y: rows x cols, m: cols x outCols) in parallel row blocks.</summary>
    public static void Multiply(ReadOnlySpan<float> y, int rows, int cols, ReadOnlySpan<float> m, int outCols, Span<float> destination, int threads, CancellationToken cancellationToken)
    {
        int[] bounds = RowChunks.Even(rows, 256);
        unsafe
        {
            fixed (float* yp = y)
            fixed (float* mp = m)
            fixed (float* dp = destination)
            {
                nint ya = (nint)yp, ma = (nint)mp, da = (nint)dp;
                RowChunks.Run(bounds, RowChunks.Threads(threads, bounds.Length - 1), (_, first, end) =>
                    Gemm(
                        ref Unsafe.AsRef<float>((float*)ya + ((long)first * cols)), (nuint)cols, end - first,
                        ref Unsafe.AsRef<float>((float*)ma), (nuint)outCols, cols, outCols,
                        ref Unsafe.AsRef<float>((float*)da + ((long)first * outCols)), (nuint)outCols), cancellationToken);
            }
        }
    }

    /// <summary>Computes <c>y = y * m</c> in place (m: cols x cols), block by block through a scratch copy.</summary>
    public static void MultiplyInPlace(Span<float> y, int rows, int cols, ReadOnlySpan<float> m, int outCols, int threads, CancellationToken cancellationToken)
    {
        const int Block = 64;
        int[] bounds = RowChunks.Even(rows, Block * 4);
        unsafe
        {
            fixed (float* yp = y)
            fixed (float* mp = m)
            {
                nint ya = (nint)yp, ma = (nint)mp;
                RowChunks.Run(bounds, RowChunks.Threads(threads, bounds.Length - 1), (_, first, end) =>
                {
                    float[] scratch = ArrayPool<float>.Shared.Rent(Block * cols);
                    for (int r = first; r < end; r += Block)
                    {
                        int n = Math.Min(Block, end - r);
                        var rowsSpan = new Span<float>((float*)ya + ((long)r * cols), n * cols);
                        rowsSpan.CopyTo(scratch);
                        Gemm(ref scratch[0], (nuint)cols, n, ref Unsafe.AsRef<float>((float*)ma), (nuint)outCols, cols, outCols, ref MemoryMarshal.GetReference(rowsSpan), (nuint)outCols);
                    }

                    ArrayPool<float>.Shared.Return(scratch);
                }, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Computes the singular value decomposition <c>a = U diag(s) Vᵀ</c> of the square matrix <paramref name="a"/>
    /// (n x n, row-major, double) by one-sided Jacobi (Hestenes) rotations: columns of <c>W = a V</c> are rotated in
    /// pairs until all are orthogonal to within 1e-15 relative, then <c>s_j = ||w_j||</c> and <c>u_j = w_j / s_j</c>.
    /// Singular values come out descending; columns of U for singular values below <c>1e-13 s_max</c> are completed to an
    /// orthonormal basis. <paramref name="u"/> and <paramref name="v"/> receive n x n row-major matrices.
    /// </summary>
    /// <returns>The number of sweeps.</returns>
    public static int JacobiSvd(ReadOnlySpan<double> a, int n, Span<double> u, Span<double> s, Span<double> v)
    {
        // Work on columns as contiguous rows: wt[j] is column j of W, vt[j] is column j of V.
        var wt = new double[n * n];
        var vt = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            vt[(i * n) + i] = 1;
            for (int j = 0; j < n; j++)
            {
                wt[(j * n) + i] = a[(i * n) + j];
            }
        }

        int sweep = 0;
        for (; sweep < 60; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                Span<double> wp = wt.AsSpan(p * n, n);
                for (int q = p + 1; q < n; q++)
                {
                    Span<double> wq = wt.AsSpan(q * n, n);
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < n; i++)
                    {
                        alpha += wp[i] * wp[i];
                        beta += wq[i] * wq[i];
                        gamma += wp[i] * wq[i];
                    }

                    if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
                    double c = 1 / Math.Sqrt(1 + (t * t));
                    double sn = c * t;
                    Rotate(wp, wq, c, sn);
                    Rotate(vt.AsSpan(p * n, n), vt.AsSpan(q * n, n), c, sn);
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        var norms = new double[n];
        var order = new int[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            foreach (double w in wt.AsSpan(j * n, n))
            {
                sum += w * w;
            }

            norms[j] = Math.Sqrt(sum);
            order[j] = j;
        }

        // Descending by value, ties by index: deterministic.
        Array.Sort(order, (x, y) => norms[y] != norms[x] ? norms[y].CompareTo(norms[x]) : x.CompareTo(y));
        double max = n > 0 ? norms[order[0]] : 0;
        var ut = new double[n * n];
        var defined = new bool[n];
        for (int k = 0; k < n; k++)
        {
            int j = order[k];
            s[k] = norms[j];
            if (norms[j] > 1e-13 * max && norms[j] > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    ut[(k * n) + i] = wt[(j * n) + i] / norms[j];
                }

                defined[k] = true;
            }

            for (int i = 0; i < n; i++)
            {
                v[(i * n) + k] = vt[(j * n) + i];
            }
        }

        CompleteBasis(ut, n, defined);
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                u[(i * n) + k] = ut[(k * n) + i];
            }
        }

        return sweep + 1;
    }

    /// <summary>Fills the rows of <paramref name="basis"/> not marked <paramref name="defined"/> with unit vectors orthogonalized against the others.</summary>
    private static void CompleteBasis(double[] basis, int n, bool[] defined)
    {
        int candidate = 0;
        for (int k = 0; k < n; k++)
        {
            if (defined[k])
            {
                continue;
            }

            Span<double> row = basis.AsSpan(k * n, n);
            while (true)
            {
                row.Clear();
                row[candidate++ % n] = 1;
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int other = 0; other < n; other++)
                    {
                        if (other == k || !defined[other])
                        {
                            continue;
                        }

                        ReadOnlySpan<double> o = basis.AsSpan(other * n, n);
                        double dot = 0;
                        for (int i = 0; i < n; i++)
                        {
                            dot += row[i] * o[i];
                        }

                        for (int i = 0; i < n; i++)
                        {
                            row[i] -= dot * o[i];
                        }
                    }
                }

                double norm = 0;
                foreach (double x in row)
                {
                    norm += x * x;
                }

                norm = Math.Sqrt(norm);
                if (norm > 0.5)
                {
                    for (int i = 0; i < n; i++)
                    {
                        row[i] /= norm;
                    }

                    defined[k] = true;
                    break;
                }
            }
        }
    }

    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double yi = y[i];
            x[i] = (c * xi) - (s * yi);
            y[i] = (s * xi) + (c * yi);
        }
    }
}
