// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Profiles.Core;

// The arrival order of the rows of all blocks.
internal sealed partial class SyntheticWorldGenerator
{
    /// <summary>
    /// Puts the rows of all chunks in arrival order, that is by (arrival second, generation order): a counting sort by
    /// arrival day that keeps generation order, then within each day a stable counting sort by second of the day (or,
    /// for a small day, a sort of the unique keys (second, position)). Both give the one order the keys define.
    /// </summary>
    private (EventRow[] Rows, DirtyRow[] Dirty) Order(Chunk[] chunks, bool future)
    {
        long windowStart = future ? _end : _start;
        int days = future ? _futureDays : _days;
        long total = 0;
        foreach (Chunk c in chunks)
        {
            total += (future ? c.Future : c.Rows).Count;
        }

        if (total == 0)
        {
            return ([], []);
        }

        var dayStart = new int[days + 1];
        foreach (Chunk c in chunks)
        {
            RowBuffer buffer = future ? c.Future : c.Rows;
            EventRow[] data = buffer.Items;
            for (int i = 0; i < buffer.Count; i++)
            {
                dayStart[((data[i].Seconds - windowStart) / SecondsPerDay) + 1]++;
            }
        }

        for (int d = 0; d < days; d++)
        {
            dayStart[d + 1] += dayStart[d];
        }

        var next = (int[])dayStart.Clone();
        var rows = new EventRow[total];
        var second = new int[total]; // arrival second of the day
        foreach (Chunk c in chunks)
        {
            RowBuffer buffer = future ? c.Future : c.Rows;
            EventRow[] data = buffer.Items;
            List<(int Local, long Seconds)> badList = c.BadTimestamps;
            int b = 0;
            for (int i = 0; i < buffer.Count; i++)
            {
                long relative = data[i].Seconds - windowStart;
                int d = (int)(relative / SecondsPerDay);
                int position = next[d]++;
                rows[position] = data[i];
                second[position] = (int)(relative - (d * SecondsPerDay));
                if (!future && b < badList.Count && badList[b].Local == i)
                {
                    // The row arrived at the second it was made (kept in 'second'); its timestamp is the corrupted one.
                    rows[position].Seconds = badList[b++].Seconds;
                }
            }

            buffer.Release();
        }

        Parallel.For(0, days, ParallelOptions(), () => new OrderScratch(), (d, _, scratch) =>
        {
            int from = dayStart[d], length = dayStart[d + 1] - from;
            if (length > 1)
            {
                SortDay(rows.AsSpan(from, length), second.AsSpan(from, length), scratch);
            }

            return scratch;
        }, _ => { });

        var dirty = new List<DirtyRow>();
        for (int i = 0; i < rows.Length; i++)
        {
            DirtyRowKind reason = rows[i].Reason;
            if (reason != DirtyRowKind.None)
            {
                dirty.Add(new DirtyRow(i, reason));
            }
        }

        return (rows, dirty.ToArray());
    }

    /// <summary>Sorts one day's rows by (second, position), stably.</summary>
    private static void SortDay(Span<EventRow> rows, ReadOnlySpan<int> second, OrderScratch scratch)
    {
        int n = rows.Length;
        if (scratch.Rows.Length < n)
        {
            scratch.Rows = new EventRow[Math.Max(n, scratch.Rows.Length * 2)];
            scratch.Keys = new ulong[scratch.Rows.Length];
        }

        Span<EventRow> sorted = scratch.Rows.AsSpan(0, n);
        if (n >= 8_192)
        {
            int[] start = scratch.SecondStart;
            Array.Clear(start);
            foreach (int s in second)
            {
                start[s + 1]++;
            }

            for (int s = 0; s < (int)SecondsPerDay; s++)
            {
                start[s + 1] += start[s];
            }

            for (int j = 0; j < n; j++)
            {
                sorted[start[second[j]]++] = rows[j];
            }
        }
        else
        {
            Span<ulong> keys = scratch.Keys.AsSpan(0, n);
            for (int j = 0; j < n; j++)
            {
                keys[j] = ((ulong)second[j] << 32) | (uint)j;
            }

            keys.Sort();
            for (int j = 0; j < n; j++)
            {
                sorted[j] = rows[(int)(uint)keys[j]];
            }
        }

        sorted.CopyTo(rows);
    }

    /// <summary>A thread's scratch space for <see cref="SortDay"/>.</summary>
    private sealed class OrderScratch
    {
        public EventRow[] Rows { get; set; } = [];

        public ulong[] Keys { get; set; } = [];

        public int[] SecondStart { get; } = new int[SecondsPerDay + 1];
    }
}
