// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using FsCheck;
using FsCheck.Fluent;

namespace Profiles.Core.Tests;

/// <summary>Seeded matrices, dense references and a double-precision Jacobi eigen solver for the factorization tests.</summary>
internal static class FactorTestData
{
    /// <summary>COO triplets of a random sparse matrix, with repeated pairs when <paramref name="duplicates"/>.</summary>
    public sealed record Triplets(int Rows, int Columns, int[] RowIndices, int[] ColumnIndices, float[] Values)
    {
        public SparseMatrix ToMatrix() => SparseMatrix.FromTriplets(Rows, Columns, RowIndices, ColumnIndices, Values);

        public override string ToString() => $"{Rows} x {Columns}, {Values.Length} triplets";
    }

    public static Triplets RandomTriplets(ulong seed, int rows, int columns, int count, bool duplicates = true, bool positive = false)
    {
        var random = new FactorRandom(seed);
        var r = new int[count];
        var c = new int[count];
        var v = new float[count];
        var seen = new HashSet<long>();
        int t = 0;
        int attempts = 0;
        while (t < count && attempts++ < count * 20)
        {
            int row = random.NextInt(rows);
            int column = random.NextInt(columns);
            if (!duplicates && !seen.Add(((long)row * columns) + column))
            {
                continue;
            }

            r[t] = row;
            c[t] = column;
            v[t] = positive ? 0.5f + random.NextSingle() * 4 : (random.NextSingle() * 2) - 1;
            t++;
        }

        return new Triplets(rows, columns, r[..t], c[..t], v[..t]);
    }

    /// <summary>A generator of small random triplet sets (empty rows, empty matrices and repeated pairs included).</summary>
    public static Gen<Triplets> SmallTriplets =>
        from rows in Gen.Choose(0, 40)
        from columns in Gen.Choose(0, 40)
        from count in Gen.Choose(0, 300)
        from seed in Gen.Choose(0, int.MaxValue)
        select rows == 0 || columns == 0
            ? new Triplets(rows, columns, [], [], [])
            : RandomTriplets((ulong)seed, rows, columns, count);

    /// <summary>Returns the dense row-major copy of <paramref name="matrix"/> in double.</summary>
    public static double[] Dense(SparseMatrix matrix)
    {
        var dense = new double[matrix.Rows * matrix.Columns];
        for (int r = 0; r < matrix.Rows; r++)
        {
            ReadOnlySpan<int> columns = matrix.RowColumns(r);
            ReadOnlySpan<float> values = matrix.RowValues(r);
            for (int p = 0; p < columns.Length; p++)
            {
                dense[(r * matrix.Columns) + columns[p]] = values[p];
            }
        }

        return dense;
    }

    public static float[] Gaussian(ulong seed, int length, double scale = 1)
    {
        var random = new FactorRandom(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextGaussian() * scale);
        }

        return values;
    }

    /// <summary>
    /// Eigenvalues (descending) of the symmetric <paramref name="a"/> (n x n, row-major) by the cyclic Jacobi method in
    /// double: an independent reference for singular values (eigenvalues of AᵀA are their squares).
    /// </summary>
    public static double[] SymmetricEigenvalues(double[] a, int n)
    {
        var m = (double[])a.Clone();
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    off += m[(p * n) + q] * m[(p * n) + q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = m[(p * n) + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (m[(q * n) + q] - m[(p * n) + p]) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double c = 1 / Math.Sqrt((t * t) + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[(k * n) + p];
                        double mkq = m[(k * n) + q];
                        m[(k * n) + p] = (c * mkp) - (s * mkq);
                        m[(k * n) + q] = (s * mkp) + (c * mkq);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[(p * n) + k];
                        double mqk = m[(q * n) + k];
                        m[(p * n) + k] = (c * mpk) - (s * mqk);
                        m[(q * n) + k] = (s * mpk) + (c * mqk);
                    }
                }
            }
        }

        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = m[(i * n) + i];
        }

        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }

    /// <summary>Singular values (descending) of the dense m x n matrix, as square roots of the eigenvalues of AᵀA.</summary>
    public static double[] SingularValues(double[] a, int m, int n)
    {
        var ata = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int r = 0; r < m; r++)
                {
                    sum += a[(r * n) + i] * a[(r * n) + j];
                }

                ata[(i * n) + j] = sum;
            }
        }

        double[] eigen = SymmetricEigenvalues(ata, n);
        for (int i = 0; i < n; i++)
        {
            eigen[i] = Math.Sqrt(Math.Max(0, eigen[i]));
        }

        return eigen;
    }

    /// <summary>Returns max |MᵀM - I| for the row-major rows x cols matrix (float).</summary>
    public static double OrthonormalityError(ReadOnlySpan<float> m, int rows, int cols)
    {
        double worst = 0;
        for (int i = 0; i < cols; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++)
                {
                    sum += (double)m[(r * cols) + i] * m[(r * cols) + j];
                }

                worst = Math.Max(worst, Math.Abs(sum - (i == j ? 1 : 0)));
            }
        }

        return worst;
    }
}
