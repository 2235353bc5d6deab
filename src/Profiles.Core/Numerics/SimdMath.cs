// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// Computes four dot products at once: rows <paramref name="rows"/>, <c>rows + stride</c>, <c>rows + 2 stride</c> and
    /// <c>rows + 3 stride</c> with <paramref name="y"/>, sharing each load of <paramref name="y"/>; one accumulator per row,
    /// folded and transposed into one vector of four sums (no per-row horizontal sum), then the scalar tails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Dot4<TV>(ref float rows, nuint stride, ref float y, int length)
        where TV : struct, ISimdVector<TV> =>
        Dot4<TV>(ref rows, ref Unsafe.Add(ref rows, stride), ref Unsafe.Add(ref rows, 2 * stride), ref Unsafe.Add(ref rows, 3 * stride), ref y, length);

    /// <summary>Computes the dot products of four arbitrary rows with <paramref name="y"/> (see the strided overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Dot4<TV>(ref float rows, ref float r1, ref float r2, ref float r3, ref float y, int length)
        where TV : struct, ISimdVector<TV>
    {
        nuint count = (nuint)TV.Count;
        nuint n = (nuint)length;
        nuint i = 0;
        Vector128<float> sums = Vector128<float>.Zero;
        if (TV.Count > 1 && n >= count)
        {
            TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
            for (; i + count <= n; i += count)
            {
                TV yv = TV.Load(ref y, i);
                a0 = TV.MultiplyAdd(TV.Load(ref rows, i), yv, a0);
                a1 = TV.MultiplyAdd(TV.Load(ref r1, i), yv, a1);
                a2 = TV.MultiplyAdd(TV.Load(ref r2, i), yv, a2);
                a3 = TV.MultiplyAdd(TV.Load(ref r3, i), yv, a3);
            }

            sums = SumEach(TV.Fold(a0), TV.Fold(a1), TV.Fold(a2), TV.Fold(a3));
        }

        if (i < n)
        {
            float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
            for (; i < n; i++)
            {
                float yi = Unsafe.Add(ref y, i);
                t0 += Unsafe.Add(ref rows, i) * yi;
                t1 += Unsafe.Add(ref r1, i) * yi;
                t2 += Unsafe.Add(ref r2, i) * yi;
                t3 += Unsafe.Add(ref r3, i) * yi;
            }

            sums += Vector128.Create(t0, t1, t2, t3);
        }

        return sums;
    }

    /// <summary>Returns <c>[sum(a), sum(b), sum(c), sum(d)]</c> by a 4 x 4 transpose-add, in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SumEach(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse.IsSupported)
        {
            Vector128<float> s0 = Sse.UnpackLow(a, b) + Sse.UnpackHigh(a, b);   // [a0+a2, b0+b2, a1+a3, b1+b3]
            Vector128<float> s1 = Sse.UnpackLow(c, d) + Sse.UnpackHigh(c, d);
            return Sse.MoveLowToHigh(s0, s1) + Sse.MoveHighToLow(s1, s0);
        }

        return Vector128.Create(
            (a.GetElement(0) + a.GetElement(2)) + (a.GetElement(1) + a.GetElement(3)),
            (b.GetElement(0) + b.GetElement(2)) + (b.GetElement(1) + b.GetElement(3)),
            (c.GetElement(0) + c.GetElement(2)) + (c.GetElement(1) + c.GetElement(3)),
            (d.GetElement(0) + d.GetElement(2)) + (d.GetElement(1) + d.GetElement(3)));
    }

    /// <summary>How many rows ahead of the current ones the logit loop prefetches.</summary>
    private const int PrefetchRows = 64;

    /// <summary>
    /// Computes the logits <c>z[k] = rows[k] . y</c> for <c>z.Length</c> consecutive rows of length <paramref name="length"/>,
    /// prefetching the rows <see cref="PrefetchRows"/> ahead (within <paramref name="available"/> floats from
    /// <paramref name="rows"/>) so that memory reads overlap the arithmetic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Logits<TV>(ref float rows, int length, ref float y, Span<float> z, nuint available)
        where TV : struct, ISimdVector<TV>
    {
        nuint stride = (nuint)length;
        int k = 0;
        for (; k + 4 <= z.Length; k += 4)
        {
            ref float group = ref Unsafe.Add(ref rows, (nuint)k * stride);
            nuint ahead = ((nuint)k + PrefetchRows) * stride;
            if (Sse.IsSupported && ahead + (4 * stride) <= available)
            {
                Prefetch(ref Unsafe.Add(ref rows, ahead), 4 * stride);
            }

            Dot4<TV>(ref group, stride, ref y, length).StoreUnsafe(ref Ref(z), (nuint)k);
        }

        for (; k < z.Length; k++)
        {
            z[k] = Dot<TV>(ref Unsafe.Add(ref rows, (nuint)k * stride), ref y, length);
        }
    }

    /// <summary>Hints the processor to load the cache lines of <paramref name="count"/> floats into L1.</summary>
    /// <remarks>
    /// A prefetch is only a hint: it cannot fault and changes no value. The address is taken from a reference inside
    /// the caller's span without pinning; if the GC moved the array meanwhile, the hint is merely wasted.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float start, nuint count)
    {
        byte* p = (byte*)Unsafe.AsPointer(ref start);
        nuint bytes = count * sizeof(float);
        for (nuint offset = 0; offset < bytes; offset += 64)
        {
            Sse.Prefetch0(p + offset);
        }
    }

    /// <summary>Returns a reference to the first element of a read-only span, for the kernels' unsafe loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float Ref(ReadOnlySpan<float> span) => ref MemoryMarshal.GetReference(span);

    /// <summary>Returns a reference to the first element of a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref float Ref(Span<float> span) => ref MemoryMarshal.GetReference(span);
}
