// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Profiles.Core;

/// <summary>Small SIMD building blocks shared by the kernels.</summary>
internal static class SimdMath
{
    /// <summary>Gets the widest SIMD width that is hardware accelerated on this machine.</summary>
    public static SimdWidth Width { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.Vector256 :
        Vector128.IsHardwareAccelerated ? SimdWidth.Vector128 : SimdWidth.Scalar;

    /// <summary>Returns the index of the first NaN or infinity in <paramref name="values"/>, or -1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Computes the dot product of <paramref name="length"/> floats at <paramref name="x"/> and <paramref name="y"/>:
    /// two vector accumulators by index, summed lane-wise, then a scalar tail. The order depends only on the length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot<TV>(ref float x, ref float y, int length)
        where TV : struct, ISimdVector<TV>
    {
        nuint count = (nuint)TV.Count;
        nuint n = (nuint)length;
        nuint i = 0;
        float sum = 0f;
        if (TV.Count > 1 && n >= count)
        {
            TV acc0 = TV.Zero;
            TV acc1 = TV.Zero;
            for (; i + (2 * count) <= n; i += 2 * count)
            {
                acc0 = TV.MultiplyAdd(TV.Load(ref x, i), TV.Load(ref y, i), acc0);
                acc1 = TV.MultiplyAdd(TV.Load(ref x, i + count), TV.Load(ref y, i + count), acc1);
            }

            if (i + count <= n)
            {
                acc0 = TV.MultiplyAdd(TV.Load(ref x, i), TV.Load(ref y, i), acc0);
                i += count;
            }

            sum = TV.Sum(TV.Add(acc0, acc1));
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }

        return sum;
    }

    /// <summary>Returns a reference to the first element of a read-only span, for the kernels' unsafe loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float Ref(ReadOnlySpan<float> span) => ref MemoryMarshal.GetReference(span);

    /// <summary>Returns a reference to the first element of a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float Ref(Span<float> span) => ref MemoryMarshal.GetReference(span);
}
