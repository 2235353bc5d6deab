// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class SparseMatrixTests
{
    [Fact]
    public void FromTriplets_RepeatedPairs_AreSummedAndColumnsSorted()
    {
        SparseMatrix m = SparseMatrix.FromTriplets(3, 4,
            [2, 0, 2, 0, 2, 0],
            [3, 1, 0, 1, 3, 0],
            [1f, 2f, 3f, 4f, 5f, 6f]);

        Assert.Equal(3, m.Rows);
        Assert.Equal(4, m.Columns);
        Assert.Equal(4, m.NonZeroCount);
        Assert.Equal([0, 2, 2, 4], m.RowPointers.ToArray());
        Assert.Equal([0, 1, 0, 3], m.ColumnIndices.ToArray());
        Assert.Equal([6f, 6f, 3f, 6f], m.Values.ToArray());
        Assert.Equal(6f, m[0, 1]);
        Assert.Equal(0f, m[1, 2]);
        Assert.Equal(6f, m[2, 3]);
        Assert.Equal(0, m.RowLength(1));
        Assert.Equal((8L * 4) + (4L * 4), m.SizeInBytes);
    }

    [Property(MaxTest = 100)]
    public Property FromTriplets_MatchesDenseAccumulation() =>
        Prop.ForAll(FactorTestData.SmallTriplets.ToArbitrary(), t =>
        {
            SparseMatrix m = t.ToMatrix();
            var dense = new float[t.Rows * t.Columns];
            var present = new bool[dense.Length];
            for (int i = 0; i < t.Values.Length; i++)
            {
                dense[(t.RowIndices[i] * t.Columns) + t.ColumnIndices[i]] += t.Values[i];
                present[(t.RowIndices[i] * t.Columns) + t.ColumnIndices[i]] = true;
            }

            int stored = 0;
            bool ok = true;
            for (int r = 0; r < t.Rows; r++)
            {
                ReadOnlySpan<int> columns = m.RowColumns(r);
                for (int p = 1; p < columns.Length; p++)
                {
                    ok &= columns[p] > columns[p - 1];
                }

                for (int c = 0; c < t.Columns; c++)
                {
                    ok &= m[r, c] == dense[(r * t.Columns) + c];
                    stored += present[(r * t.Columns) + c] ? 1 : 0;
                }
            }

            return (ok && stored == m.NonZeroCount).Label($"{t}: sums, order or count differ");
        });

    [Property(MaxTest = 100)]
    public Property Transpose_Twice_IsIdentity() =>
        Prop.ForAll(FactorTestData.SmallTriplets.ToArbitrary(), t =>
        {
            SparseMatrix m = t.ToMatrix();
            SparseMatrix transpose = m.Transpose();
            SparseMatrix back = transpose.Transpose();
            bool entries = true;
            for (int r = 0; r < m.Rows; r++)
            {
                for (int c = 0; c < m.Columns; c++)
                {
                    entries &= transpose[c, r] == m[r, c];
                }
            }

            return (entries && back.Rows == m.Rows && back.Columns == m.Columns
                && back.RowPointers.SequenceEqual(m.RowPointers)
                && back.ColumnIndices.SequenceEqual(m.ColumnIndices)
                && back.Values.SequenceEqual(m.Values)).Label($"{t}");
        });

    [Property(MaxTest = 100)]
    public Property Multiply_EqualsDenseReference() =>
        Prop.ForAll((from t in FactorTestData.SmallTriplets from k in Gen.Choose(1, 70) from seed in Gen.Choose(0, 1000) select (t, k, seed)).ToArbitrary(), c =>
        {
            (FactorTestData.Triplets t, int k, int seed) = c;
            SparseMatrix m = t.ToMatrix();
            float[] b = FactorTestData.Gaussian((ulong)seed, t.Columns * k);
            var product = new float[t.Rows * k];
            m.Multiply(b, k, product);
            double[] a = FactorTestData.Dense(m);
            double worst = 0;
            for (int r = 0; r < t.Rows; r++)
            {
                for (int j = 0; j < k; j++)
                {
                    double sum = 0, scale = 0;
                    for (int p = 0; p < t.Columns; p++)
                    {
                        sum += a[(r * t.Columns) + p] * b[(p * k) + j];
                        scale += Math.Abs(a[(r * t.Columns) + p] * b[(p * k) + j]);
                    }

                    worst = Math.Max(worst, Math.Abs(product[(r * k) + j] - sum) / Math.Max(scale, 1e-30));
                }
            }

            return (worst < 1e-5).Label($"{t}, k = {k}: relative error {worst}");
        });

    [Fact]
    public void Multiply_AnyThreadCount_GivesIdenticalResults()
    {
        SparseMatrix m = FactorTestData.RandomTriplets(5, 3000, 700, 60_000).ToMatrix();
        float[] b = FactorTestData.Gaussian(6, 700 * 74);
        var one = new float[3000 * 74];
        var many = new float[3000 * 74];
        m.Multiply(b, 74, one, maxDegreeOfParallelism: 1);
        m.Multiply(b, 74, many, maxDegreeOfParallelism: 4);
        Assert.Equal(one, many);
    }

    [Fact]
    public void FromTriplets_BadInput_ThrowsNamingTheArgument()
    {
        Assert.Throws<ArgumentException>("rowIndices", () => SparseMatrix.FromTriplets(2, 2, [0, 2], [0, 0], [1f, 1f]));
        Assert.Throws<ArgumentException>("columnIndices", () => SparseMatrix.FromTriplets(2, 2, [0, 1], [0, -1], [1f, 1f]));
        Assert.Throws<ArgumentException>("values", () => SparseMatrix.FromTriplets(2, 2, [0, 1], [0, 1], [1f, float.NaN]));
        Assert.Throws<ArgumentException>("values", () => SparseMatrix.FromTriplets(2, 2, [0, 1], [0, 1], [1f]));
        Assert.Throws<ArgumentException>("columnIndices", () => SparseMatrix.FromTriplets(2, 2, [0, 1], [0], [1f, 1f]));
        Assert.Throws<ArgumentException>("values", () => SparseMatrix.FromTriplets(1, 1, [0, 0], [0, 0], [float.MaxValue, float.MaxValue]));
        Assert.Throws<ArgumentOutOfRangeException>("rows", () => SparseMatrix.FromTriplets(-1, 2, [], [], []));
        Assert.Throws<ArgumentException>("columnIndices", () => SparseMatrix.FromCsr(1, 3, [0, 2], [2, 1], [1f, 1f]));
        Assert.Throws<ArgumentException>("rowPointers", () => SparseMatrix.FromCsr(2, 3, [0, 2], [0, 1], [1f, 1f]));
        Assert.Throws<ArgumentException>("dense", () => SparseMatrix.FromCsr(1, 3, [0, 1], [0], [1f]).Multiply(new float[5], 2, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>("row", () => SparseMatrix.FromCsr(1, 3, [0, 1], [0], [1f]).RowColumns(1));
    }

    [Fact]
    public void FromCsr_ValidArrays_RoundTrip()
    {
        SparseMatrix m = SparseMatrix.FromCsr(3, 3, [0, 1, 1, 3], [2, 0, 1], [5f, 6f, 7f]);
        Assert.Equal(5f, m[0, 2]);
        Assert.Equal(7f, m[2, 1]);
        Assert.Equal(3, m.NonZeroCount);
    }
}
