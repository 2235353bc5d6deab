// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>
/// Re-weights an interaction matrix before <see cref="ImplicitAlsTrainer.Fit"/> with the text-retrieval weightings the
/// <c>implicit</c> library offers for ALS (<c>bm25_weight</c>, <c>tfidf_weight</c>): rows play the documents and columns
/// the terms, so heavy rows are length-normalised and columns stored in many rows get a low inverse document frequency.
/// </summary>
/// <remarks>
/// <para>
/// The <c>implicit</c> library weights the item x user matrix (items are the documents), which damps popular items by
/// length normalisation and long user histories by the inverse document frequency; pass
/// <c>interactions.Transpose()</c> and transpose the result back to get that orientation from a user x item matrix.
/// The stored pattern is kept: every stored entry stays stored, with a non-negative weight.
/// </para>
/// <para>
/// The inverse document frequency of a column stored in <c>n</c> of the <c>N</c> rows is
/// <c>log(1 + (N - n + 0.5) / (n + 0.5))</c> (the Robertson-Spärck Jones form used by Lucene), which is positive for every
/// <c>n</c>; <c>implicit</c> uses <c>log(N / (1 + n))</c>, which is nearly the same for <c>n</c> much smaller than <c>N</c>
/// but becomes zero or negative (an invalid ALS strength) for columns stored in most rows.
/// </para>
/// <para>The methods are pure functions of their arguments and thread-safe.</para>
/// </remarks>
public static class InteractionWeighting
{
    /// <summary>
    /// Weights every stored entry <c>r</c> of row <c>d</c> and column <c>t</c> by Okapi BM25:
    /// <c>r (k1 + 1) / (k1 (1 - b + b L_d / mean L) + r) · idf_t</c>, where <c>L_d</c> is the row's sum of values.
    /// </summary>
    /// <param name="interactions">The matrix of non-negative strengths; rows are the documents, columns the terms.</param>
    /// <param name="k1">The saturation <c>k1</c>: large values keep the weight nearly linear in <c>r</c>. The <c>implicit</c> library's ALS examples use 100.</param>
    /// <param name="b">The length normalisation <c>b</c> in [0, 1]: 0 ignores the row's length, 1 divides by its relative length. The <c>implicit</c> library's ALS examples use 0.8.</param>
    /// <returns>A matrix with the same pattern and the weighted values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interactions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="interactions"/> holds a negative value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k1"/> is negative or not finite, or <paramref name="b"/> is outside [0, 1].</exception>
    public static SparseMatrix Bm25(SparseMatrix interactions, float k1 = 100f, float b = 0.8f)
    {
        CheckNonNegative(Throw.IfNull(interactions));
        _ = Throw.IfNegativeOrNotFinite(k1);
        _ = Throw.IfGreaterThan(Throw.IfNegativeOrNotFinite(b), 1f, nameof(b));
        double[] idf = InverseDocumentFrequency(interactions);
        int rows = interactions.Rows;
        var lengths = new double[rows];
        double total = 0;
        for (int row = 0; row < rows; row++)
        {
            double length = 0;
            foreach (float value in interactions.RowValues(row))
            {
                length += value;
            }

            lengths[row] = length;
            total += length;
        }

        double meanLength = rows == 0 ? 0 : total / rows;
        ReadOnlySpan<int> pointers = interactions.RowPointers;
        ReadOnlySpan<int> columns = interactions.ColumnIndices;
        ReadOnlySpan<float> values = interactions.Values;
        var weighted = new float[values.Length];
        for (int row = 0; row < rows; row++)
        {
            double norm = meanLength > 0 ? 1 - b + (b * lengths[row] / meanLength) : 1;
            for (int p = pointers[row]; p < pointers[row + 1]; p++)
            {
                double r = values[p];
                double denominator = (k1 * norm) + r;
                weighted[p] = denominator > 0 ? (float)(r * (k1 + 1) / denominator * idf[columns[p]]) : 0f;
            }
        }

        return new SparseMatrix(rows, interactions.Columns, pointers.ToArray(), columns.ToArray(), weighted);
    }

    /// <summary>Weights every stored entry <c>r</c> of column <c>t</c> by <c>sqrt(r) · idf_t</c>, as the <c>implicit</c> library's <c>tfidf_weight</c>.</summary>
    /// <param name="interactions">The matrix of non-negative strengths; rows are the documents, columns the terms.</param>
    /// <returns>A matrix with the same pattern and the weighted values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interactions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="interactions"/> holds a negative value.</exception>
    public static SparseMatrix TfIdf(SparseMatrix interactions)
    {
        CheckNonNegative(Throw.IfNull(interactions));
        double[] idf = InverseDocumentFrequency(interactions);
        ReadOnlySpan<int> columns = interactions.ColumnIndices;
        ReadOnlySpan<float> values = interactions.Values;
        var weighted = new float[values.Length];
        for (int p = 0; p < weighted.Length; p++)
        {
            weighted[p] = (float)(Math.Sqrt(values[p]) * idf[columns[p]]);
        }

        return new SparseMatrix(interactions.Rows, interactions.Columns, interactions.RowPointers.ToArray(), columns.ToArray(), weighted);
    }

    /// <summary>Returns <c>log(1 + (N - n_t + 0.5) / (n_t + 0.5))</c> per column, with <c>n_t</c> the rows that store column <c>t</c>.</summary>
    private static double[] InverseDocumentFrequency(SparseMatrix interactions)
    {
        var counts = new int[interactions.Columns];
        foreach (int column in interactions.ColumnIndices)
        {
            counts[column]++;
        }

        double documents = interactions.Rows;
        var idf = new double[counts.Length];
        for (int t = 0; t < idf.Length; t++)
        {
            idf[t] = Math.Log(1 + ((documents - counts[t] + 0.5) / (counts[t] + 0.5)));
        }

        return idf;
    }

    private static void CheckNonNegative(SparseMatrix interactions)
    {
        ReadOnlySpan<float> values = interactions.Values;
        for (int p = 0; p < values.Length; p++)
        {
            if (values[p] < 0)
            {
                Throw.Argument(nameof(interactions), $"Interaction strengths must be non-negative; stored entry {p} is {values[p]}.");
            }
        }
    }
}
