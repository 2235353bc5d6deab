// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics.Tensors;

namespace Profiles.Core;

/// <summary>Cholesky factorisation <c>A = L L^T</c> of a symmetric positive definite matrix, in double precision, and
/// the solution of <c>A X = B</c> for many right-hand sides.</summary>
internal static class Cholesky
{
    /// <summary>Overwrites the lower triangle of the row-major <paramref name="n"/> x <paramref name="n"/> matrix with L.</summary>
    /// <exception cref="InvalidOperationException">A pivot is not positive: the matrix is not positive definite.</exception>
    public static void Factor(double[] a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            Span<double> rowJ = a.AsSpan(j * n, n);
            double diagonal = rowJ[j] - TensorPrimitives.Dot<double>(rowJ[..j], rowJ[..j]);

            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                throw new InvalidOperationException($"The matrix is not positive definite (pivot {j} is {diagonal}); raise the ridge penalty.");
            }

            double pivot = Math.Sqrt(diagonal);
            rowJ[j] = pivot;
            for (int i = j + 1; i < n; i++)
            {
                Span<double> rowI = a.AsSpan(i * n, n);
                rowI[j] = (rowI[j] - TensorPrimitives.Dot<double>(rowI[..j], rowJ[..j])) / pivot;
            }
        }
    }

    /// <summary>Solves <c>L L^T X = B</c> in place of the row-major <paramref name="n"/> x <paramref name="columns"/> <paramref name="b"/>.</summary>
    public static void Solve(double[] l, int n, double[] b, int columns)
    {
        // Forward: L Z = B, row by row.
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = b.AsSpan(i * columns, columns);
            for (int k = 0; k < i; k++)
            {
                double lik = l[(i * n) + k];
                if (lik != 0)
                {
                    ReadOnlySpan<double> rowK = b.AsSpan(k * columns, columns);
                    for (int c = 0; c < columns; c++)
                    {
                        rowI[c] -= lik * rowK[c];
                    }
                }
            }

            double pivot = l[(i * n) + i];
            for (int c = 0; c < columns; c++)
            {
                rowI[c] /= pivot;
            }
        }

        // Backward: L^T X = Z.
        for (int i = n - 1; i >= 0; i--)
        {
            Span<double> rowI = b.AsSpan(i * columns, columns);
            for (int k = i + 1; k < n; k++)
            {
                double lki = l[(k * n) + i];
                if (lki != 0)
                {
                    ReadOnlySpan<double> rowK = b.AsSpan(k * columns, columns);
                    for (int c = 0; c < columns; c++)
                    {
                        rowI[c] -= lki * rowK[c];
                    }
                }
            }

            double pivot = l[(i * n) + i];
            for (int c = 0; c < columns; c++)
            {
                rowI[c] /= pivot;
            }
        }
    }
}
