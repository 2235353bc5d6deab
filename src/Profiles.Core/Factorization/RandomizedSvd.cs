// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// Computes a truncated singular value decomposition <c>A ≈ U diag(s) Vᵀ</c> of a sparse matrix by the randomized
/// range finder with power iterations of Halko, Martinsson and Tropp (2011), algorithm 4.4.
/// </summary>
/// <remarks>
/// <para>
/// With <c>l = k + p</c> columns: <c>Y = A Ω</c> for a seeded Gaussian <c>Ω</c> (n x l); then <c>q</c> times
/// <c>Z = orth(Aᵀ Y)</c>, <c>Y = orth(A Z)</c>; <c>Q = orth(Y)</c>. The small problem is solved without forming
/// <c>B = Qᵀ A</c> densely: <c>Bᵀ = Aᵀ Q</c> (n x l) is orthonormalized, <c>Bᵀ = Q_b C</c> with <c>C = Q_bᵀ Bᵀ</c>
/// (l x l), and <c>C = U_c S V_cᵀ</c> by a one-sided Jacobi SVD in double precision. Then <c>U = Q V_c</c> and
/// <c>V = Q_b U_c</c>, both orthonormal by construction.
/// </para>
/// <para>
/// Orthonormalization is CholeskyQR with the Gram matrix summed in double, repeated until the columns are orthonormal
/// to 1e-5 (CholeskyQR2, a third pass when needed) and shifted when the Cholesky factorization breaks down (shifted
/// CholeskyQR3, Fukaya et al. 2020), so rank-deficient matrices are handled. Between power iterations one pass is
/// enough: it only keeps the columns from collapsing onto the leading singular vector, like scikit-learn's LU step.
/// The products with <c>A</c> and <c>Aᵀ</c> use <see cref="SparseMatrix.Multiply"/> on the matrix and its transpose
/// (built once: 8 bytes per non-zero more).
/// </para>
/// <para>
/// Signs are fixed so that the entry of largest magnitude of every right singular vector is positive. The result depends
/// only on the input and <see cref="RandomizedSvdOptions.Seed"/>, not on the thread count. Instances are immutable and
/// thread-safe.
/// </para>
/// </remarks>
public sealed class RandomizedSvd
{
    private readonly RandomizedSvdOptions _options;

    /// <summary>Initializes a new instance of the <see cref="RandomizedSvd"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public RandomizedSvd(RandomizedSvdOptions? options = null)
    {
        _options = (options ?? new RandomizedSvdOptions()).Clone();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public RandomizedSvdOptions Options => _options.Clone();

    /// <summary>Computes the leading <see cref="RandomizedSvdOptions.Rank"/> singular triplets of <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The matrix <c>A</c> (m x n).</param>
    /// <param name="cancellationToken">Cancels between products.</param>
    /// <returns>The model: U (m x k), the singular values (descending) and V (n x k).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The rank exceeds the smaller dimension of <paramref name="matrix"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public SvdModel Fit(SparseMatrix matrix, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(matrix);
        int m = matrix.Rows;
        int n = matrix.Columns;
        int k = _options.Rank;
        if (k > Math.Min(m, n))
        {
            Throw.Argument(nameof(matrix), $"The rank k = {k} exceeds the smaller dimension of the {m} x {n} matrix.");
        }

        int l = Math.Min(k + _options.Oversampling, Math.Min(m, n));
        int threads = _options.MaxDegreeOfParallelism;
        ulong seed = (ulong)(uint)_options.Seed;
        cancellationToken.ThrowIfCancellationRequested();
        SparseMatrix transpose = matrix.Transpose();

        var random = new FactorRandom(seed);
        var z = new float[(long)n * l];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = (float)random.NextGaussian();
        }

        var y = new float[(long)m * l];
        matrix.MultiplyUnchecked(z, l, y, threads, cancellationToken);
        for (int iteration = 0; iteration < _options.PowerIterations; iteration++)
        {
            _ = DenseMath.Orthonormalize(y, m, l, 1, seed + 1, threads, cancellationToken);
            transpose.MultiplyUnchecked(y, l, z, threads, cancellationToken);
            _ = DenseMath.Orthonormalize(z, n, l, 1, seed + 2, threads, cancellationToken);
            matrix.MultiplyUnchecked(z, l, y, threads, cancellationToken);
        }

        _ = DenseMath.Orthonormalize(y, m, l, 4, seed + 3, threads, cancellationToken);   // Q
        float[] bt = z;
        transpose.MultiplyUnchecked(y, l, bt, threads, cancellationToken);               // Bᵀ = Aᵀ Q
        float[] qb = (float[])bt.Clone();
        _ = DenseMath.Orthonormalize(qb, n, l, 4, seed + 4, threads, cancellationToken);
        var c = new double[l * l];
        DenseMath.CrossGram(qb, l, bt, l, n, c, threads, cancellationToken);            // C = Q_bᵀ Bᵀ

        var uc = new double[l * l];
        var s = new double[l];
        var vc = new double[l * l];
        _ = DenseMath.JacobiSvd(c, l, uc, s, vc);

        // U = Q V_c[:, :k], V = Q_b U_c[:, :k].
        var vcK = new float[l * k];
        var ucK = new float[l * k];
        for (int i = 0; i < l; i++)
        {
            for (int j = 0; j < k; j++)
            {
                vcK[(i * k) + j] = (float)vc[(i * l) + j];
                ucK[(i * k) + j] = (float)uc[(i * l) + j];
            }
        }

        var u = new float[(long)m * k];
        var v = new float[(long)n * k];
        DenseMath.Multiply(y, m, l, vcK, k, u, threads, cancellationToken);
        DenseMath.Multiply(qb, n, l, ucK, k, v, threads, cancellationToken);

        var values = new float[k];
        for (int j = 0; j < k; j++)
        {
            values[j] = (float)s[j];
            int arg = 0;
            float best = -1f;
            for (int i = 0; i < n; i++)
            {
                float magnitude = Math.Abs(v[((long)i * k) + j]);
                if (magnitude > best)
                {
                    best = magnitude;
                    arg = i;
                }
            }

            if (v[((long)arg * k) + j] < 0)
            {
                for (int i = 0; i < n; i++)
                {
                    v[((long)i * k) + j] = -v[((long)i * k) + j];
                }

                for (int i = 0; i < m; i++)
                {
                    u[((long)i * k) + j] = -u[((long)i * k) + j];
                }
            }
        }

        return new SvdModel(m, n, k, u, values, v);
    }
}
