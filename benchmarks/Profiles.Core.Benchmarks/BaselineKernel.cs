// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>TEMPORARY: the one-pass kernel before the kernel work, for A/B timing in one process.</summary>
internal static class BaselineKernel
{
    private const int BlockItems = 256;
    private const int StackDimensions = 512;

    public static FusionLoss Run(ReadOnlySpan<float> items, int d, ReadOnlySpan<float> user, ReadOnlySpan<float> text, FusionObjective objective, Span<float> userGradient) =>
        OnePass<Vec512>(items, d, items.Length / d, user, text, default, objective, userGradient, default);

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
        Span<float> w1 = stackalloc float[BlockItems];
        Span<float> w2 = stackalloc float[BlockItems];
        try
        {
            accumulators = accumulators[..(2 * d)];
            accumulators.Clear();
            Span<double> bu = accumulators[..d];
            Span<double> au = accumulators[d..];
            ref float c0 = ref SimdMath.Ref(items);
            ref float u0 = ref SimdMath.Ref(user);
            float m = float.NegativeInfinity;
            double s = 0d, q = 0d;
            for (int start = 0; start < n; start += BlockItems)
            {
                int nb = Math.Min(BlockItems, n - start);
                ref float block = ref Unsafe.Add(ref c0, (nuint)start * (nuint)d);
                Span<float> z = w1[..nb];
                Span<float> z2 = w2[..nb];
                SimdMath.Logits<TV>(ref block, d, ref u0, z, (nuint)(n - start) * (nuint)d);

                UpdateRunning(z, z2, ref m, ref s, ref q, bu, au);
                AccumulateTwo<TV>(ref block, d, nb, z, z2, partial);
                for (int j = 0; j < d; j++)
                {
                    bu[j] += partial[j];
                    au[j] += partial[d + j];
                }
            }

            double collision = PenaltyGradient(s, q, bu, au);
            return Finish(user, text, anchor, objective, collision, bu, userGradient, textGradient);
        }
        finally
        {
            ReturnRented(rentedDoubles, rentedFloats);
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
    private static void AccumulateTwo<TV>(ref float block, int d, int rows, ReadOnlySpan<float> w1, ReadOnlySpan<float> w2, Span<float> partial)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        nuint dd = (nuint)d;
        nuint nb = (nuint)rows;
        ref float p = ref SimdMath.Ref(partial);
        ref float x1 = ref SimdMath.Ref(w1);
        ref float x2 = ref SimdMath.Ref(w2);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateRunning(Span<float> z, Span<float> z2, ref float m, ref double s, ref double q, Span<double> bu, Span<double> au)
    {
        float blockMax = TensorPrimitives.Max(z);
        if (blockMax > m)
        {
            if (s != 0d)
            {
                double r = Math.Exp((double)m - blockMax);
                double r2 = r * r;
                s *= r;
                q *= r2;
                TensorPrimitives.Multiply(bu, r, bu);
                TensorPrimitives.Multiply(au, r2, au);
            }

            m = blockMax;
        }

        TensorPrimitives.Subtract(z, m, z);
        TensorPrimitives.Exp(z, z);
        TensorPrimitives.Multiply(z, z, z2);
        s += TensorPrimitives.Sum(z);
        q += TensorPrimitives.Sum(z2);
    }

    /// <summary>Turns the final statistics into the penalty gradient <c>A - S * Cbar</c> (in place of <paramref name="bu"/>) and returns <c>S</c>.</summary>
    private static double PenaltyGradient(double s, double q, Span<double> bu, ReadOnlySpan<double> au)
    {
        double inverse = 1d / s;
        double collision = q * inverse * inverse;
        double scaleA = inverse * inverse;
        double scaleB = collision * inverse;
        for (int j = 0; j < bu.Length; j++)
        {
            bu[j] = (au[j] * scaleA) - (bu[j] * scaleB);
        }

        return collision;
    }

    /// <summary>Assembles the loss and the gradients from the penalty gradient <c>A - S * Cbar</c>.</summary>
    private static FusionLoss Finish(
        ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor, FusionObjective objective,
        double collision, ReadOnlySpan<double> penaltyGradient, Span<float> userGradient, Span<float> textGradient)
    {
        double lambda = objective.Lambda;
        double alpha = objective.Alpha;
        double textDistance = 0d;
        double anchorDistance = 0d;
        bool hasAnchor = !anchor.IsEmpty;
        bool hasTextGradient = !textGradient.IsEmpty;
        for (int j = 0; j < user.Length; j++)
        {
            double diff = (double)user[j] - text[j];
            textDistance += diff * diff;
            double g = (2d * diff) + (2d * lambda * penaltyGradient[j]);
            if (hasAnchor)
            {
                double anchorDiff = (double)user[j] - anchor[j];
                anchorDistance += anchorDiff * anchorDiff;
                g += 2d * alpha * anchorDiff;
            }

            userGradient[j] = (float)g;
            if (hasTextGradient)
            {
                textGradient[j] = (float)(-2d * diff);
            }
        }

        double total = textDistance + (alpha * anchorDistance) + (lambda * collision);
        return new FusionLoss(total, textDistance, anchorDistance, collision);
    }
}
