// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>
/// The bounded selection buffer of the top-K kernels: a binary min-heap of <c>k</c> (score, index) pairs whose root is
/// the worst kept entry (the lowest score; among equal scores, the highest index). Empty slots hold the sentinel
/// (negative infinity, <see cref="int.MaxValue"/>), so a full heap needs no count and the root's score is always the
/// threshold a new candidate must beat.
/// </summary>
/// <remarks>
/// The kernels offer each user's items in increasing index order, so a candidate whose score equals the threshold has a
/// higher index than every kept entry and loses the tie: the test is a single strict <c>score &gt; threshold</c>, which
/// is also false for NaN and for negative infinity.
/// </remarks>
internal static class TopKHeap
{
    /// <summary>The index an empty slot holds until the end of the selection.</summary>
    public const int EmptyIndex = int.MaxValue;

    /// <summary>Fills <paramref name="count"/> slots with the sentinel.</summary>
    public static void Reset(ref float scores, ref int indices, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Unsafe.Add(ref scores, i) = float.NegativeInfinity;
            Unsafe.Add(ref indices, i) = EmptyIndex;
        }
    }

    /// <summary>Replaces the root with (<paramref name="score"/>, <paramref name="index"/>) and sifts it down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReplaceRoot(ref float scores, ref int indices, int k, float score, int index) =>
        SiftDown(ref scores, ref indices, k, 0, score, index);

    /// <summary>
    /// Sorts the heap's <paramref name="k"/> slots best first (descending score, ascending index), turns empty slots into
    /// index -1 with score negative infinity, and returns how many slots hold an item.
    /// </summary>
    public static int Finish(ref float scores, ref int indices, int k)
    {
        for (int end = k - 1; end > 0; end--)
        {
            // The root is the worst of slots 0..end: park it at the end and restore the heap on the rest.
            float rootScore = scores;
            int rootIndex = indices;
            float lastScore = Unsafe.Add(ref scores, end);
            int lastIndex = Unsafe.Add(ref indices, end);
            Unsafe.Add(ref scores, end) = rootScore;
            Unsafe.Add(ref indices, end) = rootIndex;
            SiftDown(ref scores, ref indices, end, 0, lastScore, lastIndex);
        }

        int count = 0;
        for (int i = 0; i < k; i++)
        {
            if (Unsafe.Add(ref indices, i) == EmptyIndex)
            {
                Unsafe.Add(ref indices, i) = -1;
                Unsafe.Add(ref scores, i) = float.NegativeInfinity;
            }
            else
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Returns whether (<paramref name="a"/>, <paramref name="ia"/>) ranks below (<paramref name="b"/>, <paramref name="ib"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Worse(float a, int ia, float b, int ib) => a < b || (a == b && ia > ib);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftDown(ref float scores, ref int indices, int count, int i, float score, int index)
    {
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            float childScore = Unsafe.Add(ref scores, child);
            int childIndex = Unsafe.Add(ref indices, child);
            int right = child + 1;
            if (right < count)
            {
                float rightScore = Unsafe.Add(ref scores, right);
                int rightIndex = Unsafe.Add(ref indices, right);
                if (Worse(rightScore, rightIndex, childScore, childIndex))
                {
                    child = right;
                    childScore = rightScore;
                    childIndex = rightIndex;
                }
            }

            if (!Worse(childScore, childIndex, score, index))
            {
                break;
            }

            Unsafe.Add(ref scores, i) = childScore;
            Unsafe.Add(ref indices, i) = childIndex;
            i = child;
        }

        Unsafe.Add(ref scores, i) = score;
        Unsafe.Add(ref indices, i) = index;
    }
}
