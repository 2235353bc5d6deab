// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class ImplicitAlsTests
{
    /// <summary>Users in 4 taste groups, each mostly interacting with its group's quarter of the items.</summary>
    private static SparseMatrix Interactions(int users = 240, int items = 160, ulong seed = 1)
    {
        var random = new FactorRandom(seed);
        var rows = new System.Collections.Generic.List<int>();
        var columns = new System.Collections.Generic.List<int>();
        var values = new System.Collections.Generic.List<float>();
        for (int u = 0; u < users; u++)
        {
            int group = u % 4;
            for (int e = 0; e < 12; e++)
            {
                int item = random.NextDouble() < 0.8 ? (group * (items / 4)) + random.NextInt(items / 4) : random.NextInt(items);
                rows.Add(u);
                columns.Add(item);
                values.Add(1 + random.NextInt(3));
            }
        }

        return SparseMatrix.FromTriplets(users, items, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    [Theory]
    [InlineData(3, 0f)]
    [InlineData(0, 0f)]
    [InlineData(3, 1f)]
    [InlineData(0, 1.5f)]
    public void Fit_LossDecreasesEveryIteration(int conjugateGradientSteps, float exponent)
    {
        var options = new ImplicitAlsOptions
        {
            Factors = 8, Iterations = 12, Alpha = 5, Regularization = 0.1f, ConjugateGradientSteps = conjugateGradientSteps, RegularizationExponent = exponent,
        };
        var reported = new System.Collections.Generic.List<AlsProgress>();
        ImplicitAlsModel model = new ImplicitAlsTrainer(options).Fit(Interactions(), new SynchronousProgress<AlsProgress>(reported.Add));

        Assert.Equal(12, model.LossHistory.Count);
        for (int i = 1; i < model.LossHistory.Count; i++)
        {
            Assert.True(model.LossHistory[i] < model.LossHistory[i - 1], $"loss rose at iteration {i + 1}: {model.LossHistory[i - 1]} -> {model.LossHistory[i]}");
        }

        Assert.Equal(12, reported.Count);
        Assert.Equal(model.LossHistory[^1], reported[^1].Loss);
        Assert.Equal(new AlsProgress(1, 12, model.LossHistory[0]), reported[0]);
        double reference = ReferenceLoss(model, Interactions(), options);
        Assert.True(Math.Abs(reference - model.LossHistory[^1]) <= 1e-4 * reference, $"loss {model.LossHistory[^1]}, brute force {reference}");
    }

    [Fact]
    public void Fit_SameSeed_SameFactorsOnAnyThreadCount()
    {
        SparseMatrix data = Interactions();
        ImplicitAlsModel one = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 16, Iterations = 3, Seed = 7, MaxDegreeOfParallelism = 1 }).Fit(data);
        ImplicitAlsModel many = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 16, Iterations = 3, Seed = 7, MaxDegreeOfParallelism = 4 }).Fit(data);
        ImplicitAlsModel other = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 16, Iterations = 3, Seed = 8 }).Fit(data);

        Assert.Equal(one.UserFactors.ToArray(), many.UserFactors.ToArray());
        Assert.Equal(one.ItemFactors.ToArray(), many.ItemFactors.ToArray());
        Assert.Equal(one.LossHistory, many.LossHistory);
        Assert.NotEqual(one.UserFactors.ToArray(), other.UserFactors.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(19)]
    [InlineData(32)]
    public void ConjugateGradient_EnoughSteps_AgreesWithCholesky(int k)
    {
        const int Items = 50;
        float[] y = FactorTestData.Gaussian(11, Items * k, 0.3);
        var gram = new double[k * k];
        DenseMath.Gram(y, k, Items, gram, 1, CancellationToken.None);
        const float Lambda = 0.5f, Alpha = 3f;
        var gramF = new float[k * k];
        for (int i = 0; i < k; i++)
        {
            gram[(i * k) + i] += Lambda;
        }

        for (int i = 0; i < gramF.Length; i++)
        {
            gramF[i] = (float)gram[i];
        }

        int[] items = [1, 4, 7, 9, 22, 30, 41, 49];
        float[] values = [1f, 2f, 0.5f, 3f, 1f, 0f, 1f, 2f];
        var exact = new float[k];
        Assert.True(AlsSolver.Exact(items, values, y, gram, k, Alpha, exact, new double[k * k], new double[k]));

        var x = new float[k];
        var scratch = new float[3 * k];
        AlsTestKernels.ConjugateGradient(items, values, y, gramF, k, Alpha, steps: 2 * k, x, scratch);
        for (int i = 0; i < k; i++)
        {
            Assert.True(Math.Abs(x[i] - exact[i]) <= 2e-4 * (1 + Math.Abs(exact[i])), $"k = {k}, factor {i}: CG {x[i]}, Cholesky {exact[i]}");
        }
    }

    [Theory]
    [InlineData(0, 0f)]
    [InlineData(3, 0f)]
    [InlineData(0, 1f)]
    public void FoldIn_TrainingUser_ReproducesTrainedFactorsAndSolvesTheNormalEquations(int conjugateGradientSteps, float exponent)
    {
        SparseMatrix data = Interactions();
        const int K = 8;
        var options = new ImplicitAlsOptions
        {
            Factors = K, Iterations = 60, Alpha = 5, Regularization = 2f, ConjugateGradientSteps = conjugateGradientSteps, RegularizationExponent = exponent,
        };
        ImplicitAlsModel model = new ImplicitAlsTrainer(options).Fit(data);
        Assert.Equal(exponent, model.RegularizationExponent);
        double[] userLambda = RowLambdas(data, options);
        ReadOnlySpan<float> y = model.ItemFactors.Span;
        var folded = new float[K];
        double worst = 0;
        for (int u = 0; u < data.Rows; u += 7)
        {
            model.FoldIn(data.RowColumns(u), data.RowValues(u), folded);
            ReadOnlySpan<float> trained = model.UserFactors.Span.Slice(u * K, K);
            double diff = 0, norm = 0;
            for (int j = 0; j < K; j++)
            {
                diff += (folded[j] - trained[j]) * (double)(folded[j] - trained[j]);
                norm += trained[j] * (double)trained[j];
            }

            worst = Math.Max(worst, Math.Sqrt(diff / norm));

            // The normal equations (YᵀY + lambda I + sum alpha r y yᵀ) x = sum (1 + alpha r) y, built here in double.
            var a = new double[K * K];
            var b = new double[K];
            for (int i = 0; i < model.Items; i++)
            {
                double r = data[u, i];
                for (int p = 0; p < K; p++)
                {
                    b[p] += r > 0 ? (1 + (options.Alpha * r)) * y[(i * K) + p] : 0;
                    for (int q = 0; q < K; q++)
                    {
                        a[(p * K) + q] += (1 + (options.Alpha * r)) * y[(i * K) + p] * y[(i * K) + q];
                    }
                }
            }

            double residual = 0, scale = 0;
            for (int p = 0; p < K; p++)
            {
                double row = (userLambda[u] * folded[p]) - b[p];
                for (int q = 0; q < K; q++)
                {
                    row += a[(p * K) + q] * folded[q];
                }

                residual += row * row;
                scale += b[p] * b[p];
            }

            Assert.True(Math.Sqrt(residual / scale) < 1e-4, $"user {u}: fold-in residual {Math.Sqrt(residual / scale)}");
        }

        // The trained factors were solved against the item factors of the previous half-iteration, so they differ by
        // what the last item update moved.
        Assert.True(worst < 3e-2, $"fold-in differs from the trained factors by {worst} (relative)");
    }

    [Fact]
    public void FoldIn_BadInput_Throws()
    {
        ImplicitAlsModel model = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 4, Iterations = 1 }).Fit(Interactions());
        var destination = new float[4];
        Assert.Throws<ArgumentException>("items", () => model.FoldIn([1, 1], [1f, 1f], destination));
        Assert.Throws<ArgumentException>("items", () => model.FoldIn([1, 160], [1f, 1f], destination));
        Assert.Throws<ArgumentException>("values", () => model.FoldIn([1, 2], [1f, -1f], destination));
        Assert.Throws<ArgumentException>("values", () => model.FoldIn([1, 2], [1f], destination));
        Assert.Throws<ArgumentException>("destination", () => model.FoldIn([1, 2], [1f, 1f], new float[3]));
        model.FoldIn([], [], destination);
        Assert.Equal(new float[4], destination);
    }

    [Fact]
    public void Fit_BadInput_Throws()
    {
        var trainer = new ImplicitAlsTrainer();
        Assert.Throws<ArgumentNullException>("interactions", () => trainer.Fit(null!));
        Assert.Throws<ArgumentException>("interactions", () => trainer.Fit(SparseMatrix.FromTriplets(2, 2, [0], [0], [-1f])));
        Assert.Throws<ArgumentException>("interactions", () => trainer.Fit(SparseMatrix.FromTriplets(0, 2, [], [], [])));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new ImplicitAlsOptions { Factors = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new ImplicitAlsOptions { Regularization = float.NaN });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(Interactions(), null, cancelled.Token));
    }

    [Fact]
    public void Options_Clone_CopiesEveryValue()
    {
        var options = new ImplicitAlsOptions
        {
            Factors = 5, Iterations = 2, Regularization = 3, Alpha = 4, Seed = 6, ConjugateGradientSteps = 7, MaxDegreeOfParallelism = 2, RegularizationExponent = 0.5f,
        };
        ImplicitAlsOptions copy = options.Clone();
        Assert.Equal((5, 2, 3f, 4f, 6, 7, 2), (copy.Factors, copy.Iterations, copy.Regularization, copy.Alpha, copy.Seed, copy.ConjugateGradientSteps, copy.MaxDegreeOfParallelism));
        Assert.Equal(0.5f, copy.RegularizationExponent);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.RegularizationExponent = -0.1f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.RegularizationExponent = 2.5f);
    }

    [Fact]
    public void SaveLoad_FrequencyScaledModel_KeepsTheExponentAndFoldsInAlike()
    {
        SparseMatrix data = Interactions();
        ImplicitAlsModel model = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 8, Iterations = 5, Alpha = 5, Regularization = 2f, RegularizationExponent = 1f })
            .Fit(data);
        using var stream = new System.IO.MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        ImplicitAlsModel loaded = ImplicitAlsModel.Load(stream);

        Assert.Equal(1f, loaded.RegularizationExponent);
        float[] expected = new float[8], actual = new float[8], unscaled = new float[8];
        model.FoldIn(data.RowColumns(3), data.RowValues(3), expected);
        loaded.FoldIn(data.RowColumns(3), data.RowValues(3), actual);
        Assert.Equal(expected, actual);

        // The exponent matters: the same factors without it fold the user in differently.
        ImplicitAlsModel plain = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 8, Iterations = 5, Alpha = 5, Regularization = 2f }).Fit(data);
        Assert.Equal(0f, plain.RegularizationExponent);
        plain.FoldIn(data.RowColumns(3), data.RowValues(3), unscaled);
        Assert.NotEqual(expected, unscaled);
    }

    /// <summary>Each row's <c>lambda (W_r / mean W)^nu</c> with <c>W_r = columns + alpha sum r</c>, in double.</summary>
    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    public void FoldOut_FrequencyScaledModel_ItemRowsSolveTheReducedDataWithTheirOwnLambdas(float exponent)
    {
        const int K = 6;
        SparseMatrix data = Interactions(users: 60, items: 40, seed: 5);
        var options = new ImplicitAlsOptions { Factors = K, Iterations = 4, Alpha = 5, Regularization = 2f, RegularizationExponent = exponent, Seed = 2 };
        ImplicitAlsModel model = new ImplicitAlsTrainer(options).Fit(data);

        // The data without user 0, built by hand.
        int skip = data.RowPointers[1];
        int[] pointers = new int[data.Rows];
        for (int r = 1; r <= data.Rows - 1; r++)
        {
            pointers[r] = data.RowPointers[r + 1] - skip;
        }

        var reduced = new SparseMatrix(data.Rows - 1, data.Columns, pointers, data.ColumnIndices[skip..].ToArray(), data.Values[skip..].ToArray());
        SparseMatrix byItem = reduced.Transpose();
        ImplicitAlsModel folded = model.FoldOut(0, reduced, byItem, 1, CancellationToken.None, out int singular);

        Assert.Equal(0, singular);
        Assert.Equal(exponent, folded.RegularizationExponent);
        Assert.Equal(model.UserFactors.Span.Slice(K).ToArray(), folded.UserFactors.ToArray());
        double[] itemLambda = RowLambdas(byItem, options);
        ReadOnlySpan<float> x = folded.UserFactors.Span;
        double worst = 0;
        for (int item = 0; item < byItem.Rows; item++)
        {
            // (XᵀX + lambda_i I + sum_u alpha r_ui x_u x_uᵀ) y = sum_u (1 + alpha r_ui) x_u, by Gaussian elimination.
            var a = new double[K, K + 1];
            for (int u = 0; u < reduced.Rows; u++)
            {
                for (int p = 0; p < K; p++)
                {
                    for (int q = 0; q < K; q++)
                    {
                        a[p, q] += (double)x[(u * K) + p] * x[(u * K) + q];
                    }
                }
            }

            ReadOnlySpan<int> users = byItem.RowColumns(item);
            ReadOnlySpan<float> values = byItem.RowValues(item);
            for (int e = 0; e < users.Length; e++)
            {
                int u = users[e];
                for (int p = 0; p < K; p++)
                {
                    a[p, K] += (1 + (options.Alpha * (double)values[e])) * x[(u * K) + p];
                    for (int q = 0; q < K; q++)
                    {
                        a[p, q] += options.Alpha * (double)values[e] * x[(u * K) + p] * x[(u * K) + q];
                    }
                }
            }

            for (int p = 0; p < K; p++)
            {
                a[p, p] += itemLambda[item];
            }

            for (int c = 0; c < K; c++)
            {
                for (int r = c + 1; r < K; r++)
                {
                    double f = a[r, c] / a[c, c];
                    for (int j = c; j <= K; j++)
                    {
                        a[r, j] -= f * a[c, j];
                    }
                }
            }

            var y = new double[K];
            for (int r = K - 1; r >= 0; r--)
            {
                double sum = a[r, K];
                for (int j = r + 1; j < K; j++)
                {
                    sum -= a[r, j] * y[j];
                }

                y[r] = sum / a[r, r];
            }

            for (int p = 0; p < K; p++)
            {
                worst = Math.Max(worst, Math.Abs(y[p] - folded.ItemFactors.Span[(item * K) + p]) / (Math.Abs(y[p]) + 1e-3));
            }
        }

        Assert.True(worst < 1e-3, $"worst relative difference {worst}");
    }

    private static double[] RowLambdas(SparseMatrix data, ImplicitAlsOptions options)
    {
        var weights = new double[data.Rows];
        double total = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            double sum = 0;
            foreach (float v in data.RowValues(r))
            {
                sum += v;
            }

            weights[r] = data.Columns + (options.Alpha * sum);
            total += weights[r];
        }

        var result = new double[data.Rows];
        for (int r = 0; r < data.Rows; r++)
        {
            result[r] = options.Regularization * Math.Pow(weights[r] / (total / data.Rows), options.RegularizationExponent);
        }

        return result;
    }

    /// <summary>The objective by brute force over every user-item pair, in double.</summary>
    private static double ReferenceLoss(ImplicitAlsModel model, SparseMatrix data, ImplicitAlsOptions options)
    {
        double loss = 0;
        for (int u = 0; u < model.Users; u++)
        {
            for (int i = 0; i < model.Items; i++)
            {
                double s = 0;
                for (int j = 0; j < model.Rank; j++)
                {
                    s += (double)model.UserFactors.Span[(u * model.Rank) + j] * model.ItemFactors.Span[(i * model.Rank) + j];
                }

                double r = data[u, i];
                double c = 1 + (options.Alpha * r);
                double p = r > 0 ? 1 : 0;
                loss += c * (p - s) * (p - s);
            }
        }

        double[] userLambda = RowLambdas(data, options);
        double[] itemLambda = RowLambdas(data.Transpose(), options);
        double norms = 0;
        for (int u = 0; u < model.Users; u++)
        {
            foreach (float f in model.UserFactors.Span.Slice(u * model.Rank, model.Rank))
            {
                norms += userLambda[u] * f * f;
            }
        }

        for (int i = 0; i < model.Items; i++)
        {
            foreach (float f in model.ItemFactors.Span.Slice(i * model.Rank, model.Rank))
            {
                norms += itemLambda[i] * f * f;
            }
        }

        return loss + norms;
    }
}

/// <summary>Calls the internal SIMD kernels on this machine's widest path.</summary>
internal static class AlsTestKernels
{
    public static void ConjugateGradient(int[] items, float[] values, float[] other, float[] gram, int k, float alpha, int steps, float[] x, float[] scratch)
    {
        switch (SimdMath.Width)
        {
            case SimdWidth.Vector512: AlsSolver.ConjugateGradient<Vec512>(items, values, ref other[0], ref gram[0], k, alpha, steps, ref x[0], scratch); break;
            case SimdWidth.Vector256: AlsSolver.ConjugateGradient<Vec256>(items, values, ref other[0], ref gram[0], k, alpha, steps, ref x[0], scratch); break;
            case SimdWidth.Vector128: AlsSolver.ConjugateGradient<Vec128>(items, values, ref other[0], ref gram[0], k, alpha, steps, ref x[0], scratch); break;
            default: AlsSolver.ConjugateGradient<Vec1>(items, values, ref other[0], ref gram[0], k, alpha, steps, ref x[0], scratch); break;
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress{T} posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
