// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Profiles.Core;

/// <summary>
/// The width-generic top-K kernels behind <see cref="TopK"/>: selection over precomputed scores, and the fused
/// inner-product search. Each is written once over <see cref="ISimdVector{TSelf}"/>, so tests can run every width.
/// </summary>
internal static partial class TopKKernel
{
    /// <summary>Returns whether any lane of <paramref name="value"/> is greater than the same lane of <paramref name="threshold"/> (false for NaN lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreater<TV>(TV value, TV threshold)
        where TV : struct, ISimdVector<TV>
    {
        if (typeof(TV) == typeof(Vec512))
        {
            return Vector512.GreaterThanAny(Unsafe.BitCast<TV, Vector512<float>>(value), Unsafe.BitCast<TV, Vector512<float>>(threshold));
        }

        if (typeof(TV) == typeof(Vec256))
        {
            return Vector256.GreaterThanAny(Unsafe.BitCast<TV, Vector256<float>>(value), Unsafe.BitCast<TV, Vector256<float>>(threshold));
        }

        if (typeof(TV) == typeof(Vec128))
        {
            return Vector128.GreaterThanAny(Unsafe.BitCast<TV, Vector128<float>>(value), Unsafe.BitCast<TV, Vector128<float>>(threshold));
        }

        return Unsafe.BitCast<TV, float>(value) > Unsafe.BitCast<TV, float>(threshold);
    }

    /// <summary>Returns a bit per lane: set where <paramref name="value"/> is greater than <paramref name="threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint GreaterMask<TV>(TV value, TV threshold)
        where TV : struct, ISimdVector<TV>
    {
        if (typeof(TV) == typeof(Vec512))
        {
            return (uint)Vector512.GreaterThan(Unsafe.BitCast<TV, Vector512<float>>(value), Unsafe.BitCast<TV, Vector512<float>>(threshold)).ExtractMostSignificantBits();
        }

        if (typeof(TV) == typeof(Vec256))
        {
            return Vector256.GreaterThan(Unsafe.BitCast<TV, Vector256<float>>(value), Unsafe.BitCast<TV, Vector256<float>>(threshold)).ExtractMostSignificantBits();
        }

        if (typeof(TV) == typeof(Vec128))
        {
            return Vector128.GreaterThan(Unsafe.BitCast<TV, Vector128<float>>(value), Unsafe.BitCast<TV, Vector128<float>>(threshold)).ExtractMostSignificantBits();
        }

        return Unsafe.BitCast<TV, float>(value) > Unsafe.BitCast<TV, float>(threshold) ? 1u : 0u;
    }

    /// <summary>Returns whether bit <paramref name="item"/> of <paramref name="allowed"/> is set (an empty span allows everything).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAllowed(ReadOnlySpan<ulong> allowed, int item) =>
        allowed.IsEmpty || ((allowed[item >> 6] >> (item & 63)) & 1UL) != 0;

    /// <summary>
    /// Selects the <paramref name="k"/> best of one user's precomputed <paramref name="scores"/> into the first
    /// <paramref name="k"/> slots of <paramref name="indices"/> and <paramref name="topScores"/>, best first, and returns how
    /// many slots hold an item. Arguments are validated by the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Select<TV>(ReadOnlySpan<float> scores, int k, Span<int> indices, Span<float> topScores, ReadOnlySpan<int> seen, ReadOnlySpan<ulong> allowed)
        where TV : struct, ISimdVector<TV>
    {
        ref float hs = ref MemoryMarshal.GetReference(topScores);
        ref int hi = ref MemoryMarshal.GetReference(indices);
        TopKHeap.Reset(ref hs, ref hi, k);
        var state = new SelectState(k, seen, allowed);
        ref float s0 = ref MemoryMarshal.GetReference(scores);
        nuint n = (nuint)scores.Length;
        nuint c = (nuint)TV.Count;
        nuint i = 0;
        if (TV.Count > 1)
        {
            for (; i + (4 * c) <= n; i += 4 * c)
            {
                TV t = TV.Broadcast(hs);
                if (AnyGreater(TV.Load(ref s0, i), t) | AnyGreater(TV.Load(ref s0, i + c), t) |
                    AnyGreater(TV.Load(ref s0, i + (2 * c)), t) | AnyGreater(TV.Load(ref s0, i + (3 * c)), t))
                {
                    for (nuint j = i; j < i + (4 * c); j++)
                    {
                        state.Offer(ref hs, ref hi, Unsafe.Add(ref s0, j), (int)j);
                    }
                }
            }

            for (; i + c <= n; i += c)
            {
                if (AnyGreater(TV.Load(ref s0, i), TV.Broadcast(hs)))
                {
                    for (nuint j = i; j < i + c; j++)
                    {
                        state.Offer(ref hs, ref hi, Unsafe.Add(ref s0, j), (int)j);
                    }
                }
            }
        }

        for (; i < n; i++)
        {
            state.Offer(ref hs, ref hi, Unsafe.Add(ref s0, i), (int)i);
        }

        return TopKHeap.Finish(ref hs, ref hi, k);
    }

    /// <summary>The per-user state of a selection over precomputed scores: the seen-list cursor and the allow-list.</summary>
    private ref struct SelectState(int k, ReadOnlySpan<int> seen, ReadOnlySpan<ulong> allowed)
    {
        private readonly ReadOnlySpan<int> _seen = seen;
        private readonly ReadOnlySpan<ulong> _allowed = allowed;
        private readonly int _k = k;
        private int _cursor;

        /// <summary>Offers item <paramref name="item"/> (items come in increasing order): keeps it if it beats the root and is neither seen nor filtered out.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(ref float hs, ref int hi, float score, int item)
        {
            if (!(score > hs) || !IsAllowed(_allowed, item))
            {
                return;
            }

            while (_cursor < _seen.Length && _seen[_cursor] < item)
            {
                _cursor++;
            }

            if (_cursor < _seen.Length && _seen[_cursor] == item)
            {
                return;
            }

            TopKHeap.ReplaceRoot(ref hs, ref hi, _k, score, item);
        }
    }
}
