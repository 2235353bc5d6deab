// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <content>The fused inner-product search: blocked scoring with the selection in the product's epilogue.</content>
internal static partial class TopKKernel
{
    /// <summary>
    /// The bytes of item rows per block: a block is re-read from L2 once per panel of users (L2 is 1 MiB on the
    /// measured machine; the block shares it with the packed users and the heaps).
    /// </summary>
    public const int BlockBytes = 256 * 1024;

    /// <summary>Gets the users per panel at a width: four vectors of users with AVX-512 (32 registers), else two.</summary>
    public static int PanelUsers(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => 4 * Vector512Lanes,
        SimdWidth.Vector256 => 2 * 8,
        SimdWidth.Vector128 => 2 * 4,
        _ => 2,
    };

    private const int Vector512Lanes = 16;

    /// <summary>
    /// Runs the search for <c>b = users.Length / d</c> users at the given width on up to <paramref name="threads"/>
    /// threads. Arguments are validated by the caller.
    /// </summary>
    public static void Search(
        SimdWidth width, ReadOnlyMemory<float> users, ReadOnlyMemory<float> items, int dimensions, int k,
        Memory<int> indices, Memory<float> scores, TopKSeenItems? seen, ReadOnlyMemory<ulong> allowed, int threads)
    {
        int b = users.Length / dimensions;
        if (b == 0)
        {
            return;
        }

        int panels = (b + PanelUsers(width) - 1) / PanelUsers(width);
        threads = Math.Max(1, Math.Min(threads, panels));
        var job = new SearchJob(width, users, items, dimensions, k, indices, scores, seen, allowed, threads, panels);
        if (threads == 1)
        {
            job.Run(0);
        }
        else
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, job.Run);
        }
    }

    /// <summary>One search call; each thread takes a contiguous range of user panels and streams all items over them.</summary>
    private sealed class SearchJob(
        SimdWidth width, ReadOnlyMemory<float> users, ReadOnlyMemory<float> items, int dimensions, int k,
        Memory<int> indices, Memory<float> scores, TopKSeenItems? seen, ReadOnlyMemory<ulong> allowed, int threads, int panels)
    {
        private readonly int _b = users.Length / dimensions;
        private readonly int _n = items.Length / dimensions;

        public void Run(int thread)
        {
            int first = (int)((long)panels * thread / threads);
            int end = (int)((long)panels * (thread + 1) / threads);
            if (end <= first)
            {
                return;
            }

            switch (width)
            {
                case SimdWidth.Vector512: Run<Vec512>(first, end); break;
                case SimdWidth.Vector256: Run<Vec256>(first, end); break;
                case SimdWidth.Vector128: Run<Vec128>(first, end); break;
                default: Run<Vec1>(first, end); break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Run<TV>(int firstPanel, int endPanel)
            where TV : struct, ISimdVector<TV>
        {
            bool wide = typeof(TV) == typeof(Vec512);
            int p = (wide ? 4 : 2) * TV.Count;
            int d = dimensions;
            int panelCount = endPanel - firstPanel;
            int firstUser = firstPanel * p;
            int slots = panelCount * p;
            float[] packed = ArrayPool<float>.Shared.Rent(slots * d);
            float[] heapScores = ArrayPool<float>.Shared.Rent(slots * k);
            int[] heapIndices = ArrayPool<int>.Shared.Rent(slots * k);
            float[] thresholds = ArrayPool<float>.Shared.Rent(slots);
            int[] cursors = ArrayPool<int>.Shared.Rent(slots);
            try
            {
                Pack(users.Span, firstUser, slots, p, d, packed);
                ReadOnlySpan<int> seenOffsets = seen is null ? default : seen.Offsets.Span;
                for (int s = 0; s < slots; s++)
                {
                    bool real = firstUser + s < _b;

                    // Padding users never take a candidate: nothing is greater than +inf.
                    thresholds[s] = real ? float.NegativeInfinity : float.PositiveInfinity;
                    cursors[s] = real && seen is not null ? seenOffsets[firstUser + s] : 0;
                }

                TopKHeap.Reset(ref heapScores[0], ref heapIndices[0], slots * k);
                var state = new SearchState(k, firstUser, heapScores, heapIndices, thresholds, cursors, seen, allowed.Span);
                Stream<TV>(packed, panelCount, p, ref state);

                Span<int> outIndices = indices.Span;
                Span<float> outScores = scores.Span;
                for (int s = 0; s < slots && firstUser + s < _b; s++)
                {
                    TopKHeap.Finish(ref heapScores[s * k], ref heapIndices[s * k], k);
                    heapIndices.AsSpan(s * k, k).CopyTo(outIndices.Slice((firstUser + s) * k, k));
                    heapScores.AsSpan(s * k, k).CopyTo(outScores.Slice((firstUser + s) * k, k));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packed);
                ArrayPool<float>.Shared.Return(heapScores);
                ArrayPool<int>.Shared.Return(heapIndices);
                ArrayPool<float>.Shared.Return(thresholds);
                ArrayPool<int>.Shared.Return(cursors);
            }
        }

        /// <summary>Streams the items block by block over every panel of this thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Stream<TV>(float[] packed, int panelCount, int p, ref SearchState state)
            where TV : struct, ISimdVector<TV>
        {
            bool wide = typeof(TV) == typeof(Vec512);
            int d = dimensions;
            int n = _n;
            ReadOnlySpan<ulong> allowedBits = allowed.Span;
            bool filtered = !allowedBits.IsEmpty;
            ref float c0 = ref SimdMath.Ref(items.Span);
            ref float thr0 = ref state.Thresholds[0];
            Span<float> tileBuffer = stackalloc float[4 * 4 * Vector512Lanes];
            ref float tile = ref tileBuffer[0];
            int block = Math.Max(4, (BlockBytes / (d * sizeof(float))) & ~3);
            for (int start = 0; start < n; start += block)
            {
                int end = Math.Min(n, start + block);
                for (int panel = 0; panel < panelCount; panel++)
                {
                    ref float pk = ref packed[panel * p * d];
                    int slot0 = panel * p;
                    ref float thr = ref Unsafe.Add(ref thr0, slot0);
                    int j = start;
                    for (; j + 4 <= end; j += 4)
                    {
                        // Tiles start at multiples of 4, so their four allow bits share a word.
                        if (filtered && ((allowedBits[j >> 6] >> (j & 63)) & 0xFUL) == 0)
                        {
                            continue;
                        }

                        ref float row = ref Unsafe.Add(ref c0, (nuint)j * (nuint)d);
                        bool hit = wide
                            ? Tile4x4<TV>(ref pk, (nuint)p, ref row, (nuint)d, ref thr, ref tile)
                            : Tile4x2<TV>(ref pk, (nuint)p, ref row, (nuint)d, ref thr, ref tile);
                        if (hit)
                        {
                            state.Consider<TV>(ref tile, 4, j, slot0, p);
                        }
                    }

                    for (; j < end; j++)
                    {
                        if (filtered && !IsAllowed(allowedBits, j))
                        {
                            continue;
                        }

                        ref float row = ref Unsafe.Add(ref c0, (nuint)j * (nuint)d);
                        bool hit = wide
                            ? Tile1x4<TV>(ref pk, (nuint)p, ref row, (nuint)d, ref thr, ref tile)
                            : Tile1x2<TV>(ref pk, (nuint)p, ref row, (nuint)d, ref thr, ref tile);
                        if (hit)
                        {
                            state.Consider<TV>(ref tile, 1, j, slot0, p);
                        }
                    }
                }
            }
        }

        /// <summary>Copies the users of this thread into panels of <paramref name="p"/> columns (<c>d x p</c> each, zero padded).</summary>
        private static void Pack(ReadOnlySpan<float> users, int firstUser, int slots, int p, int d, float[] packed)
        {
            int b = users.Length / d;
            for (int s = 0; s < slots; s++)
            {
                int panel = s / p;
                int col = s % p;
                int user = firstUser + s;
                int baseOffset = (panel * p * d) + col;
                if (user < b)
                {
                    ReadOnlySpan<float> row = users.Slice(user * d, d);
                    for (int kk = 0; kk < d; kk++)
                    {
                        packed[baseOffset + (kk * p)] = row[kk];
                    }
                }
                else
                {
                    for (int kk = 0; kk < d; kk++)
                    {
                        packed[baseOffset + (kk * p)] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>The heaps, thresholds and seen-list cursors of one thread's users (its slots).</summary>
    private ref struct SearchState(
        int k, int firstUser, float[] heapScores, int[] heapIndices, float[] thresholds, int[] cursors, TopKSeenItems? seen, ReadOnlySpan<ulong> allowed)
    {
        private readonly ReadOnlySpan<int> _seenOffsets = seen is null ? default : seen.Offsets.Span;
        private readonly ReadOnlySpan<int> _seenIndices = seen is null ? default : seen.Indices.Span;
        private readonly ReadOnlySpan<ulong> _allowed = allowed;

        public readonly float[] Thresholds => thresholds;

        /// <summary>
        /// Offers the items of a tile whose pre-filter fired: for each item in order, each slot whose score beats its
        /// current threshold, unless the item is filtered out or seen.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public readonly void Consider<TV>(ref float tile, int rows, int firstItem, int slot0, int p)
            where TV : struct, ISimdVector<TV>
        {
            int c = TV.Count;
            ref float thr = ref thresholds[slot0];
            for (int i = 0; i < rows; i++)
            {
                int item = firstItem + i;
                if (!IsAllowed(_allowed, item))
                {
                    continue;
                }

                ref float scoresOfItem = ref Unsafe.Add(ref tile, i * p);
                for (int v = 0; v < p; v += c)
                {
                    uint bits = GreaterMask(TV.Load(ref scoresOfItem, (nuint)v), TV.Load(ref thr, (nuint)v));
                    while (bits != 0)
                    {
                        int lane = BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        Offer(slot0 + v + lane, Unsafe.Add(ref scoresOfItem, v + lane), item);
                    }
                }
            }
        }

        private readonly void Offer(int slot, float score, int item)
        {
            if (!_seenIndices.IsEmpty)
            {
                int end = _seenOffsets[firstUser + slot + 1];
                ref int cursor = ref cursors[slot];
                while (cursor < end && _seenIndices[cursor] < item)
                {
                    cursor++;
                }

                if (cursor < end && _seenIndices[cursor] == item)
                {
                    return;
                }
            }

            ref float hs = ref heapScores[slot * k];
            TopKHeap.ReplaceRoot(ref hs, ref heapIndices[slot * k], k, score, item);
            thresholds[slot] = hs;
        }
    }

    // The micro-kernels: a tile of items x user vectors, each score an FMA chain over the dimensions in index order
    // (the same chain in every tile shape and every vector width), then the pre-filter against the users' thresholds.
    // Only when a score beats its threshold are the scores stored for the scalar follow-up.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Tile4x4<TV>(ref float panel, nuint p, ref float item0, nuint d, ref float thr, ref float tile)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        TV a00 = TV.Zero, a01 = TV.Zero, a02 = TV.Zero, a03 = TV.Zero;
        TV a10 = TV.Zero, a11 = TV.Zero, a12 = TV.Zero, a13 = TV.Zero;
        TV a20 = TV.Zero, a21 = TV.Zero, a22 = TV.Zero, a23 = TV.Zero;
        TV a30 = TV.Zero, a31 = TV.Zero, a32 = TV.Zero, a33 = TV.Zero;
        ref float item1 = ref Unsafe.Add(ref item0, d);
        ref float item2 = ref Unsafe.Add(ref item0, 2 * d);
        ref float item3 = ref Unsafe.Add(ref item0, 3 * d);
        for (nuint kk = 0; kk < d; kk++)
        {
            ref float uk = ref Unsafe.Add(ref panel, kk * p);
            TV u0 = TV.Load(ref uk, 0);
            TV u1 = TV.Load(ref uk, c);
            TV u2 = TV.Load(ref uk, 2 * c);
            TV u3 = TV.Load(ref uk, 3 * c);
            TV x = TV.Broadcast(Unsafe.Add(ref item0, kk));
            a00 = TV.MultiplyAdd(x, u0, a00);
            a01 = TV.MultiplyAdd(x, u1, a01);
            a02 = TV.MultiplyAdd(x, u2, a02);
            a03 = TV.MultiplyAdd(x, u3, a03);
            x = TV.Broadcast(Unsafe.Add(ref item1, kk));
            a10 = TV.MultiplyAdd(x, u0, a10);
            a11 = TV.MultiplyAdd(x, u1, a11);
            a12 = TV.MultiplyAdd(x, u2, a12);
            a13 = TV.MultiplyAdd(x, u3, a13);
            x = TV.Broadcast(Unsafe.Add(ref item2, kk));
            a20 = TV.MultiplyAdd(x, u0, a20);
            a21 = TV.MultiplyAdd(x, u1, a21);
            a22 = TV.MultiplyAdd(x, u2, a22);
            a23 = TV.MultiplyAdd(x, u3, a23);
            x = TV.Broadcast(Unsafe.Add(ref item3, kk));
            a30 = TV.MultiplyAdd(x, u0, a30);
            a31 = TV.MultiplyAdd(x, u1, a31);
            a32 = TV.MultiplyAdd(x, u2, a32);
            a33 = TV.MultiplyAdd(x, u3, a33);
        }

        TV t0 = TV.Load(ref thr, 0);
        TV t1 = TV.Load(ref thr, c);
        TV t2 = TV.Load(ref thr, 2 * c);
        TV t3 = TV.Load(ref thr, 3 * c);
        bool any =
            AnyGreater(a00, t0) | AnyGreater(a01, t1) | AnyGreater(a02, t2) | AnyGreater(a03, t3) |
            AnyGreater(a10, t0) | AnyGreater(a11, t1) | AnyGreater(a12, t2) | AnyGreater(a13, t3) |
            AnyGreater(a20, t0) | AnyGreater(a21, t1) | AnyGreater(a22, t2) | AnyGreater(a23, t3) |
            AnyGreater(a30, t0) | AnyGreater(a31, t1) | AnyGreater(a32, t2) | AnyGreater(a33, t3);
        if (!any)
        {
            return false;
        }

        TV.Store(a00, ref tile, 0);
        TV.Store(a01, ref tile, c);
        TV.Store(a02, ref tile, 2 * c);
        TV.Store(a03, ref tile, 3 * c);
        TV.Store(a10, ref tile, p);
        TV.Store(a11, ref tile, p + c);
        TV.Store(a12, ref tile, p + (2 * c));
        TV.Store(a13, ref tile, p + (3 * c));
        TV.Store(a20, ref tile, 2 * p);
        TV.Store(a21, ref tile, (2 * p) + c);
        TV.Store(a22, ref tile, (2 * p) + (2 * c));
        TV.Store(a23, ref tile, (2 * p) + (3 * c));
        TV.Store(a30, ref tile, 3 * p);
        TV.Store(a31, ref tile, (3 * p) + c);
        TV.Store(a32, ref tile, (3 * p) + (2 * c));
        TV.Store(a33, ref tile, (3 * p) + (3 * c));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Tile4x2<TV>(ref float panel, nuint p, ref float item0, nuint d, ref float thr, ref float tile)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        TV a00 = TV.Zero, a01 = TV.Zero, a10 = TV.Zero, a11 = TV.Zero;
        TV a20 = TV.Zero, a21 = TV.Zero, a30 = TV.Zero, a31 = TV.Zero;
        ref float item1 = ref Unsafe.Add(ref item0, d);
        ref float item2 = ref Unsafe.Add(ref item0, 2 * d);
        ref float item3 = ref Unsafe.Add(ref item0, 3 * d);
        for (nuint kk = 0; kk < d; kk++)
        {
            ref float uk = ref Unsafe.Add(ref panel, kk * p);
            TV u0 = TV.Load(ref uk, 0);
            TV u1 = TV.Load(ref uk, c);
            TV x = TV.Broadcast(Unsafe.Add(ref item0, kk));
            a00 = TV.MultiplyAdd(x, u0, a00);
            a01 = TV.MultiplyAdd(x, u1, a01);
            x = TV.Broadcast(Unsafe.Add(ref item1, kk));
            a10 = TV.MultiplyAdd(x, u0, a10);
            a11 = TV.MultiplyAdd(x, u1, a11);
            x = TV.Broadcast(Unsafe.Add(ref item2, kk));
            a20 = TV.MultiplyAdd(x, u0, a20);
            a21 = TV.MultiplyAdd(x, u1, a21);
            x = TV.Broadcast(Unsafe.Add(ref item3, kk));
            a30 = TV.MultiplyAdd(x, u0, a30);
            a31 = TV.MultiplyAdd(x, u1, a31);
        }

        TV t0 = TV.Load(ref thr, 0);
        TV t1 = TV.Load(ref thr, c);
        bool any =
            AnyGreater(a00, t0) | AnyGreater(a01, t1) | AnyGreater(a10, t0) | AnyGreater(a11, t1) |
            AnyGreater(a20, t0) | AnyGreater(a21, t1) | AnyGreater(a30, t0) | AnyGreater(a31, t1);
        if (!any)
        {
            return false;
        }

        TV.Store(a00, ref tile, 0);
        TV.Store(a01, ref tile, c);
        TV.Store(a10, ref tile, p);
        TV.Store(a11, ref tile, p + c);
        TV.Store(a20, ref tile, 2 * p);
        TV.Store(a21, ref tile, (2 * p) + c);
        TV.Store(a30, ref tile, 3 * p);
        TV.Store(a31, ref tile, (3 * p) + c);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Tile1x4<TV>(ref float panel, nuint p, ref float item0, nuint d, ref float thr, ref float tile)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
        for (nuint kk = 0; kk < d; kk++)
        {
            ref float uk = ref Unsafe.Add(ref panel, kk * p);
            TV x = TV.Broadcast(Unsafe.Add(ref item0, kk));
            a0 = TV.MultiplyAdd(x, TV.Load(ref uk, 0), a0);
            a1 = TV.MultiplyAdd(x, TV.Load(ref uk, c), a1);
            a2 = TV.MultiplyAdd(x, TV.Load(ref uk, 2 * c), a2);
            a3 = TV.MultiplyAdd(x, TV.Load(ref uk, 3 * c), a3);
        }

        if (!(AnyGreater(a0, TV.Load(ref thr, 0)) | AnyGreater(a1, TV.Load(ref thr, c)) |
              AnyGreater(a2, TV.Load(ref thr, 2 * c)) | AnyGreater(a3, TV.Load(ref thr, 3 * c))))
        {
            return false;
        }

        TV.Store(a0, ref tile, 0);
        TV.Store(a1, ref tile, c);
        TV.Store(a2, ref tile, 2 * c);
        TV.Store(a3, ref tile, 3 * c);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Tile1x2<TV>(ref float panel, nuint p, ref float item0, nuint d, ref float thr, ref float tile)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        TV a0 = TV.Zero, a1 = TV.Zero;
        for (nuint kk = 0; kk < d; kk++)
        {
            ref float uk = ref Unsafe.Add(ref panel, kk * p);
            TV x = TV.Broadcast(Unsafe.Add(ref item0, kk));
            a0 = TV.MultiplyAdd(x, TV.Load(ref uk, 0), a0);
            a1 = TV.MultiplyAdd(x, TV.Load(ref uk, c), a1);
        }

        if (!(AnyGreater(a0, TV.Load(ref thr, 0)) | AnyGreater(a1, TV.Load(ref thr, c))))
        {
            return false;
        }

        TV.Store(a0, ref tile, 0);
        TV.Store(a1, ref tile, c);
        return true;
    }
}
