// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// Trains an implicit-feedback matrix factorization by alternating least squares (Hu, Koren and Volinsky 2008) with the
/// conjugate-gradient row solver of Takács, Pilászy and Tikk (2011), as in the <c>implicit</c> library.
/// </summary>
/// <remarks>
/// <para>
/// For interactions <c>r_ui &gt;= 0</c> (rows are users, columns items), confidence <c>c_ui = 1 + alpha r_ui</c> and
/// preference <c>p_ui = [r_ui &gt; 0]</c>, the factors minimise
/// <c>L = sum_(u,i) c_ui (p_ui - x_u·y_i)² + lambda (sum_u ||x_u||² + sum_i ||y_i||²)</c> over all user-item pairs
/// (missing pairs have <c>c = 1</c>, <c>p = 0</c>). Each iteration solves every user row with the item factors fixed, then
/// every item row with the user factors fixed; <c>YᵀY</c> is computed once per half-iteration, so a row costs
/// <c>O(k² + k n_u)</c> per conjugate-gradient step instead of <c>O(k³ + k² n_u)</c> for an exact solve. Every step of
/// conjugate gradient (warm-started from the previous factors) and every exact solve lowers the row's part of <c>L</c>,
/// so <see cref="ImplicitAlsModel.LossHistory"/> decreases.
/// </para>
/// <para>
/// Rows are solved in parallel with SIMD kernels. A row's new factors depend only on its interactions and the fixed side,
/// Gram matrices and the loss are summed over fixed stripes in a fixed order, so the same seed and input give bit-identical
/// factors and losses on any thread count (on one machine: another instruction set may round differently).
/// </para>
/// <para>Instances are immutable and thread-safe; <see cref="Fit"/> may run concurrently.</para>
/// </remarks>
public sealed class ImplicitAlsTrainer
{
    private readonly ImplicitAlsOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ImplicitAlsTrainer"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public ImplicitAlsTrainer(ImplicitAlsOptions? options = null)
    {
        _options = (options ?? new ImplicitAlsOptions()).Clone();
    }

    /// <summary>Gets a copy of the options in use.</summary>
    public ImplicitAlsOptions Options => _options.Clone();

    /// <summary>Fits user and item factors to <paramref name="interactions"/>.</summary>
    /// <param name="interactions">The user x item matrix of interaction strengths <c>r_ui &gt;= 0</c> (for example counts or signal weights).</param>
    /// <param name="progress">Receives the loss after every iteration; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between chunks of rows.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interactions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="interactions"/> has no rows or no columns, or holds a negative value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ImplicitAlsModel Fit(SparseMatrix interactions, IProgress<AlsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(interactions);
        if (interactions.Rows == 0 || interactions.Columns == 0)
        {
            Throw.Argument(nameof(interactions), $"The matrix must have at least one row and one column; it is {interactions.Rows} x {interactions.Columns}.");
        }

        ReadOnlySpan<float> strengths = interactions.Values;
        for (int e = 0; e < strengths.Length; e++)
        {
            if (strengths[e] < 0)
            {
                Throw.Argument(nameof(interactions), $"Interaction strengths must be non-negative; stored entry {e} is {strengths[e]}.");
            }
        }

        int k = _options.Factors;
        int users = interactions.Rows;
        int items = interactions.Columns;
        var x = new float[(long)users * k];
        var y = new float[(long)items * k];
        var userRandom = new FactorRandom((ulong)(uint)_options.Seed, 1);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = userRandom.NextSingle() * 0.01f;
        }

        var itemRandom = new FactorRandom((ulong)(uint)_options.Seed, 2);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = itemRandom.NextSingle() * 0.01f;
        }

        SparseMatrix transpose = interactions.Transpose();
        long rowCost = (k / 4) + 1;
        int[] userChunks = RowChunks.Split(interactions.RowPointers, rowCost, 4096);
        int[] itemChunks = RowChunks.Split(transpose.RowPointers, rowCost, 4096);
        var gram = new double[k * k];
        var losses = new List<double>(_options.Iterations);
        float nu = _options.RegularizationExponent;
        double userMeanWeight = 0;
        float[]? userLambda = nu == 0 ? null : RowRegularization(interactions, _options.Regularization, _options.Alpha, nu, out userMeanWeight);
        float[]? itemLambda = nu == 0 ? null : RowRegularization(transpose, _options.Regularization, _options.Alpha, nu, out _);
        DenseMath.Gram(y, k, items, gram, _options.MaxDegreeOfParallelism, cancellationToken);
        for (int iteration = 1; iteration <= _options.Iterations; iteration++)
        {
            SolveSide(interactions, y, x, gram, userChunks, userLambda, cancellationToken);
            DenseMath.Gram(x, k, users, gram, _options.MaxDegreeOfParallelism, cancellationToken);
            SolveSide(transpose, x, y, gram, itemChunks, itemLambda, cancellationToken);
            DenseMath.Gram(y, k, items, gram, _options.MaxDegreeOfParallelism, cancellationToken);
            double loss = Loss(interactions, x, y, gram, userChunks, k, _options.Alpha, _options.Regularization, userLambda, itemLambda,
                _options.MaxDegreeOfParallelism, cancellationToken);
            losses.Add(loss);
            progress?.Report(new AlsProgress(iteration, _options.Iterations, loss));
        }

        return new ImplicitAlsModel(users, items, k, x, y, _options.Regularization, _options.Alpha, losses.ToArray())
        {
            RegularizationExponent = nu,
            MeanUserWeight = userMeanWeight,
        };
    }

    /// <summary>Returns the confidence mass <c>W_r = n + alpha sum_j r_j</c> of a row over all <paramref name="columns"/>.</summary>
    internal static double RowWeight(ReadOnlySpan<float> values, int columns, float alpha)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += value;
        }

        return columns + (alpha * sum);
    }

    /// <summary>Computes every row's <c>lambda (W_r / mean W)^nu</c> (frequency-scaled regularization).</summary>
    internal static float[] RowRegularization(SparseMatrix matrix, float lambda, float alpha, float nu, out double meanWeight)
    {
        var weights = new double[matrix.Rows];
        double total = 0;
        for (int row = 0; row < weights.Length; row++)
        {
            weights[row] = RowWeight(matrix.RowValues(row), matrix.Columns, alpha);
            total += weights[row];
        }

        meanWeight = total / weights.Length;
        var result = new float[weights.Length];
        for (int row = 0; row < weights.Length; row++)
        {
            result[row] = (float)(lambda * Math.Pow(weights[row] / meanWeight, nu));
        }

        return result;
    }

    /// <summary>Solves every row of <paramref name="target"/> against the fixed <paramref name="other"/>, whose Gram matrix is <paramref name="gram"/>.</summary>
    private void SolveSide(SparseMatrix matrix, float[] other, float[] target, double[] gram, int[] chunks, float[]? rowLambda, CancellationToken cancellationToken)
    {
        int k = _options.Factors;
        float alpha = _options.Alpha;
        float lambda = _options.Regularization;
        int steps = _options.ConjugateGradientSteps;
        int threads = RowChunks.Threads(_options.MaxDegreeOfParallelism, chunks.Length - 1);
        if (steps == 0)
        {
            var regularized = (double[])gram.Clone();
            for (int i = 0; i < k; i++)
            {
                regularized[(i * k) + i] += lambda;
            }

            RowChunks.Run(chunks, threads, (chunk, first, end) =>
            {
                double[] scratch = ArrayPool<double>.Shared.Rent((k * k) + k);
                for (int row = first; row < end; row++)
                {
                    _ = AlsSolver.Exact(
                        matrix.RowColumns(row), matrix.RowValues(row), other, regularized, k, alpha,
                        target.AsSpan(row * k, k), scratch.AsSpan(0, k * k), scratch.AsSpan(k * k, k),
                        rowLambda is null ? 0 : rowLambda[row] - lambda);
                }

                ArrayPool<double>.Shared.Return(scratch);
            }, cancellationToken);
            return;
        }

        var gramF = new float[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                gramF[(i * k) + j] = (float)(gram[(i * k) + j] + (i == j ? lambda : 0));
            }
        }

        RowChunks.Run(chunks, threads, (_, first, end) =>
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(3 * k);
            switch (SimdMath.Width)
            {
                case SimdWidth.Vector512: SolveRows<Vec512>(matrix, other, target, gramF, k, alpha, steps, first, end, scratch, rowLambda, lambda); break;
                case SimdWidth.Vector256: SolveRows<Vec256>(matrix, other, target, gramF, k, alpha, steps, first, end, scratch, rowLambda, lambda); break;
                case SimdWidth.Vector128: SolveRows<Vec128>(matrix, other, target, gramF, k, alpha, steps, first, end, scratch, rowLambda, lambda); break;
                default: SolveRows<Vec1>(matrix, other, target, gramF, k, alpha, steps, first, end, scratch, rowLambda, lambda); break;
            }

            ArrayPool<float>.Shared.Return(scratch);
        }, cancellationToken);
    }

    private static void SolveRows<TV>(SparseMatrix matrix, float[] other, float[] target, float[] gram, int k, float alpha, int steps, int first, int end, float[] scratch,
        float[]? rowLambda, float lambda)
        where TV : struct, ISimdVector<TV>
    {
        ReadOnlySpan<int> pointers = matrix.RowPointers;
        ReadOnlySpan<int> columns = matrix.ColumnIndices;
        ReadOnlySpan<float> values = matrix.Values;
        ref float otherRef = ref MemoryMarshal.GetArrayDataReference(other);
        ref float gramRef = ref MemoryMarshal.GetArrayDataReference(gram);
        for (int row = first; row < end; row++)
        {
            int start = pointers[row];
            int length = pointers[row + 1] - start;
            AlsSolver.ConjugateGradient<TV>(
                columns.Slice(start, length), values.Slice(start, length), ref otherRef, ref gramRef, k, alpha, steps,
                ref target[row * k], scratch, rowLambda is null ? 0f : rowLambda[row] - lambda);
        }
    }

    /// <summary>Computes the objective of factors <paramref name="x"/> and <paramref name="y"/> on <paramref name="matrix"/> (users x items) from scratch,
    /// with the per-row regularization of <paramref name="exponent"/> (0: <paramref name="lambda"/> for every row) computed from
    /// <paramref name="matrix"/> and <paramref name="transpose"/> as the trainer does.</summary>
    internal static double Objective(SparseMatrix matrix, SparseMatrix transpose, float[] x, float[] y, int k, float alpha, float lambda, float exponent,
        int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var gram = new double[k * k];
        DenseMath.Gram(y, k, matrix.Columns, gram, maxDegreeOfParallelism, cancellationToken);
        int[] chunks = RowChunks.Split(matrix.RowPointers, (k / 4) + 1, 4096);
        float[]? userLambda = exponent == 0 ? null : RowRegularization(matrix, lambda, alpha, exponent, out _);
        float[]? itemLambda = exponent == 0 ? null : RowRegularization(transpose, lambda, alpha, exponent, out _);
        return Loss(matrix, x, y, gram, chunks, k, alpha, lambda, userLambda, itemLambda, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>Computes the objective from the user rows (which add <c>lambda ||X||²</c>, or each row's own lambda) plus
    /// <c>lambda ||Y||²</c> (or each item's own); <paramref name="gram"/> is <c>YᵀY</c>.</summary>
    private static double Loss(SparseMatrix matrix, float[] x, float[] y, double[] gram, int[] chunks, int k, float alpha, float lambda,
        float[]? userLambda, float[]? itemLambda, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var gramF = new float[k * k];
        for (int i = 0; i < gramF.Length; i++)
        {
            gramF[i] = (float)gram[i];
        }

        var partials = new double[chunks.Length - 1];
        RowChunks.Run(chunks, RowChunks.Threads(maxDegreeOfParallelism, chunks.Length - 1), (chunk, first, end) =>
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(k);
            partials[chunk] = SimdMath.Width switch
            {
                SimdWidth.Vector512 => LossRows<Vec512>(matrix, x, y, gramF, k, alpha, lambda, userLambda, first, end, scratch),
                SimdWidth.Vector256 => LossRows<Vec256>(matrix, x, y, gramF, k, alpha, lambda, userLambda, first, end, scratch),
                SimdWidth.Vector128 => LossRows<Vec128>(matrix, x, y, gramF, k, alpha, lambda, userLambda, first, end, scratch),
                _ => LossRows<Vec1>(matrix, x, y, gramF, k, alpha, lambda, userLambda, first, end, scratch),
            };
            ArrayPool<float>.Shared.Return(scratch);
        }, cancellationToken);

        double loss = 0;
        foreach (double part in partials)
        {
            loss += part;
        }

        double itemNorm = 0;
        for (int item = 0; item < matrix.Columns; item++)
        {
            double norm = 0;
            foreach (float value in y.AsSpan(item * k, k))
            {
                norm += (double)value * value;
            }

            itemNorm += (itemLambda is null ? lambda : itemLambda[item]) * norm;
        }

        return loss + itemNorm;
    }

    private static double LossRows<TV>(SparseMatrix matrix, float[] x, float[] y, float[] gram, int k, float alpha, float lambda, float[]? rowLambda, int first, int end, float[] scratch)
        where TV : struct, ISimdVector<TV>
    {
        ReadOnlySpan<int> pointers = matrix.RowPointers;
        ReadOnlySpan<int> columns = matrix.ColumnIndices;
        ReadOnlySpan<float> values = matrix.Values;
        ref float yRef = ref MemoryMarshal.GetArrayDataReference(y);
        ref float gramRef = ref MemoryMarshal.GetArrayDataReference(gram);
        double sum = 0;
        for (int row = first; row < end; row++)
        {
            int start = pointers[row];
            int length = pointers[row + 1] - start;
            sum += AlsSolver.RowLoss<TV>(columns.Slice(start, length), values.Slice(start, length), ref yRef, ref gramRef, k, alpha, rowLambda is null ? lambda : rowLambda[row], ref x[row * k], scratch);
        }

        return sum;
    }
}
