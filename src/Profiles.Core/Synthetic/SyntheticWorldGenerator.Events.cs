// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Profiles.Core;

// Events: sessions and funnels per person, repeats removed, dirty copies injected, future events and bots.
internal sealed partial class SyntheticWorldGenerator
{
    /// <summary>Generates every person's and bot's events, one chunk per block of persons (or bots), in parallel.</summary>
    private Chunk[] GenerateEvents()
    {
        int personChunks = (_persons + ChunkSize - 1) / ChunkSize;
        int botChunks = (_bots + BotsPerChunk - 1) / BotsPerChunk;
        var chunks = new Chunk[personChunks + botChunks];
        Parallel.For(0, chunks.Length, ParallelOptions(), c =>
        {
            var chunk = new Chunk();
            int done;
            if (c < personChunks)
            {
                int from = c * ChunkSize, to = Math.Min(_persons, from + ChunkSize);
                long expected = 0;
                for (int p = from; p < to; p++)
                {
                    expected += _target[p];
                }

                chunk.Rows.EnsureCapacity((int)Math.Min(1 << 26, (expected * (1.0 + _dirtyRate)) + 64));
                chunk.Future.EnsureCapacity((int)Math.Min(1 << 26, (expected * 1.25 * _futureDays / _days) + 64));
                for (int p = from; p < to; p++)
                {
                    GeneratePerson(p, chunk);
                }

                done = to - from;
            }
            else
            {
                int from = (c - personChunks) * BotsPerChunk, to = Math.Min(_bots, from + BotsPerChunk);
                for (int b = from; b < to; b++)
                {
                    GenerateBot(b, chunk);
                }

                done = to - from;
            }

            chunks[c] = chunk;
            Report(done);
        });
        return chunks;
    }

    private void GeneratePerson(int p, Chunk chunk)
    {
        RowBuffer rows = chunk.Rows;
        int cleanStart = rows.Count;
        Simulate(p, PersonStream(p, PersonEvents, chunk.Random), _start, _end, _trainingDayTable, _target[p], rows);
        RemoveRepeats(rows, cleanStart, _start, chunk);
        InjectDirtyRows(rows, cleanStart, rows.Count, PersonStream(p, PersonDirty, chunk.Random), chunk);

        if (_futureDayTable is not null)
        {
            DeterministicRandom r = PersonStream(p, PersonFuture, chunk.Random);
            int target = (int)Math.Round(_target[p] * (double)_futureDays / _days * (0.75 + (0.5 * r.NextDouble())));
            if (target > 0)
            {
                int futureStart = chunk.Future.Count;
                Simulate(p, r, _end, _futureEnd, _futureDayTable, target, chunk.Future);
                RemoveRepeats(chunk.Future, futureStart, _end, chunk);
            }
        }
    }

    /// <summary>Simulates sessions of one person until <paramref name="target"/> events exist in the window.</summary>
    private void Simulate(int p, DeterministicRandom r, long windowStart, long windowEnd, CumulativeTable days, int target, RowBuffer rows)
    {
        Span<int> slotOf = stackalloc int[PlatformCount];
        Span<double> cumulative = stackalloc double[PlatformCount];
        double total = 0d;
        int k = _slotStart[p];
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            bool owned = (_mask[p] & (1 << pl)) != 0;
            slotOf[pl] = owned ? _slots[k++] : -1;
            total += owned ? _prefs[(p * PlatformCount) + pl] : 0d;
            cumulative[pl] = total;
        }

        int remaining = target;
        for (int guard = 0; remaining > 0 && guard < (4 * target) + 16; guard++)
        {
            double u = r.NextDouble() * total;
            int pl = 0;
            while (pl < PlatformCount - 1 && (slotOf[pl] < 0 || cumulative[pl] <= u))
            {
                pl++;
            }

            while (slotOf[pl] < 0)
            {
                pl--;
            }

            long t = windowStart + (r.Choose(days) * SecondsPerDay) + (r.Choose(_hours) * 3_600L) + r.NextInt(3_600);
            int actions = s_sessionMin[pl] + r.NextInt(s_sessionSpan[pl]);
            for (int a = 0; a < actions && remaining > 0 && t < windowEnd; a++)
            {
                (int topic, bool inTaste) = PickTopic(p, r);
                int item = _rankItems[pl][topic][r.Choose(_zipf[pl][topic])];
                Funnel(pl, slotOf[pl], item, topic, inTaste, t, windowEnd, ref remaining, r, rows);
                t += 20 + r.NextInt(281);
            }
        }
    }

    private (int Topic, bool InTaste) PickTopic(int p, DeterministicRandom r)
    {
        if (r.Chance(_o.TasteNoise))
        {
            int t = r.Choose(_topicPopularity);
            return (t, _tastes[((long)p * _topicCount) + t] > 0f);
        }

        double u = r.NextDouble();
        int k = _tasteCount[p];
        double acc = 0d;
        for (int j = 0; j < k - 1; j++)
        {
            acc += _tasteWeights[(p * 4) + j];
            if (u < acc)
            {
                return (_tasteTopics[(p * 4) + j], true);
            }
        }

        return (_tasteTopics[(p * 4) + k - 1], true);
    }

    /// <summary>Emits what one person does with one item in a session: a view, and sometimes more.</summary>
    private void Funnel(int pl, int slot, int item, int topic, bool inTaste, long t, long end, ref int remaining, DeterministicRandom r, RowBuffer rows)
    {
        if (!Emit(rows, t, end, ref remaining, pl, slot, item, KindView))
        {
            return;
        }

        switch (pl)
        {
            case Shop:
                if (r.Chance(inTaste ? 0.14 : 0.04))
                {
                    long cart = t + 30 + r.NextInt(571);
                    if (Emit(rows, cart, end, ref remaining, pl, slot, item, KindAddToCart) && r.Chance(0.45))
                    {
                        long purchase = cart + 60 + r.NextInt(1_741);
                        if (Emit(rows, purchase, end, ref remaining, pl, slot, item, KindPurchase) && r.Chance(0.35))
                        {
                            long rated = purchase + ((1 + r.NextInt(14)) * SecondsPerDay) + r.NextInt(86_400);
                            int stars = 1 + r.Choose(inTaste ? _ratingInTaste : _ratingNoise);
                            if (Emit(rows, rated, end, ref remaining, pl, slot, item, KindRating, stars) && r.Chance(0.4))
                            {
                                int sentiment = stars >= 4 ? 2 : stars == 3 ? 1 : 0;
                                Emit(rows, rated + 5 + r.NextInt(116), end, ref remaining, pl, slot, item, KindComment, null, ReviewText(topic, sentiment, r.NextInt(PoolSize)));
                            }
                        }
                    }
                }

                break;

            case Social:
                if (r.Chance(inTaste ? 0.22 : 0.05))
                {
                    Emit(rows, t + 1 + r.NextInt(30), end, ref remaining, pl, slot, item, KindLike);
                }

                if (r.Chance(inTaste ? 0.04 : 0.01))
                {
                    Emit(rows, t + 5 + r.NextInt(116), end, ref remaining, pl, slot, item, KindShare);
                }

                if (r.Chance(inTaste ? 0.04 : 0.01))
                {
                    Emit(rows, t + 10 + r.NextInt(291), end, ref remaining, pl, slot, item, KindComment, null, CommentText(topic, r.NextInt(PoolSize)));
                }

                break;

            default:
                if (r.Chance(inTaste ? 0.35 : 0.1))
                {
                    long click = t + 2 + r.NextInt(59);
                    if (Emit(rows, click, end, ref remaining, pl, slot, item, KindClick) && r.Chance(0.9))
                    {
                        int seconds = inTaste ? 30 + r.NextInt(571) : 5 + r.NextInt(56);
                        Emit(rows, click + seconds, end, ref remaining, pl, slot, item, KindDwell, seconds);
                    }
                }

                break;
        }
    }

    private static bool Emit(RowBuffer rows, long t, long end, ref int remaining, int pl, int slot, int item, int kind, float? value = null, int text = -1)
    {
        if (remaining <= 0 || t >= end)
        {
            return false;
        }

        rows.Add(EventRow.Create(t, pl, slot, item, kind, value, text));
        remaining--;
        return true;
    }

    /// <summary>Drops clean rows that repeat (item, kind) of the same person within <see cref="MinRepeatGapSeconds"/> of a kept one.</summary>
    private static void RemoveRepeats(RowBuffer rows, int from, long windowStart, Chunk chunk)
    {
        int n = rows.Count - from;
        if (n < 2)
        {
            return;
        }

        chunk.EnsureScratch(n);
        ulong[] keys = chunk.Keys;
        int[] index = chunk.Index;
        bool[] drop = chunk.Drop;
        EventRow[] data = rows.Items;
        for (int i = 0; i < n; i++)
        {
            ref readonly EventRow row = ref data[from + i];
            keys[i] = ((ulong)row.Item << 37) | ((ulong)row.Kind << 32) | (ulong)(row.Seconds - windowStart);
            index[i] = i;
            drop[i] = false;
        }

        keys.AsSpan(0, n).Sort(index.AsSpan(0, n));

        // Equal keys: put their indices in increasing order, so the result does not depend on the sort algorithm.
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                index.AsSpan(i, j - i).Sort();
            }

            i = j;
        }

        ulong lastGroup = ulong.MaxValue;
        long lastKept = 0;
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            ulong group = keys[i] >> 32;
            long time = (long)(keys[i] & 0xFFFF_FFFFUL);
            if (group == lastGroup && time - lastKept < MinRepeatGapSeconds)
            {
                drop[index[i]] = true;
                any = true;
            }
            else
            {
                lastGroup = group;
                lastKept = time;
            }
        }

        if (!any)
        {
            return;
        }

        int write = from;
        for (int i = 0; i < n; i++)
        {
            if (!drop[i])
            {
                data[write++] = data[from + i];
            }
        }

        rows.Count = write;
    }

    /// <summary>Appends, after a person's clean rows, the dirty copies the rates call for; the clean rows are untouched.</summary>
    private void InjectDirtyRows(RowBuffer rows, int from, int to, DeterministicRandom r, Chunk chunk)
    {
        double c1 = _o.DuplicateRate;
        double c2 = c1 + _o.TimestampOutOfRangeRate;
        double c3 = c2 + _o.InvalidValueRate;
        double c4 = c3 + _o.UnknownKindRate;
        double c5 = c4 + _o.EmptyIdRate;
        double c6 = c5 + _o.OversizedTextRate;
        for (int i = from; i < to; i++)
        {
            double u = r.NextDouble();
            if (u >= c6)
            {
                continue;
            }

            EventRow row = rows.Items[i];
            long arrival = row.Seconds + r.NextInt(MaxDirtyDelaySeconds + 1);
            row.Seconds = arrival < _end ? arrival : row.Seconds;
            DirtyRowKind reason;
            if (u < c1)
            {
                reason = DirtyRowKind.Duplicate;
            }
            else if (u < c2)
            {
                reason = DirtyRowKind.TimestampOutOfRange;
                chunk.BadTimestamps.Add((rows.Count, BadTimestamp(r)));
            }
            else if (u < c3)
            {
                reason = DirtyRowKind.InvalidValue;
                row.SetValue(r.NextInt(4) switch
                {
                    0 => float.NaN,
                    1 => float.PositiveInfinity,
                    2 => float.NegativeInfinity,
                    _ => -(1 + r.NextInt(1_000)),
                });
            }
            else if (u < c4)
            {
                reason = DirtyRowKind.UnknownKind;
                row.SetKind(FirstUnknownKind + r.NextInt(UnknownKinds.Length));
            }
            else if (u < c5)
            {
                reason = DirtyRowKind.EmptyId;
                int code = -1 - r.NextInt(3);
                if (r.Chance(0.5))
                {
                    row.Account = code;
                }
                else
                {
                    row.Item = code;
                }
            }
            else
            {
                reason = DirtyRowKind.OversizedText;
                row.SetText(_oversizedBase + r.NextInt(OversizedCount));
            }

            row.SetReason(reason);
            rows.Add(row);
        }
    }

    private long BadTimestamp(DeterministicRandom r)
    {
        const long yearOne = -62_135_596_800L, lastSecond = 253_402_300_799L;
        return r.NextInt(20) switch
        {
            < 7 => 0L, // 1970-01-01T00:00:00Z: the classic zero
            < 11 => r.NextInt(365 * 86_400), // somewhere in 1970
            < 13 => yearOne,
            < 15 => lastSecond,
            // Years ahead: beyond the longest future window, so that the window's length moves nothing.
            _ => Math.Min(lastSecond, _end + ((3_651 + r.NextInt(30 * 365)) * SecondsPerDay) + r.NextInt(86_400)),
        };
    }

    private void GenerateBot(int b, Chunk chunk)
    {
        int pl = _botPlatform[b];
        int slot = _botSlots[b];
        DeterministicRandom r = BotStream(b, BotEvents);
        int n = _o.ItemsPerPlatform;
        int active = Math.Min(_days, 3 + r.NextInt(8));
        int startDay = r.NextInt(_days - active + 1);
        Span<int> promoted = stackalloc int[5];
        for (int i = 0; i < promoted.Length; i++)
        {
            promoted[i] = _itemOffset[pl] + r.NextInt(n);
        }

        for (int d = 0; d < active; d++)
        {
            int count = (int)Math.Round(_o.BotEventsPerDay * (0.8 + (0.4 * r.NextDouble())));
            long dayStart = _start + ((startDay + d) * SecondsPerDay);
            for (int e = 0; e < count; e++)
            {
                long t = dayStart + r.NextInt(86_400);
                int item = r.Chance(0.5) ? promoted[r.NextInt(promoted.Length)] : _itemOffset[pl] + r.NextInt(n);
                int kind, text = -1;
                double u = r.NextDouble();
                switch (pl)
                {
                    case Shop:
                        kind = u < 0.85 ? KindView : KindAddToCart;
                        break;
                    case Social:
                        kind = u < 0.5 ? KindView : u < 0.85 ? KindLike : u < 0.95 ? KindShare : KindComment;
                        text = kind == KindComment ? _spamBase + r.NextInt(SyntheticText.SpamTexts.Length) : -1;
                        break;
                    default:
                        kind = u < 0.6 ? KindView : KindClick;
                        break;
                }

                chunk.Rows.Add(EventRow.Create(t, pl, slot, item, kind, null, text, DirtyRowKind.Bot));
            }
        }
    }

    /// <summary>A growable array of rows.</summary>
    private sealed class RowBuffer
    {
        public EventRow[] Items = new EventRow[64];
        public int Count;

        public void EnsureCapacity(int capacity)
        {
            if (Items.Length < capacity)
            {
                Array.Resize(ref Items, capacity);
            }
        }

        public void Add(in EventRow row)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Items.Length * 2);
            }

            Items[Count++] = row;
        }

        public void Release()
        {
            Items = [];
            Count = 0;
        }
    }

    /// <summary>What one block of persons (or bots) produced, and its scratch space.</summary>
    private sealed class Chunk
    {
        public RowBuffer Rows { get; } = new();

        public RowBuffer Future { get; } = new();

        public List<(int Local, long Seconds)> BadTimestamps { get; } = [];

        public DeterministicRandom Random { get; } = new(0);

        public ulong[] Keys { get; private set; } = [];

        public int[] Index { get; private set; } = [];

        public bool[] Drop { get; private set; } = [];

        public void EnsureScratch(int n)
        {
            if (Keys.Length < n)
            {
                int size = Math.Max(n, Keys.Length * 2);
                Keys = new ulong[size];
                Index = new int[size];
                Drop = new bool[size];
            }
        }
    }
}
