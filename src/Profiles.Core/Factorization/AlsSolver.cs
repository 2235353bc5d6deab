// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Profiles.Core;

/// <summary>
/// The per-row solvers of implicit ALS. For a row with interactions <c>(i, r_i)</c>, confidences <c>c_i = 1 + alpha r_i</c>
/// and preferences <c>p_i = [r_i &gt; 0]</c>, the row's factors <c>x</c> minimise
/// <c>sum_i c_i (p_i - x·y_i)² + sum_(other j) (x·y_j)² + lambda ||x||²</c>, i.e. solve
/// <c>(YᵀY + lambda I + sum_i (c_i - 1) y_i y_iᵀ) x = sum_i c_i p_i y_i</c>.
/// </summary>
internal static class AlsSolver
{
    /// <summary>
    /// Runs <paramref name="steps"/> conjugate-gradient steps on one row from its current <paramref name="x"/>, as in the
    /// <c>implicit</c> library (Takács et al. 2011): <c>gram</c> is <c>YᵀY + lambda I</c> (k x k, float); each product with
    /// the row's matrix costs <c>k²</c> plus <c>2k</c> per interaction. <paramref name="scratch"/> holds at least <c>3k</c> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ConjugateGradient<TV>(
        ReadOnlySpan<int> items, ReadOnlySpan<float> values, ref float other, ref float gram, int k, float alpha, int steps, ref float x, Span<float> scratch,
        float extraRegularization = 0f)
        where TV : struct, ISimdVector<TV>
    {
        ref float r = ref MemoryMarshal.GetReference(scratch);
        ref float p = ref Unsafe.Add(ref r, k);
        ref float ap = ref Unsafe.Add(ref r, 2 * k);
        nuint stride = (nuint)k;

        // r = b - A x.
        MatVec<TV>(ref gram, k, ref x, ref r);
        if (extraRegularization != 0f)
        {
            Axpy<TV>(extraRegularization, ref x, ref r, k);
        }

        for (int j = 0; j < k; j++)
        {
            Unsafe.Add(ref r, j) = -Unsafe.Add(ref r, j);
        }

        // Four interactions at a time: four independent dot products share the loads of x, then one pass updates r.
        int e = 0;
        for (; e + 4 <= items.Length; e += 4)
        {
            ref float y0 = ref Unsafe.Add(ref other, (nuint)items[e] * stride);
            ref float y1 = ref Unsafe.Add(ref other, (nuint)items[e + 1] * stride);
            ref float y2 = ref Unsafe.Add(ref other, (nuint)items[e + 2] * stride);
            ref float y3 = ref Unsafe.Add(ref other, (nuint)items[e + 3] * stride);
            Vector128<float> s = SimdMath.Dot4<TV>(ref y0, ref y1, ref y2, ref y3, ref x, k);
            Axpy4<TV>(
                ResidualWeight(values[e], alpha, s.GetElement(0)), ref y0,
                ResidualWeight(values[e + 1], alpha, s.GetElement(1)), ref y1,
                ResidualWeight(values[e + 2], alpha, s.GetElement(2)), ref y2,
                ResidualWeight(values[e + 3], alpha, s.GetElement(3)), ref y3,
                ref r, k);
        }

        for (; e < items.Length; e++)
        {
            ref float y = ref Unsafe.Add(ref other, (nuint)items[e] * stride);
            Axpy<TV>(ResidualWeight(values[e], alpha, SimdMath.Dot<TV>(ref y, ref x, k)), ref y, ref r, k);
        }

        float rs = SimdMath.Dot<TV>(ref r, ref r, k);
        if (rs < 1e-20f)
        {
            return;
        }

        Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref p), ref Unsafe.As<float, byte>(ref r), (uint)(k * sizeof(float)));
        for (int step = 0; step < steps; step++)
        {
            MatVec<TV>(ref gram, k, ref p, ref ap);
            if (extraRegularization != 0f)
            {
                Axpy<TV>(extraRegularization, ref p, ref ap, k);
            }

            int f = 0;
            for (; f + 4 <= items.Length; f += 4)
            {
                ref float y0 = ref Unsafe.Add(ref other, (nuint)items[f] * stride);
                ref float y1 = ref Unsafe.Add(ref other, (nuint)items[f + 1] * stride);
                ref float y2 = ref Unsafe.Add(ref other, (nuint)items[f + 2] * stride);
                ref float y3 = ref Unsafe.Add(ref other, (nuint)items[f + 3] * stride);
                Vector128<float> d = SimdMath.Dot4<TV>(ref y0, ref y1, ref y2, ref y3, ref p, k);
                Axpy4<TV>(
                    alpha * values[f] * d.GetElement(0), ref y0,
                    alpha * values[f + 1] * d.GetElement(1), ref y1,
                    alpha * values[f + 2] * d.GetElement(2), ref y2,
                    alpha * values[f + 3] * d.GetElement(3), ref y3,
                    ref ap, k);
            }

            for (; f < items.Length; f++)
            {
                float extra = alpha * values[f];
                if (extra != 0)
                {
                    ref float y = ref Unsafe.Add(ref other, (nuint)items[f] * stride);
                    Axpy<TV>(extra * SimdMath.Dot<TV>(ref y, ref p, k), ref y, ref ap, k);
                }
            }

            float pap = SimdMath.Dot<TV>(ref p, ref ap, k);
            if (!(pap > 0))
            {
                return;
            }

            float a = rs / pap;
            Axpy<TV>(a, ref p, ref x, k);
            Axpy<TV>(-a, ref ap, ref r, k);
            float next = SimdMath.Dot<TV>(ref r, ref r, k);
            if (next < 1e-20f)
            {
                return;
            }

            // p = r + (next / rs) p
            Xpby<TV>(ref r, next / rs, ref p, k);
            rs = next;
        }
    }

    /// <summary>
    /// Solves one row exactly: builds <c>A = gram + sum_i alpha r_i y_i y_iᵀ</c> and <c>b</c> in double and solves by
    /// Cholesky. <paramref name="gram"/> is <c>YᵀY + lambda I</c> in double; <paramref name="matrix"/> holds k² and
    /// <paramref name="rhs"/> k doubles of scratch. Returns false when the system is not positive definite (lambda = 0 and
    /// too few interactions), leaving <paramref name="x"/> unchanged.
    /// </summary>
    public static bool Exact(
        ReadOnlySpan<int> items, ReadOnlySpan<float> values, ReadOnlySpan<float> other, ReadOnlySpan<double> gram, int k, float alpha,
        Span<float> x, Span<double> matrix, Span<double> rhs, double extraRegularization = 0)
    {
        gram[..(k * k)].CopyTo(matrix);
        for (int i = 0; i < k; i++)
        {
            matrix[(i * k) + i] += extraRegularization;
        }

        rhs[..k].Clear();
        for (int e = 0; e < items.Length; e++)
        {
            ReadOnlySpan<float> y = other.Slice(items[e] * k, k);
            float strength = values[e];
            double extra = (double)alpha * strength;
            double weight = strength > 0 ? 1 + extra : 0;
            for (int i = 0; i < k; i++)
            {
                double yi = y[i];
                rhs[i] += weight * yi;
                if (extra != 0)
                {
                    double scaled = extra * yi;
                    Span<double> row = matrix.Slice(i * k, k);
                    for (int j = 0; j <= i; j++)
                    {
                        row[j] += scaled * y[j];
                    }
                }
            }
        }

        // Mirror the lower triangle, then factor and solve.
        for (int i = 0; i < k; i++)
        {
            for (int j = i + 1; j < k; j++)
            {
                matrix[(i * k) + j] = matrix[(j * k) + i];
            }
        }

        if (!DenseMath.Cholesky(matrix, k))
        {
            return false;
        }

        DenseMath.CholeskySolve(matrix, k, rhs);
        for (int i = 0; i < k; i++)
        {
            x[i] = (float)rhs[i];
        }

        return true;
    }

    /// <summary>
    /// Returns one row's part of the objective: <c>xᵀ G x + sum_i (c_i (p_i - s_i)² - s_i²) + lambda ||x||²</c> where
    /// <c>G = YᵀY</c> (k x k, float, without lambda) and <c>s_i = x·y_i</c>; <paramref name="scratch"/> holds k floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double RowLoss<TV>(ReadOnlySpan<int> items, ReadOnlySpan<float> values, ref float other, ref float gram, int k, float alpha, float lambda, ref float x, Span<float> scratch)
        where TV : struct, ISimdVector<TV>
    {
        ref float gx = ref MemoryMarshal.GetReference(scratch);
        MatVec<TV>(ref gram, k, ref x, ref gx);
        double loss = SimdMath.Dot<TV>(ref x, ref gx, k);
        double norm = SimdMath.Dot<TV>(ref x, ref x, k);
        int e = 0;
        nuint stride = (nuint)k;
        for (; e + 4 <= items.Length; e += 4)
        {
            Vector128<float> s = SimdMath.Dot4<TV>(
                ref Unsafe.Add(ref other, (nuint)items[e] * stride), ref Unsafe.Add(ref other, (nuint)items[e + 1] * stride),
                ref Unsafe.Add(ref other, (nuint)items[e + 2] * stride), ref Unsafe.Add(ref other, (nuint)items[e + 3] * stride), ref x, k);
            for (int j = 0; j < 4; j++)
            {
                loss += PairLoss(values[e + j], alpha, s.GetElement(j));
            }
        }

        for (; e < items.Length; e++)
        {
            loss += PairLoss(values[e], alpha, SimdMath.Dot<TV>(ref Unsafe.Add(ref other, (nuint)items[e] * stride), ref x, k));
        }

        return loss + (lambda * norm);
    }

    /// <summary>Returns <c>(1 + alpha r) p - alpha r s</c>: the weight of <c>y</c> in the residual <c>b - A x</c> for strength <c>r</c> and <c>s = y·x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ResidualWeight(float strength, float alpha, float s)
    {
        float extra = alpha * strength;
        return ((1 + extra) * (strength > 0 ? 1f : 0f)) - (extra * s);
    }

    /// <summary>Computes <c>target += c0 y0 + c1 y1 + c2 y2 + c3 y3</c> over k floats in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy4<TV>(float c0, ref float y0, float c1, ref float y1, float c2, ref float y2, float c3, ref float y3, ref float target, int k)
        where TV : struct, ISimdVector<TV>
    {
        nuint w = (nuint)TV.Count;
        nuint n = (nuint)k;
        nuint i = 0;
        if (TV.Count > 1)
        {
            TV v0 = TV.Broadcast(c0), v1 = TV.Broadcast(c1), v2 = TV.Broadcast(c2), v3 = TV.Broadcast(c3);
            for (; i + w <= n; i += w)
            {
                TV t = TV.Load(ref target, i);
                t = TV.MultiplyAdd(v0, TV.Load(ref y0, i), t);
                t = TV.MultiplyAdd(v1, TV.Load(ref y1, i), t);
                t = TV.MultiplyAdd(v2, TV.Load(ref y2, i), t);
                t = TV.MultiplyAdd(v3, TV.Load(ref y3, i), t);
                TV.Store(t, ref target, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref target, i) += (c0 * Unsafe.Add(ref y0, i)) + (c1 * Unsafe.Add(ref y1, i)) + (c2 * Unsafe.Add(ref y2, i)) + (c3 * Unsafe.Add(ref y3, i));
        }
    }

    /// <summary>Returns <c>c (p - s)² - s²</c>: an observed pair's loss minus its share of <c>xᵀ G x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PairLoss(float strength, float alpha, double s)
    {
        double confidence = 1 + ((double)alpha * strength);
        double preference = strength > 0 ? 1 : 0;
        return (confidence * (preference - s) * (preference - s)) - (s * s);
    }

    /// <summary>Computes <c>destination = m v</c> for the k x k row-major <paramref name="m"/>, four rows per pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MatVec<TV>(ref float m, int k, ref float v, ref float destination)
        where TV : struct, ISimdVector<TV>
    {
        nuint stride = (nuint)k;
        int i = 0;
        for (; i + 4 <= k; i += 4)
        {
            SimdMath.Dot4<TV>(ref Unsafe.Add(ref m, (nuint)i * stride), stride, ref v, k).StoreUnsafe(ref destination, (nuint)i);
        }

        for (; i < k; i++)
        {
            Unsafe.Add(ref destination, i) = SimdMath.Dot<TV>(ref Unsafe.Add(ref m, (nuint)i * stride), ref v, k);
        }
    }

    /// <summary>Computes <c>y += a x</c> over k floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy<TV>(float a, ref float x, ref float y, int k)
        where TV : struct, ISimdVector<TV>
    {
        nuint w = (nuint)TV.Count;
        nuint n = (nuint)k;
        nuint i = 0;
        if (TV.Count > 1)
        {
            TV av = TV.Broadcast(a);
            for (; i + w <= n; i += w)
            {
                TV.Store(TV.MultiplyAdd(av, TV.Load(ref x, i), TV.Load(ref y, i)), ref y, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref y, i) = (a * Unsafe.Add(ref x, i)) + Unsafe.Add(ref y, i);
        }
    }

    /// <summary>Computes <c>p = r + b p</c> over k floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Xpby<TV>(ref float r, float b, ref float p, int k)
        where TV : struct, ISimdVector<TV>
    {
        nuint w = (nuint)TV.Count;
        nuint n = (nuint)k;
        nuint i = 0;
        if (TV.Count > 1)
        {
            TV bv = TV.Broadcast(b);
            for (; i + w <= n; i += w)
            {
                TV.Store(TV.MultiplyAdd(bv, TV.Load(ref p, i), TV.Load(ref r, i)), ref p, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref p, i) = (b * Unsafe.Add(ref p, i)) + Unsafe.Add(ref r, i);
        }
    }
}
