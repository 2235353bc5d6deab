// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class InteractionWeightingTests
{
    /// <summary>Small non-negative matrices (empty rows, columns stored in every row and repeated pairs included).</summary>
    private static Gen<SparseMatrix> NonNegative =>
        from rows in Gen.Choose(1, 30)
        from columns in Gen.Choose(1, 30)
        from count in Gen.Choose(0, 200)
        from seed in Gen.Choose(0, int.MaxValue)
        select FactorTestData.RandomTriplets((ulong)seed, rows, columns, count, positive: true).ToMatrix();

    private static double Idf(SparseMatrix m, int column)
    {
        int n = 0;
        for (int r = 0; r < m.Rows; r++)
        {
            n += m.RowColumns(r).IndexOf(column) >= 0 ? 1 : 0;
        }

        return Math.Log(1 + ((m.Rows - n + 0.5) / (n + 0.5)));
    }

    [Fact]
    public void Bm25_HandComputedMatrix_MatchesTheFormula()
    {
        // Row 0 is long (sum 6), row 1 short (sum 1), row 2 empty: mean length 7/3. Column 0 is in 2 of 3 rows, column 1 in 1.
        SparseMatrix m = SparseMatrix.FromTriplets(3, 2, [0, 0, 1], [0, 1, 0], [2f, 4f, 1f]);
        SparseMatrix w = InteractionWeighting.Bm25(m, k1: 1.2f, b: 0.75f);

        double idf0 = Math.Log(1 + (1.5 / 2.5)), idf1 = Math.Log(1 + (2.5 / 1.5));
        double norm0 = 0.25 + (0.75 * 6 / (7.0 / 3)), norm1 = 0.25 + (0.75 * 1 / (7.0 / 3));
        Assert.Equal([0, 2, 3, 3], w.RowPointers.ToArray());
        Assert.Equal([0, 1, 0], w.ColumnIndices.ToArray());
        Assert.Equal(2 * 2.2 / ((1.2 * norm0) + 2) * idf0, w[0, 0], 5);
        Assert.Equal(4 * 2.2 / ((1.2 * norm0) + 4) * idf1, w[0, 1], 5);
        Assert.Equal(1 * 2.2 / ((1.2 * norm1) + 1) * idf0, w[1, 0], 5);

        // The short row's entry outweighs the long row's equal-strength one: length normalisation.
        SparseMatrix equal = InteractionWeighting.Bm25(SparseMatrix.FromTriplets(2, 3, [0, 0, 0, 1], [0, 1, 2, 0], [1f, 1f, 1f, 1f]));
        Assert.True(equal[1, 0] > equal[0, 0], $"short row {equal[1, 0]}, long row {equal[0, 0]}");
    }

    [Property(MaxTest = 100)]
    public Property Bm25_KeepsThePatternAndMatchesTheFormula() =>
        Prop.ForAll(NonNegative.ToArbitrary(), Gen.Elements(0f, 0.5f, 0.8f, 1f).ToArbitrary(), Gen.Elements(0f, 1.2f, 100f).ToArbitrary(), (m, b, k1) =>
        {
            SparseMatrix w = InteractionWeighting.Bm25(m, k1, b);
            bool same = w.RowPointers.SequenceEqual(m.RowPointers) && w.ColumnIndices.SequenceEqual(m.ColumnIndices);
            double total = 0;
            foreach (float v in m.Values)
            {
                total += v;
            }

            double mean = total / m.Rows;
            double worst = 0;
            for (int r = 0; r < m.Rows; r++)
            {
                double length = 0;
                foreach (float v in m.RowValues(r))
                {
                    length += v;
                }

                double norm = mean > 0 ? 1 - b + (b * length / mean) : 1;
                ReadOnlySpan<int> columns = m.RowColumns(r);
                for (int p = 0; p < columns.Length; p++)
                {
                    double value = m.RowValues(r)[p];
                    double expected = value * (k1 + 1) / ((k1 * norm) + value) * Idf(m, columns[p]);
                    worst = Math.Max(worst, Math.Abs(w.RowValues(r)[p] - expected) / (1e-6 + Math.Abs(expected)));
                }
            }

            return (same && worst < 1e-4 && w.Values.IndexOfAnyExceptInRange(0f, float.MaxValue) < 0).Label($"same pattern {same}, worst relative error {worst}");
        });

    [Property(MaxTest = 100)]
    public Property TfIdf_IsSquareRootTimesIdf() =>
        Prop.ForAll(NonNegative.ToArbitrary(), m =>
        {
            SparseMatrix w = InteractionWeighting.TfIdf(m);
            bool same = w.RowPointers.SequenceEqual(m.RowPointers) && w.ColumnIndices.SequenceEqual(m.ColumnIndices);
            double worst = 0;
            for (int r = 0; r < m.Rows; r++)
            {
                ReadOnlySpan<int> columns = m.RowColumns(r);
                for (int p = 0; p < columns.Length; p++)
                {
                    double expected = Math.Sqrt(m.RowValues(r)[p]) * Idf(m, columns[p]);
                    worst = Math.Max(worst, Math.Abs(w.RowValues(r)[p] - expected) / (1e-6 + expected));
                }
            }

            return (same && worst < 1e-5).Label($"same pattern {same}, worst relative error {worst}");
        });

    [Fact]
    public void Weighting_BadInput_Throws()
    {
        SparseMatrix negative = SparseMatrix.FromTriplets(2, 2, [0, 1], [0, 1], [1f, -1f]);
        SparseMatrix ok = SparseMatrix.FromTriplets(2, 2, [0, 1], [0, 1], [1f, 2f]);
        Assert.Throws<ArgumentNullException>("interactions", () => InteractionWeighting.Bm25(null!));
        Assert.Throws<ArgumentNullException>("interactions", () => InteractionWeighting.TfIdf(null!));
        Assert.Throws<ArgumentException>("interactions", () => InteractionWeighting.Bm25(negative));
        Assert.Throws<ArgumentException>("interactions", () => InteractionWeighting.TfIdf(negative));
        Assert.Throws<ArgumentOutOfRangeException>("k1", () => InteractionWeighting.Bm25(ok, k1: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("b", () => InteractionWeighting.Bm25(ok, b: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>("b", () => InteractionWeighting.Bm25(ok, b: -0.1f));
    }
}
