// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Profiles.Core;

/// <content>The one-pass and two-pass kernels for one user.</content>
public static partial class FusionKernel
{
    /// <summary>
    /// The number of item rows per block of the one-pass kernel (the logits, the weights and the accumulation of a
    /// block run back to back); 32, 64 and 128 rows measured no better than 256.
    /// </summary>
    private const int OnePassBlock = BlockItems;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FusionLoss OnePass<TV>(
        ReadOnlySpan<float> items, int d, int n, ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor,
        FusionObjective objective, Span<float> userGradient, Span<float> textGradient)
        where TV : struct, ISimdVector<TV>
    {
        double[]? rentedDoubles = null;
        float[]? rentedFloats = null;
        Span<double> accumulators = d <= StackDimensions ? stackalloc double[2 * d] : (rentedDoubles = ArrayPool<double>.Shared.Rent(2 * d));
        Span<float> partial = d <= StackDimensions ? stackalloc float[2 * d] : (rentedFloats = ArrayPool<float>.Shared.Rent(2 * d));
        Span<float> w1 = stackalloc float[OnePassBlock];
        Span<float> w2 = stackalloc float[OnePassBlock];
        try
        {
            accumulators = accumulators[..(2 * d)];
            accumulators.Clear();
            Span<double> bu = accumulators[..d];
            Span<double> au = accumulators[d..];
            ref float c0 = ref SimdMath.Ref(items);
            ref float u0 = ref SimdMath.Ref(user);
            ref float p0 = ref SimdMath.Ref(partial);
            nuint dd = (nuint)d;
            float m = float.NegativeInfinity;
            double s = 0d, q = 0d;
            for (int start = 0; start < n; start += OnePassBlock)
            {
                int nb = Math.Min(OnePassBlock, n - start);
                ref float block = ref Unsafe.Add(ref c0, (nuint)start * dd);
                BlockLogits<TV>(ref block, d, ref u0, w1[..nb], (nuint)(n - start) * dd);

                UpdateRunning(w1[..nb], w2[..nb], ref m, ref s, ref q, bu, au);
                AccumulateTwo<TV>(ref block, d, nb, ref w1[0], ref w2[0], ref p0);
                AddWidened(ref p0, bu, au);
            }

            double collision = PenaltyGradient(s, q, bu, au);
            return Finish(user, text, anchor, objective, collision, bu, userGradient, textGradient);
        }
        finally
        {
            ReturnRented(rentedDoubles, rentedFloats);
        }
    }

    /// <summary>
    /// Computes the logits <c>z[k] = C_k . U</c> of one block. When a row is four to seven vectors long (d = 64 with
    /// Vector512), four rows per pass over <c>U</c> with the inner loop unrolled four vectors deep and no software
    /// prefetch (the hints measured slower for these rows); otherwise <see cref="SimdMath.Logits{TV}"/> (four rows
    /// per pass, prefetching), which measured faster for d = 50 and d = 256.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockLogits<TV>(ref float block, int d, ref float u, Span<float> logits, nuint available)
        where TV : struct, ISimdVector<TV>
    {
        nuint stride = (nuint)d;
        nuint c = (nuint)TV.Count;
        if (TV.Count == 1 || stride < 4 * c || stride >= 8 * c)
        {
            SimdMath.Logits<TV>(ref block, d, ref u, logits, available);
            return;
        }

        ref float z = ref SimdMath.Ref(logits);
        int rows = logits.Length;
        int k = 0;
        for (; k + 4 <= rows; k += 4)
        {
            ref float r0 = ref Unsafe.Add(ref block, (nuint)k * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            ref float r2 = ref Unsafe.Add(ref r1, stride);
            ref float r3 = ref Unsafe.Add(ref r2, stride);
            Vector128<float> sums = Vector128<float>.Zero;
            nuint i = 0;
            if (TV.Count > 1 && stride >= c)
            {
                TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
                for (; i + (4 * c) <= stride; i += 4 * c)
                {
                    TV y0 = TV.Load(ref u, i);
                    TV y1 = TV.Load(ref u, i + c);
                    TV y2 = TV.Load(ref u, i + (2 * c));
                    TV y3 = TV.Load(ref u, i + (3 * c));
                    a0 = TV.MultiplyAdd(TV.Load(ref r0, i + (3 * c)), y3, TV.MultiplyAdd(TV.Load(ref r0, i + (2 * c)), y2, TV.MultiplyAdd(TV.Load(ref r0, i + c), y1, TV.MultiplyAdd(TV.Load(ref r0, i), y0, a0))));
                    a1 = TV.MultiplyAdd(TV.Load(ref r1, i + (3 * c)), y3, TV.MultiplyAdd(TV.Load(ref r1, i + (2 * c)), y2, TV.MultiplyAdd(TV.Load(ref r1, i + c), y1, TV.MultiplyAdd(TV.Load(ref r1, i), y0, a1))));
                    a2 = TV.MultiplyAdd(TV.Load(ref r2, i + (3 * c)), y3, TV.MultiplyAdd(TV.Load(ref r2, i + (2 * c)), y2, TV.MultiplyAdd(TV.Load(ref r2, i + c), y1, TV.MultiplyAdd(TV.Load(ref r2, i), y0, a2))));
                    a3 = TV.MultiplyAdd(TV.Load(ref r3, i + (3 * c)), y3, TV.MultiplyAdd(TV.Load(ref r3, i + (2 * c)), y2, TV.MultiplyAdd(TV.Load(ref r3, i + c), y1, TV.MultiplyAdd(TV.Load(ref r3, i), y0, a3))));
                }

                for (; i + c <= stride; i += c)
                {
                    TV y = TV.Load(ref u, i);
                    a0 = TV.MultiplyAdd(TV.Load(ref r0, i), y, a0);
                    a1 = TV.MultiplyAdd(TV.Load(ref r1, i), y, a1);
                    a2 = TV.MultiplyAdd(TV.Load(ref r2, i), y, a2);
                    a3 = TV.MultiplyAdd(TV.Load(ref r3, i), y, a3);
                }

                sums = SimdMath.SumEach(TV.Fold(a0), TV.Fold(a1), TV.Fold(a2), TV.Fold(a3));
            }

            if (i < stride)
            {
                float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
                for (; i < stride; i++)
                {
                    float yi = Unsafe.Add(ref u, i);
                    t0 += Unsafe.Add(ref r0, i) * yi;
                    t1 += Unsafe.Add(ref r1, i) * yi;
                    t2 += Unsafe.Add(ref r2, i) * yi;
                    t3 += Unsafe.Add(ref r3, i) * yi;
                }

                sums += Vector128.Create(t0, t1, t2, t3);
            }

            sums.StoreUnsafe(ref z, (nuint)k);
        }

        for (; k < rows; k++)
        {
            Unsafe.Add(ref z, k) = SimdMath.Dot<TV>(ref Unsafe.Add(ref block, (nuint)k * stride), ref u, d);
        }
    }

    /// <summary>Adds the block's float partial sums (<c>2 d</c> floats) onto the float64 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWidened(ref float partial, Span<double> bu, Span<double> au)
    {
        int d = bu.Length;
        ref double b0 = ref MemoryMarshal.GetReference(bu);
        ref double a0 = ref MemoryMarshal.GetReference(au);
        int j = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; j + 4 <= d; j += 4)
            {
                (Vector128<double> bl, Vector128<double> bh) = Vector128.Widen(Vector128.LoadUnsafe(ref partial, (nuint)j));
                (Vector128<double> al, Vector128<double> ah) = Vector128.Widen(Vector128.LoadUnsafe(ref partial, (nuint)(d + j)));
                (Vector128.LoadUnsafe(ref b0, (nuint)j) + bl).StoreUnsafe(ref b0, (nuint)j);
                (Vector128.LoadUnsafe(ref b0, (nuint)(j + 2)) + bh).StoreUnsafe(ref b0, (nuint)(j + 2));
                (Vector128.LoadUnsafe(ref a0, (nuint)j) + al).StoreUnsafe(ref a0, (nuint)j);
                (Vector128.LoadUnsafe(ref a0, (nuint)(j + 2)) + ah).StoreUnsafe(ref a0, (nuint)(j + 2));
            }
        }

        for (; j < d; j++)
        {
            Unsafe.Add(ref b0, j) += Unsafe.Add(ref partial, j);
            Unsafe.Add(ref a0, j) += Unsafe.Add(ref partial, d + j);
        }
    }

    /// <summary>Returns the scratch that a kernel rented because <c>d</c> was too large for the stack.</summary>
    private static void ReturnRented(double[]? doubles, float[]? floats)
    {
        if (doubles is not null)
        {
            ArrayPool<double>.Shared.Return(doubles);
        }

        if (floats is not null)
        {
            ArrayPool<float>.Shared.Return(floats);
        }
    }

    /// <summary>
    /// Effectively computes <c>partial[j] = sum_k w1[k] C[k, j]</c> and <c>partial[d + j] = sum_k w2[k] C[k, j]</c> over
    /// one block of <paramref name="rows"/> item rows, four vectors of columns at a time so that eight independent
    /// accumulators hide the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTwo<TV>(ref float block, int d, int rows, ref float x1, ref float x2, ref float p)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        nuint dd = (nuint)d;
        nuint nb = (nuint)rows;
        nuint j = 0;
        for (; j + (4 * c) <= dd; j += 4 * c)
        {
            TV b0 = TV.Zero, b1 = TV.Zero, b2 = TV.Zero, b3 = TV.Zero;
            TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
            for (nuint k = 0; k < nb; k++)
            {
                ref float row = ref Unsafe.Add(ref block, (k * dd) + j);
                TV r0 = TV.Load(ref row, 0);
                TV r1 = TV.Load(ref row, c);
                TV r2 = TV.Load(ref row, 2 * c);
                TV r3 = TV.Load(ref row, 3 * c);
                TV f = TV.Broadcast(Unsafe.Add(ref x1, k));
                TV g = TV.Broadcast(Unsafe.Add(ref x2, k));
                b0 = TV.MultiplyAdd(f, r0, b0);
                b1 = TV.MultiplyAdd(f, r1, b1);
                b2 = TV.MultiplyAdd(f, r2, b2);
                b3 = TV.MultiplyAdd(f, r3, b3);
                a0 = TV.MultiplyAdd(g, r0, a0);
                a1 = TV.MultiplyAdd(g, r1, a1);
                a2 = TV.MultiplyAdd(g, r2, a2);
                a3 = TV.MultiplyAdd(g, r3, a3);
            }

            TV.Store(b0, ref p, j);
            TV.Store(b1, ref p, j + c);
            TV.Store(b2, ref p, j + (2 * c));
            TV.Store(b3, ref p, j + (3 * c));
            TV.Store(a0, ref p, dd + j);
            TV.Store(a1, ref p, dd + j + c);
            TV.Store(a2, ref p, dd + j + (2 * c));
            TV.Store(a3, ref p, dd + j + (3 * c));
        }

        for (; j + c <= dd; j += c)
        {
            TV b0 = TV.Zero, a0 = TV.Zero;
            for (nuint k = 0; k < nb; k++)
            {
                TV r0 = TV.Load(ref block, (k * dd) + j);
                b0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref x1, k)), r0, b0);
                a0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref x2, k)), r0, a0);
            }

            TV.Store(b0, ref p, j);
            TV.Store(a0, ref p, dd + j);
        }

        for (; j < dd; j++)
        {
            float sb = 0f, sa = 0f;
            for (nuint k = 0; k < nb; k++)
            {
                float v = Unsafe.Add(ref block, (k * dd) + j);
                sb = (Unsafe.Add(ref x1, k) * v) + sb;
                sa = (Unsafe.Add(ref x2, k) * v) + sa;
            }

            Unsafe.Add(ref p, j) = sb;
            Unsafe.Add(ref p, dd + j) = sa;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FusionLoss TwoPass<TV>(
        ReadOnlySpan<float> items, int d, int n, ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor,
        FusionObjective objective, Span<float> userGradient, Span<float> textGradient, Span<float> logits)
        where TV : struct, ISimdVector<TV>
    {
        double[]? rentedDoubles = null;
        float[]? rentedFloats = null;
        Span<double> penalty = d <= StackDimensions ? stackalloc double[d] : (rentedDoubles = ArrayPool<double>.Shared.Rent(d));
        Span<float> partial = d <= StackDimensions ? stackalloc float[d] : (rentedFloats = ArrayPool<float>.Shared.Rent(d));
        Span<float> weights = stackalloc float[BlockItems];
        try
        {
            penalty = penalty[..d];
            penalty.Clear();
            ref float c0 = ref SimdMath.Ref(items);
            ref float u0 = ref SimdMath.Ref(user);

            // Pass 1: every logit, then e^(z - max) in place.
            SimdMath.Logits<TV>(ref c0, d, ref u0, logits, (nuint)items.Length);

            float max = TensorPrimitives.Max(logits);
            TensorPrimitives.Subtract(logits, max, logits);
            TensorPrimitives.Exp(logits, logits);
            double s = 0d, q = 0d;
            for (int start = 0; start < n; start += BlockItems)
            {
                ReadOnlySpan<float> e = logits.Slice(start, Math.Min(BlockItems, n - start));
                s += TensorPrimitives.Sum(e);
                q += TensorPrimitives.SumOfSquares(e);
            }

            double collision = q / (s * s);

            // Pass 2: sum_k w_k C_k with w_k = P_k^2 - S P_k = e_k (e_k - S s) / s^2, block by block.
            float scale = (float)(1d / (s * s));
            float shift = (float)(collision * s);
            for (int start = 0; start < n; start += BlockItems)
            {
                int nb = Math.Min(BlockItems, n - start);
                ReadOnlySpan<float> e = logits.Slice(start, nb);
                Span<float> w = weights[..nb];
                TensorPrimitives.Subtract(e, shift, w);
                TensorPrimitives.Multiply(w, e, w);
                TensorPrimitives.Multiply(w, scale, w);
                AccumulateOne<TV>(ref Unsafe.Add(ref c0, (nuint)start * (nuint)d), d, nb, w, partial);
                for (int j = 0; j < d; j++)
                {
                    penalty[j] += partial[j];
                }
            }

            return Finish(user, text, anchor, objective, collision, penalty, userGradient, textGradient);
        }
        finally
        {
            ReturnRented(rentedDoubles, rentedFloats);
        }
    }

    /// <summary>Effectively computes <c>partial[j] = sum_k w[k] C[k, j]</c> over one block of item rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateOne<TV>(ref float block, int d, int rows, ReadOnlySpan<float> w, Span<float> partial)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        nuint dd = (nuint)d;
        nuint nb = (nuint)rows;
        ref float p = ref SimdMath.Ref(partial);
        ref float x = ref SimdMath.Ref(w);
        nuint j = 0;
        for (; j + (4 * c) <= dd; j += 4 * c)
        {
            TV b0 = TV.Zero, b1 = TV.Zero, b2 = TV.Zero, b3 = TV.Zero;
            for (nuint k = 0; k < nb; k++)
            {
                ref float row = ref Unsafe.Add(ref block, (k * dd) + j);
                TV f = TV.Broadcast(Unsafe.Add(ref x, k));
                b0 = TV.MultiplyAdd(f, TV.Load(ref row, 0), b0);
                b1 = TV.MultiplyAdd(f, TV.Load(ref row, c), b1);
                b2 = TV.MultiplyAdd(f, TV.Load(ref row, 2 * c), b2);
                b3 = TV.MultiplyAdd(f, TV.Load(ref row, 3 * c), b3);
            }

            TV.Store(b0, ref p, j);
            TV.Store(b1, ref p, j + c);
            TV.Store(b2, ref p, j + (2 * c));
            TV.Store(b3, ref p, j + (3 * c));
        }

        for (; j + c <= dd; j += c)
        {
            TV b0 = TV.Zero;
            for (nuint k = 0; k < nb; k++)
            {
                b0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref x, k)), TV.Load(ref block, (k * dd) + j), b0);
            }

            TV.Store(b0, ref p, j);
        }

        for (; j < dd; j++)
        {
            float sum = 0f;
            for (nuint k = 0; k < nb; k++)
            {
                sum = (Unsafe.Add(ref x, k) * Unsafe.Add(ref block, (k * dd) + j)) + sum;
            }

            Unsafe.Add(ref p, j) = sum;
        }
    }
}
