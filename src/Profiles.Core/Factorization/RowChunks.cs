// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Splits the rows of a CSR matrix into consecutive chunks of about equal work (non-zeros plus a fixed cost per row) and
/// runs a body over them on up to a given number of threads. The chunks depend only on the matrix and the grain, never
/// on the thread count, so code that writes per-row or per-chunk results gives the same output for any thread count.
/// </summary>
internal static class RowChunks
{
    /// <summary>Returns the chunk boundaries: chunk <c>c</c> is rows <c>[bounds[c], bounds[c + 1])</c>.</summary>
    public static int[] Split(ReadOnlySpan<int> rowPointers, long rowCost, long grain)
    {
        int rows = rowPointers.Length - 1;
        long total = rowPointers[rows] - (long)rowPointers[0] + (rowCost * rows);
        int estimate = (int)Math.Clamp((total / Math.Max(1, grain)) + 2, 2, rows + 1L);
        var bounds = new System.Collections.Generic.List<int>(estimate) { 0 };
        long work = 0;
        for (int r = 0; r < rows; r++)
        {
            work += rowPointers[r + 1] - rowPointers[r] + rowCost;
            if (work >= grain && r + 1 < rows)
            {
                bounds.Add(r + 1);
                work = 0;
            }
        }

        if (rows > 0)
        {
            bounds.Add(rows);
        }

        return bounds.ToArray();
    }

    /// <summary>Returns boundaries splitting <paramref name="count"/> equal items into chunks of <paramref name="grain"/>.</summary>
    public static int[] Even(int count, int grain)
    {
        int chunks = count == 0 ? 0 : (int)((count + (long)grain - 1) / grain);
        var bounds = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++)
        {
            bounds[c] = (int)Math.Min(count, (long)c * grain);
        }

        return bounds;
    }

    /// <summary>Returns the thread count for <paramref name="maxDegreeOfParallelism"/> (-1 = all processors).</summary>
    public static int Threads(int maxDegreeOfParallelism, int chunks) =>
        Math.Max(1, Math.Min(maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism, chunks));

    /// <summary>Runs <paramref name="body"/>(chunk, firstRow, endRow) over every chunk on up to <paramref name="threads"/> threads.</summary>
    public static void Run(int[] bounds, int threads, Action<int, int, int> body, CancellationToken cancellationToken)
    {
        int chunks = bounds.Length - 1;
        if (threads <= 1 || chunks <= 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(c, bounds[c], bounds[c + 1]);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        _ = Parallel.For(0, chunks, options, c => body(c, bounds[c], bounds[c + 1]));
    }
}
