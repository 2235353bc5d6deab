// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class RandomizedSvdTests
{
    /// <summary>A dense m x n matrix of exact rank r with singular values 10, 5, 2.5, ..., stored as a SparseMatrix.</summary>
    private static SparseMatrix LowRank(int m, int n, int r, ulong seed, out double[] dense)
    {
        float[] a = FactorTestData.Gaussian(seed, m * r);
        float[] b = FactorTestData.Gaussian(seed + 1, n * r);
        dense = new double[m * n];
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int t = 0; t < r; t++)
                {
                    sum += 10.0 / (1 << t) * a[(i * r) + t] * b[(j * r) + t];
                }

                dense[(i * n) + j] = (float)sum;
                rows.Add(i);
                columns.Add(j);
                values.Add((float)sum);
            }
        }

        return SparseMatrix.FromTriplets(m, n, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(8, 5)]
    public void Fit_ExactlyLowRank_Reconstructs(int k, int rank)
    {
        SparseMatrix matrix = LowRank(70, 45, rank, 3, out double[] dense);
        SvdModel model = new RandomizedSvd(new RandomizedSvdOptions { Rank = k, Oversampling = 5, PowerIterations = 2 }).Fit(matrix);

        double error = 0, norm = 0;
        for (int i = 0; i < 70; i++)
        {
            for (int j = 0; j < 45; j++)
            {
                double d = model.Score(i, j) - dense[(i * 45) + j];
                error += d * d;
                norm += dense[(i * 45) + j] * dense[(i * 45) + j];
            }
        }

        Assert.True(Math.Sqrt(error / norm) < 1e-5, $"relative reconstruction error {Math.Sqrt(error / norm)}");
        Assert.True(FactorTestData.OrthonormalityError(model.U.Span, 70, k) < 1e-4, "U is not orthonormal");
        Assert.True(FactorTestData.OrthonormalityError(model.V.Span, 45, k) < 1e-4, "V is not orthonormal");
        ReadOnlySpan<float> s = model.SingularValues.Span;
        for (int j = rank; j < k; j++)
        {
            Assert.True(s[j] < 1e-5 * s[0], $"singular value {j} of a rank-{rank} matrix is {s[j]}");
        }
    }

    [Theory]
    [InlineData(40, 25, 0.3, 1)]
    [InlineData(33, 60, 0.2, 2)]
    [InlineData(90, 17, 0.5, 3)]
    public void SingularValues_MatchDenseReference(int m, int n, double density, ulong seed)
    {
        SparseMatrix matrix = FactorTestData.RandomTriplets(seed, m, n, (int)(m * n * density)).ToMatrix();
        double[] reference = FactorTestData.SingularValues(FactorTestData.Dense(matrix), m, n);
        int full = Math.Min(m, n);

        // A subspace as large as the matrix: exact up to rounding, whatever the power iterations.
        SvdModel exact = new RandomizedSvd(new RandomizedSvdOptions { Rank = full, Oversampling = 0, PowerIterations = 0 }).Fit(matrix);
        for (int j = 0; j < full; j++)
        {
            Assert.True(Math.Abs(exact.SingularValues.Span[j] - reference[j]) <= 2e-5 * reference[0], $"value {j}: {exact.SingularValues.Span[j]} vs {reference[j]}");
        }

        // The leading values of a truncated decomposition, with oversampling and power iterations.
        SvdModel truncated = new RandomizedSvd(new RandomizedSvdOptions { Rank = 4, Oversampling = 10, PowerIterations = 6 }).Fit(matrix);
        for (int j = 0; j < 4; j++)
        {
            Assert.True(Math.Abs(truncated.SingularValues.Span[j] - reference[j]) <= 1e-2 * reference[j], $"value {j}: {truncated.SingularValues.Span[j]} vs {reference[j]}");
        }
    }

    [Fact]
    public void Fit_SameSeed_SameModelOnAnyThreadCount()
    {
        SparseMatrix matrix = FactorTestData.RandomTriplets(9, 900, 400, 20_000).ToMatrix();
        SvdModel one = new RandomizedSvd(new RandomizedSvdOptions { Rank = 12, Seed = 4, MaxDegreeOfParallelism = 1 }).Fit(matrix);
        SvdModel many = new RandomizedSvd(new RandomizedSvdOptions { Rank = 12, Seed = 4, MaxDegreeOfParallelism = 4 }).Fit(matrix);
        Assert.Equal(one.U.ToArray(), many.U.ToArray());
        Assert.Equal(one.V.ToArray(), many.V.ToArray());
        Assert.Equal(one.SingularValues.ToArray(), many.SingularValues.ToArray());
    }

    [Fact]
    public void Fit_ZeroMatrix_GivesZeroSingularValues()
    {
        SvdModel model = new RandomizedSvd(new RandomizedSvdOptions { Rank = 3 }).Fit(SparseMatrix.FromTriplets(10, 6, [], [], []));
        Assert.All(model.SingularValues.ToArray(), s => Assert.Equal(0f, s));
        Assert.True(FactorTestData.OrthonormalityError(model.V.Span, 6, 3) < 1e-4);
    }

    [Fact]
    public void Fit_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>("matrix", () => new RandomizedSvd(new RandomizedSvdOptions { Rank = 5 }).Fit(SparseMatrix.FromTriplets(10, 4, [], [], [])));
        Assert.Throws<ArgumentNullException>("matrix", () => new RandomizedSvd().Fit(null!));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new RandomizedSvdOptions { Oversampling = -1 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new RandomizedSvdOptions { PowerIterations = 101 });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    public void JacobiSvd_RandomSquare_ReconstructsWithOrthonormalFactors(int n)
    {
        var random = new FactorRandom((ulong)n);
        var a = new double[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = random.NextGaussian();
        }

        // Make one column a combination of others, so the matrix is singular when n > 2.
        if (n > 2)
        {
            for (int i = 0; i < n; i++)
            {
                a[(i * n) + n - 1] = a[(i * n) + 0] - (2 * a[(i * n) + 1]);
            }
        }

        var u = new double[n * n];
        var s = new double[n];
        var v = new double[n * n];
        DenseMath.JacobiSvd(a, n, u, s, v);
        double[] reference = FactorTestData.SingularValues(a, n, n);
        for (int j = 0; j < n; j++)
        {
            // The reference squares the matrix, so it is accurate to about sqrt(eps) s_max near zero.
            Assert.True(Math.Abs(s[j] - reference[j]) <= 1e-7 * reference[0], $"value {j}: {s[j]} vs {reference[j]}");
            Assert.True(j == 0 || s[j] <= s[j - 1]);
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, uu = 0, vv = 0;
                for (int t = 0; t < n; t++)
                {
                    sum += u[(i * n) + t] * s[t] * v[(j * n) + t];
                    uu += u[(t * n) + i] * u[(t * n) + j];
                    vv += v[(t * n) + i] * v[(t * n) + j];
                }

                Assert.True(Math.Abs(sum - a[(i * n) + j]) < 1e-10, $"reconstruction ({i}, {j})");
                Assert.True(Math.Abs(uu - (i == j ? 1 : 0)) < 1e-10, $"UᵀU ({i}, {j}) = {uu}");
                Assert.True(Math.Abs(vv - (i == j ? 1 : 0)) < 1e-10, $"VᵀV ({i}, {j}) = {vv}");
            }
        }
    }

    [Theory]
    [InlineData(1e3)]
    [InlineData(1e6)]
    [InlineData(0)]
    public void Orthonormalize_IllConditionedOrRankDeficient_GivesOrthonormalBasisOfTheRange(double condition)
    {
        const int Rows = 500, Cols = 12;
        float[] y = FactorTestData.Gaussian(21, Rows * Cols);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 1; c < Cols; c++)
            {
                // Column c drifts towards column 0: condition number grows like 1 / scale; scale 0 makes it rank 1 + noise-free copies.
                double scale = condition == 0 ? 0 : Math.Pow(1 / condition, c / (double)(Cols - 1));
                y[(r * Cols) + c] = (float)(y[r * Cols] + (scale * y[(r * Cols) + c]));
            }
        }

        float[] original = (float[])y.Clone();
        DenseMath.Orthonormalize(y, Rows, Cols, 6, 1, -1, CancellationToken.None);
        Assert.True(FactorTestData.OrthonormalityError(y, Rows, Cols) < 1e-5, "not orthonormal");

        // Column 0 of the input lies in the span of the result.
        double residual = 0, norm = 0;
        var coefficients = new double[Cols];
        for (int c = 0; c < Cols; c++)
        {
            for (int r = 0; r < Rows; r++)
            {
                coefficients[c] += (double)y[(r * Cols) + c] * original[r * Cols];
            }
        }

        for (int r = 0; r < Rows; r++)
        {
            double projection = 0;
            for (int c = 0; c < Cols; c++)
            {
                projection += coefficients[c] * y[(r * Cols) + c];
            }

            residual += (projection - original[r * Cols]) * (projection - original[r * Cols]);
            norm += (double)original[r * Cols] * original[r * Cols];
        }

        Assert.True(Math.Sqrt(residual / norm) < 1e-4, $"column 0 leaves the span: {Math.Sqrt(residual / norm)}");
    }
}
