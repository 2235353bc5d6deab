// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// An immutable sparse matrix of float32 values in compressed sparse row (CSR) form: row pointers, column indices and
/// values, with the column indices of every row sorted and unique.
/// </summary>
/// <remarks>
/// <para>
/// Memory: 8 bytes per non-zero (a 4-byte column index and a 4-byte value) plus 4 bytes per row for the row pointers.
/// Row pointers are <see cref="int"/>, so a matrix holds at most <see cref="Array.MaxLength"/> (about 2.1 billion)
/// non-zeros; 100 million take about 800 MB.
/// </para>
/// <para>
/// <see cref="Transpose"/> gives the column-major view (for a person x item matrix, the item x person matrix) as another
/// CSR matrix. <see cref="Multiply(ReadOnlySpan{float}, int, Span{float}, int)"/> multiplies by a dense row-major
/// matrix on several threads with SIMD; each output element is summed over the row's non-zeros in column order, so
/// the result is the same for any thread count.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class SparseMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly float[] _values;

    /// <summary>Wraps trusted CSR arrays (sorted, unique, in range, finite) without copying.</summary>
    internal SparseMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    /// <summary>Gets the number of rows.</summary>
    public int Rows { get; }

    /// <summary>Gets the number of columns.</summary>
    public int Columns { get; }

    /// <summary>Gets the number of stored (non-zero) entries.</summary>
    public int NonZeroCount => _values.Length;

    /// <summary>Gets the row pointers: row <c>r</c>'s entries are at <c>[RowPointers[r], RowPointers[r + 1])</c>; length <see cref="Rows"/> + 1.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Gets the column index of every stored entry, row by row, sorted within each row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>Gets the value of every stored entry, in the order of <see cref="ColumnIndices"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Gets the bytes the three arrays take: <c>8 NonZeroCount + 4 (Rows + 1)</c>.</summary>
    public long SizeInBytes => (8L * _values.Length) + (4L * _rowPointers.Length);

    /// <summary>Gets the value at (<paramref name="row"/>, <paramref name="column"/>), or 0 when no entry is stored there.</summary>
    /// <param name="row">The row, in [0, <see cref="Rows"/>).</param>
    /// <param name="column">The column, in [0, <see cref="Columns"/>).</param>
    /// <returns>The stored value, or 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> or <paramref name="column"/> is out of range.</exception>
    public float this[int row, int column]
    {
        get
        {
            CheckRow(row);
            if ((uint)column >= (uint)Columns)
            {
                Throw.OutOfRange(nameof(column), column, $"must be in [0, {Columns})");
            }

            int start = _rowPointers[row];
            int index = _columnIndices.AsSpan(start, _rowPointers[row + 1] - start).BinarySearch(column);
            return index >= 0 ? _values[start + index] : 0f;
        }
    }

    /// <summary>Creates a matrix from coordinate (COO) triplets, summing the values of repeated (row, column) pairs.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="rowIndices">The row of every triplet.</param>
    /// <param name="columnIndices">The column of every triplet.</param>
    /// <param name="values">The value of every triplet; finite.</param>
    /// <returns>The matrix, with sorted column indices in every row. Entries whose sum is 0 are kept (stored zeros).</returns>
    /// <remarks>Runs in <c>O(nnz + rows + columns)</c> time: two stable counting sorts (by column, then by row), then one merge pass.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    /// <exception cref="ArgumentException">
    /// The three spans differ in length, an index is out of range, or a value is NaN or infinite (the message names the
    /// argument and the position).
    /// </exception>
    public static SparseMatrix FromTriplets(int rows, int columns, ReadOnlySpan<int> rowIndices, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values)
    {
        _ = Throw.IfLessThan(rows, 0);
        _ = Throw.IfLessThan(columns, 0);
        if (columnIndices.Length != rowIndices.Length)
        {
            Throw.Argument(nameof(columnIndices), $"The column indices ({columnIndices.Length}) must be as many as the row indices ({rowIndices.Length}).");
        }

        if (values.Length != rowIndices.Length)
        {
            Throw.Argument(nameof(values), $"The values ({values.Length}) must be as many as the row indices ({rowIndices.Length}).");
        }

        CheckIndices(rowIndices, rows, nameof(rowIndices));
        CheckIndices(columnIndices, columns, nameof(columnIndices));
        Throw.IfAnyNotFinite(values, nameof(values));

        int count = values.Length;

        // Pass 1: stable counting sort by column.
        var columnStart = new int[columns + 1];
        foreach (int c in columnIndices)
        {
            columnStart[c + 1]++;
        }

        for (int c = 0; c < columns; c++)
        {
            columnStart[c + 1] += columnStart[c];
        }

        var byColumn = new int[count];
        for (int t = 0; t < count; t++)
        {
            byColumn[columnStart[columnIndices[t]]++] = t;
        }

        // Pass 2: stable counting sort by row; rows come out with their columns in order.
        var rowPointers = new int[rows + 1];
        foreach (int r in rowIndices)
        {
            rowPointers[r + 1]++;
        }

        for (int r = 0; r < rows; r++)
        {
            rowPointers[r + 1] += rowPointers[r];
        }

        var next = rowPointers.AsSpan(0, rows).ToArray();
        var sortedColumns = new int[count];
        var sortedValues = new float[count];
        foreach (int t in byColumn)
        {
            int slot = next[rowIndices[t]]++;
            sortedColumns[slot] = columnIndices[t];
            sortedValues[slot] = values[t];
        }

        // Pass 3: sum repeated (row, column) pairs in place.
        int write = 0;
        for (int r = 0; r < rows; r++)
        {
            int start = rowPointers[r];
            int end = rowPointers[r + 1];
            rowPointers[r] = write;
            for (int p = start; p < end; p++)
            {
                if (p > start && sortedColumns[p] == sortedColumns[write - 1])
                {
                    sortedValues[write - 1] += sortedValues[p];
                }
                else
                {
                    sortedColumns[write] = sortedColumns[p];
                    sortedValues[write] = sortedValues[p];
                    write++;
                }
            }
        }

        rowPointers[rows] = write;
        if (write != count)
        {
            Array.Resize(ref sortedColumns, write);
            Array.Resize(ref sortedValues, write);
        }

        int bad = SimdMath.IndexOfNonFinite(sortedValues);
        if (bad >= 0)
        {
            Throw.Argument(nameof(values), "The sum of the values of a repeated (row, column) pair overflows to infinity.");
        }

        return new SparseMatrix(rows, columns, rowPointers, sortedColumns, sortedValues);
    }

    /// <summary>Creates a matrix from CSR arrays, which are validated and copied.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="rowPointers">The row pointers: length <paramref name="rows"/> + 1, starting at 0, non-decreasing.</param>
    /// <param name="columnIndices">The column indices, strictly increasing within each row.</param>
    /// <param name="values">The values; finite.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    /// <exception cref="ArgumentException">An array has the wrong length or content (the message says which and where).</exception>
    public static SparseMatrix FromCsr(int rows, int columns, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values)
    {
        _ = Throw.IfLessThan(rows, 0);
        _ = Throw.IfLessThan(columns, 0);
        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != columnIndices.Length)
        {
            Throw.Argument(nameof(rowPointers), $"The row pointers must have rows + 1 = {rows + 1} entries, start at 0 and end at the number of column indices ({columnIndices.Length}).");
        }

        if (values.Length != columnIndices.Length)
        {
            Throw.Argument(nameof(values), $"The values ({values.Length}) must be as many as the column indices ({columnIndices.Length}).");
        }

        for (int r = 0; r < rows; r++)
        {
            int start = rowPointers[r];
            int end = rowPointers[r + 1];
            if (end < start)
            {
                Throw.Argument(nameof(rowPointers), $"The row pointers decrease at row {r} ({start} then {end}).");
            }

            for (int p = start; p < end; p++)
            {
                int c = columnIndices[p];
                if ((uint)c >= (uint)columns)
                {
                    Throw.Argument(nameof(columnIndices), $"The column index at position {p} is {c}; it must be in [0, {columns}).");
                }

                if (p > start && c <= columnIndices[p - 1])
                {
                    Throw.Argument(nameof(columnIndices), $"The column indices of row {r} must be strictly increasing; position {p} has {c} after {columnIndices[p - 1]}.");
                }
            }
        }

        Throw.IfAnyNotFinite(values, nameof(values));
        return new SparseMatrix(rows, columns, rowPointers.ToArray(), columnIndices.ToArray(), values.ToArray());
    }

    /// <summary>Gets the number of stored entries in <paramref name="row"/>.</summary>
    /// <param name="row">The row, in [0, <see cref="Rows"/>).</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    public int RowLength(int row)
    {
        CheckRow(row);
        return _rowPointers[row + 1] - _rowPointers[row];
    }

    /// <summary>Gets the sorted column indices of the entries stored in <paramref name="row"/>.</summary>
    /// <param name="row">The row, in [0, <see cref="Rows"/>).</param>
    /// <returns>The column indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    public ReadOnlySpan<int> RowColumns(int row)
    {
        CheckRow(row);
        return _columnIndices.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>Gets the values of the entries stored in <paramref name="row"/>, in the order of <see cref="RowColumns"/>.</summary>
    /// <param name="row">The row, in [0, <see cref="Rows"/>).</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    public ReadOnlySpan<float> RowValues(int row)
    {
        CheckRow(row);
        return _values.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>Returns the transpose (<see cref="Columns"/> x <see cref="Rows"/>) in CSR form, by one counting sort in <c>O(nnz + columns)</c>.</summary>
    /// <returns>The transpose; transposing it again gives a matrix equal to this one.</returns>
    public SparseMatrix Transpose()
    {
        var pointers = new int[Columns + 1];
        foreach (int c in _columnIndices)
        {
            pointers[c + 1]++;
        }

        for (int c = 0; c < Columns; c++)
        {
            pointers[c + 1] += pointers[c];
        }

        var next = pointers.AsSpan(0, Columns).ToArray();
        var rows = new int[_values.Length];
        var values = new float[_values.Length];
        for (int r = 0; r < Rows; r++)
        {
            for (int p = _rowPointers[r]; p < _rowPointers[r + 1]; p++)
            {
                int slot = next[_columnIndices[p]]++;
                rows[slot] = r;
                values[slot] = _values[p];
            }
        }

        return new SparseMatrix(Columns, Rows, pointers, rows, values);
    }

    /// <summary>
    /// Multiplies this matrix (<c>m x n</c>) by the dense row-major matrix <paramref name="dense"/> (<c>n x k</c>):
    /// effectively computes <c>destination[i, j] = sum_p A[i, p] * dense[p, j]</c>, summing over the row's stored entries
    /// in column order.
    /// </summary>
    /// <param name="dense">The dense matrix, row-major, <see cref="Columns"/> x <paramref name="denseColumns"/>.</param>
    /// <param name="denseColumns">The number of columns <c>k</c> of the dense matrix.</param>
    /// <param name="destination">Receives the product, row-major, <see cref="Rows"/> x <paramref name="denseColumns"/>; must not overlap <paramref name="dense"/>.</param>
    /// <param name="maxDegreeOfParallelism">The most threads, or -1 for all processors.</param>
    /// <remarks>
    /// Rows are split into chunks of about equal non-zero count and run in parallel; each row's entries are broadcast
    /// against SIMD vectors of the dense rows. NaN or infinity in <paramref name="dense"/> propagate as in IEEE arithmetic.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="denseColumns"/> is below 1, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or the spans overlap.</exception>
    public void Multiply(ReadOnlySpan<float> dense, int denseColumns, Span<float> destination, int maxDegreeOfParallelism = -1)
    {
        _ = Throw.IfLessThan(denseColumns, 1);
        CheckParallelism(maxDegreeOfParallelism);
        if (dense.Length != (long)Columns * denseColumns)
        {
            Throw.Argument(nameof(dense), $"The dense matrix must hold Columns x denseColumns = {(long)Columns * denseColumns} floats; it holds {dense.Length}.");
        }

        if (destination.Length != (long)Rows * denseColumns)
        {
            Throw.Argument(nameof(destination), $"The destination must hold Rows x denseColumns = {(long)Rows * denseColumns} floats; it holds {destination.Length}.");
        }

        if (dense.Overlaps(destination))
        {
            Throw.Argument(nameof(destination), "The destination must not overlap the dense matrix.");
        }

        MultiplyUnchecked(dense, denseColumns, destination, maxDegreeOfParallelism, CancellationToken.None);
    }

    /// <summary>The product of <see cref="Multiply"/> without argument checks, cancellable between chunks.</summary>
    internal unsafe void MultiplyUnchecked(ReadOnlySpan<float> dense, int denseColumns, Span<float> destination, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        if (Rows == 0)
        {
            return;
        }

        int[] bounds = RowChunks.Split(_rowPointers, rowCost: 4, grain: Math.Max(1024, 65536 / denseColumns));
        int threads = RowChunks.Threads(maxDegreeOfParallelism, bounds.Length - 1);
        fixed (float* b = dense)
        fixed (float* c = destination)
        {
            nint bAddress = (nint)b;
            nint cAddress = (nint)c;
            RowChunks.Run(bounds, threads, (_, first, end) => MultiplyRows((float*)bAddress, denseColumns, (float*)cAddress, first, end), cancellationToken);
        }
    }

    private unsafe void MultiplyRows(float* b, int k, float* c, int first, int end)
    {
        switch (SimdMath.Width)
        {
            case SimdWidth.Vector512: MultiplyRows<Vec512>(b, k, c, first, end); break;
            case SimdWidth.Vector256: MultiplyRows<Vec256>(b, k, c, first, end); break;
            case SimdWidth.Vector128: MultiplyRows<Vec128>(b, k, c, first, end); break;
            default: MultiplyRows<Vec1>(b, k, c, first, end); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void MultiplyRows<TV>(float* b, int k, float* c, int first, int end)
        where TV : struct, ISimdVector<TV>
    {
        int[] pointers = _rowPointers;
        int[] indices = _columnIndices;
        float[] values = _values;
        nuint w = (nuint)TV.Count;
        nuint n = (nuint)k;
        for (int r = first; r < end; r++)
        {
            ref float output = ref Unsafe.AsRef<float>(c + ((nuint)r * n));
            int start = pointers[r];
            int stop = pointers[r + 1];
            nuint j = 0;
            for (; j + (4 * w) <= n; j += 4 * w)
            {
                TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
                for (int p = start; p < stop; p++)
                {
                    ref float row = ref Unsafe.AsRef<float>(b + ((nuint)indices[p] * n) + j);
                    TV v = TV.Broadcast(values[p]);
                    a0 = TV.MultiplyAdd(v, TV.Load(ref row, 0), a0);
                    a1 = TV.MultiplyAdd(v, TV.Load(ref row, w), a1);
                    a2 = TV.MultiplyAdd(v, TV.Load(ref row, 2 * w), a2);
                    a3 = TV.MultiplyAdd(v, TV.Load(ref row, 3 * w), a3);
                }

                TV.Store(a0, ref output, j);
                TV.Store(a1, ref output, j + w);
                TV.Store(a2, ref output, j + (2 * w));
                TV.Store(a3, ref output, j + (3 * w));
            }

            for (; j + w <= n; j += w)
            {
                MultiplyVector<TV>(b, n, j, indices, values, start, stop, ref output);
            }

            if (j < n)
            {
                if (n >= w)
                {
                    // The last vector overlaps columns already done: they are recomputed in the same order, so the
                    // stored values are identical, and the tail avoids a scalar loop.
                    MultiplyVector<TV>(b, n, n - w, indices, values, start, stop, ref output);
                }
                else
                {
                    for (; j < n; j++)
                    {
                        float sum = 0f;
                        for (int p = start; p < stop; p++)
                        {
                            sum = (values[p] * b[((nuint)indices[p] * n) + j]) + sum;
                        }

                        Unsafe.Add(ref output, j) = sum;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void MultiplyVector<TV>(float* b, nuint n, nuint j, int[] indices, float[] values, int start, int stop, ref float output)
        where TV : struct, ISimdVector<TV>
    {
        TV acc = TV.Zero;
        for (int p = start; p < stop; p++)
        {
            acc = TV.MultiplyAdd(TV.Broadcast(values[p]), TV.Load(ref Unsafe.AsRef<float>(b + ((nuint)indices[p] * n) + j), 0), acc);
        }

        TV.Store(acc, ref output, j);
    }

    internal static void CheckParallelism(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            Throw.OutOfRange(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "must be -1 (all processors) or at least 1");
        }
    }

    private static void CheckIndices(ReadOnlySpan<int> indices, int bound, string paramName)
    {
        for (int t = 0; t < indices.Length; t++)
        {
            if ((uint)indices[t] >= (uint)bound)
            {
                Throw.Argument(paramName, $"The index at position {t} is {indices[t]}; it must be in [0, {bound}).");
            }
        }
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            Throw.OutOfRange(nameof(row), row, $"must be in [0, {Rows})");
        }
    }
}
