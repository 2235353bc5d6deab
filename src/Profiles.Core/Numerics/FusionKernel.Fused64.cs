// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Profiles.Core;

/// <content>The one-pass kernel specialised for d = 64 on AVX-512 hardware.</content>
public static partial class FusionKernel
{
    /// <summary>The dimension of the specialised one-pass kernel: a row is four Vector512 or eight Vector256.</summary>
    private const int FusedDimensions = 64;

    /// <summary>The rows per group: one Vector512 of logits, one vectorised exponential.</summary>
    private const int FusedGroup = 16;

    /// <summary>
    /// The rows whose weighted sums are kept in float registers before they are added onto the float64 accumulators
    /// (the same 256 rows per float partial sum as the generic one-pass kernel).
    /// </summary>
    private const int FusedFlushRows = 256;

    /// <summary>Gets a value indicating whether <see cref="OnePass64"/> can run on this machine for <paramref name="d"/>.</summary>
    private static bool CanUseFused64(int d) =>
        d == FusedDimensions && Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Computes the one-pass loss and gradients for d = 64, sixteen rows at a time: the sixteen logits (eight rows per
    /// 256-bit transpose-add), one vectorised <c>e^(z - m)</c> and its square, then the two weighted sums of the same
    /// rows while they are in L1, into eight Vector512 registers that are widened onto the float64 accumulators every
    /// <see cref="FusedFlushRows"/> rows. The running maximum <c>m</c> lags: a group is compared with it in one
    /// instruction, and only a group holding a larger logit (or a NaN) takes the slow branch that rescales.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FusionLoss OnePass64(
        ReadOnlySpan<float> items, int n, ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor,
        FusionObjective objective, Span<float> userGradient, Span<float> textGradient)
    {
        const int d = FusedDimensions;
        Span<double> accumulators = stackalloc double[2 * d];
        Span<float> partial = stackalloc float[2 * d];
        Span<float> weights = stackalloc float[2 * FusedGroup];
        accumulators.Clear();
        Span<double> bu = accumulators[..d];
        Span<double> au = accumulators[d..];
        ref float c0 = ref SimdMath.Ref(items);
        ref float u = ref SimdMath.Ref(user);
        ref float p = ref SimdMath.Ref(partial);
        ref float w = ref SimdMath.Ref(weights);
        Vector256<float> u0 = Vector256.LoadUnsafe(ref u, 0), u1 = Vector256.LoadUnsafe(ref u, 8);
        Vector256<float> u2 = Vector256.LoadUnsafe(ref u, 16), u3 = Vector256.LoadUnsafe(ref u, 24);
        Vector256<float> u4 = Vector256.LoadUnsafe(ref u, 32), u5 = Vector256.LoadUnsafe(ref u, 40);
        Vector256<float> u6 = Vector256.LoadUnsafe(ref u, 48), u7 = Vector256.LoadUnsafe(ref u, 56);

        // m starts as NaN: the first group sets it.
        float m = float.NaN;
        Vector512<float> mv = default;
        double s = 0d, q = 0d;
        int full = n - (n % FusedGroup);
        int k = 0;
        bool newMaximum = true;
        while (k < full)
        {
            if (newMaximum)
            {
                // The group at k holds a logit above m (or is the first group, or holds a NaN): rescale to its maximum
                // here, outside the loop that keeps the float sums in registers (a call there would spill them).
                float groupMax = GroupMax(Logits16(ref Unsafe.Add(ref c0, (nuint)k * d), u0, u1, u2, u3, u4, u5, u6, u7), ref w);
                if (!float.IsFinite(groupMax))
                {
                    // A NaN or infinite logit: return a NaN loss, which makes the caller find and report the cause.
                    return Finish(user, text, anchor, objective, double.NaN, bu, userGradient, textGradient);
                }

                if (groupMax > m)
                {
                    Rescale(Math.Exp((double)m - groupMax), ref s, ref q, bu, au);
                }

                if (!(groupMax <= m))
                {
                    m = groupMax;
                }

                mv = Vector512.Create(m);
                newMaximum = false;
            }

            int flushEnd = Math.Min(full, k + FusedFlushRows);
            Vector512<float> b0 = Vector512<float>.Zero, b1 = Vector512<float>.Zero, b2 = Vector512<float>.Zero, b3 = Vector512<float>.Zero;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero;
            Vector512<float> sv = Vector512<float>.Zero, qv = Vector512<float>.Zero;
            for (; k < flushEnd; k += FusedGroup)
            {
                ref float g = ref Unsafe.Add(ref c0, (nuint)k * d);
                Vector512<float> z = Logits16(ref g, u0, u1, u2, u3, u4, u5, u6, u7);
                if (!Vector512.LessThanOrEqualAll(z, mv))
                {
                    newMaximum = true;
                    break;
                }

                Vector512<float> e = ExpNonPositive(z - mv);
                Vector512<float> e2 = e * e;
                sv += e;
                qv += e2;
                e.StoreUnsafe(ref w);
                e2.StoreUnsafe(ref w, FusedGroup);
                for (nuint r = 0; r < FusedGroup; r++)
                {
                    ref float row = ref Unsafe.Add(ref g, r * d);
                    Vector512<float> x0 = Vector512.LoadUnsafe(ref row, 0);
                    Vector512<float> x1 = Vector512.LoadUnsafe(ref row, 16);
                    Vector512<float> x2 = Vector512.LoadUnsafe(ref row, 32);
                    Vector512<float> x3 = Vector512.LoadUnsafe(ref row, 48);
                    Vector512<float> f = Vector512.Create(Unsafe.Add(ref w, r));
                    Vector512<float> h = Vector512.Create(Unsafe.Add(ref w, FusedGroup + r));
                    b0 = Vector512.MultiplyAddEstimate(f, x0, b0);
                    b1 = Vector512.MultiplyAddEstimate(f, x1, b1);
                    b2 = Vector512.MultiplyAddEstimate(f, x2, b2);
                    b3 = Vector512.MultiplyAddEstimate(f, x3, b3);
                    a0 = Vector512.MultiplyAddEstimate(h, x0, a0);
                    a1 = Vector512.MultiplyAddEstimate(h, x1, a1);
                    a2 = Vector512.MultiplyAddEstimate(h, x2, a2);
                    a3 = Vector512.MultiplyAddEstimate(h, x3, a3);
                }
            }

            b0.StoreUnsafe(ref p, 0);
            b1.StoreUnsafe(ref p, 16);
            b2.StoreUnsafe(ref p, 32);
            b3.StoreUnsafe(ref p, 48);
            a0.StoreUnsafe(ref p, 64);
            a1.StoreUnsafe(ref p, 80);
            a2.StoreUnsafe(ref p, 96);
            a3.StoreUnsafe(ref p, 112);
            AddWidened(ref p, bu, au);
            s += Vector512.Sum(sv);
            q += Vector512.Sum(qv);
        }

        if (k < n)
        {
            // The last n mod 16 rows go through the generic block steps, which keep the same running statistics.
            if (float.IsNaN(m))
            {
                m = float.NegativeInfinity;
            }

            int rows = n - k;
            Span<float> w1 = stackalloc float[FusedGroup];
            Span<float> w2 = stackalloc float[FusedGroup];
            ref float block = ref Unsafe.Add(ref c0, (nuint)k * d);
            BlockLogits<Vec512>(ref block, d, ref u, w1[..rows], (nuint)rows * d);
            UpdateRunning(w1[..rows], w2[..rows], ref m, ref s, ref q, bu, au);
            AccumulateTwo<Vec512>(ref block, d, rows, ref w1[0], ref w2[0], ref p);
            AddWidened(ref p, bu, au);
        }

        double collision = PenaltyGradient(s, q, bu, au);
        return Finish(user, text, anchor, objective, collision, bu, userGradient, textGradient);
    }

    /// <summary>Computes the sixteen logits of sixteen consecutive 64-float rows, lane <c>i</c> holding row <c>i</c>'s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Logits16(
        ref float rows, Vector256<float> u0, Vector256<float> u1, Vector256<float> u2, Vector256<float> u3,
        Vector256<float> u4, Vector256<float> u5, Vector256<float> u6, Vector256<float> u7) =>
        Vector512.Create(
            Logits8(ref rows, u0, u1, u2, u3, u4, u5, u6, u7),
            Logits8(ref Unsafe.Add(ref rows, 8 * FusedDimensions), u0, u1, u2, u3, u4, u5, u6, u7));

    /// <summary>
    /// Computes the eight logits of eight consecutive 64-float rows: one 256-bit accumulator per row (eight FMAs),
    /// then one 8 x 8 transpose-add, so that lane <c>i</c> holds row <c>i</c>'s dot product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Logits8(
        ref float rows, Vector256<float> u0, Vector256<float> u1, Vector256<float> u2, Vector256<float> u3,
        Vector256<float> u4, Vector256<float> u5, Vector256<float> u6, Vector256<float> u7)
    {
        Vector256<float> t01 = Pair(Row8(ref rows, u0, u1, u2, u3, u4, u5, u6, u7), Row8(ref Unsafe.Add(ref rows, 64), u0, u1, u2, u3, u4, u5, u6, u7));
        Vector256<float> t23 = Pair(Row8(ref Unsafe.Add(ref rows, 128), u0, u1, u2, u3, u4, u5, u6, u7), Row8(ref Unsafe.Add(ref rows, 192), u0, u1, u2, u3, u4, u5, u6, u7));
        Vector256<float> t45 = Pair(Row8(ref Unsafe.Add(ref rows, 256), u0, u1, u2, u3, u4, u5, u6, u7), Row8(ref Unsafe.Add(ref rows, 320), u0, u1, u2, u3, u4, u5, u6, u7));
        Vector256<float> t67 = Pair(Row8(ref Unsafe.Add(ref rows, 384), u0, u1, u2, u3, u4, u5, u6, u7), Row8(ref Unsafe.Add(ref rows, 448), u0, u1, u2, u3, u4, u5, u6, u7));

        // Per 128-bit lane: [r0, r1, r2, r3] partial sums (t0123) and [r4, r5, r6, r7] (t4567).
        Vector256<float> t0123 = Avx.Shuffle(t01, t23, 0x44) + Avx.Shuffle(t01, t23, 0xEE);
        Vector256<float> t4567 = Avx.Shuffle(t45, t67, 0x44) + Avx.Shuffle(t45, t67, 0xEE);

        // Add the two 128-bit lanes: [r0..r3 | r4..r7].
        return Avx.Permute2x128(t0123, t4567, 0x20) + Avx.Permute2x128(t0123, t4567, 0x31);
    }

    /// <summary>Computes one 64-float row times <c>U</c> as eight lane-wise partial sums (two chains: a multiply, then three FMAs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row8(
        ref float row, Vector256<float> u0, Vector256<float> u1, Vector256<float> u2, Vector256<float> u3,
        Vector256<float> u4, Vector256<float> u5, Vector256<float> u6, Vector256<float> u7)
    {
        Vector256<float> even = Vector256.LoadUnsafe(ref row, 0) * u0;
        Vector256<float> odd = Vector256.LoadUnsafe(ref row, 8) * u1;
        even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 16), u2, even);
        odd = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 24), u3, odd);
        even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 32), u4, even);
        odd = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 40), u5, odd);
        even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 48), u6, even);
        odd = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 56), u7, odd);
        return even + odd;
    }

    /// <summary>Adds two rows' partial sums pairwise: per 128-bit lane <c>[a0+a2, b0+b2, a1+a3, b1+b3]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pair(Vector256<float> a, Vector256<float> b) => Avx.UnpackLow(a, b) + Avx.UnpackHigh(a, b);

    /// <summary>
    /// Computes <c>e^x</c> for <c>x &lt;= 0</c> (or -infinity) in float: <c>x = k ln 2 + r</c> with <c>|r| &lt;= ln 2 / 2</c>,
    /// the Cephes <c>expf</c> polynomial for <c>e^r</c> (<c>1 + r + r^2 p(r)</c>, <c>p</c> of degree 5; within 3 ulp, tested), and <c>2^k</c> built in
    /// the exponent bits. Arguments below -87.3 give about 1.2e-38 instead of a subnormal or zero, which changes a sum
    /// that also holds the maximum's <c>e^0 = 1</c> by at most <c>n</c> times 1.2e-38 relative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpNonPositive(Vector512<float> x)
    {
        // 1.5 * 2^23 + 127: adding it rounds x log2(e) to an integer k and leaves k + 127 in the low mantissa bits.
        Vector512<float> magic = Vector512.Create(12582912f + 127f);
        x = Vector512.Max(x, Vector512.Create(-87.33654f));
        Vector512<float> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(1.44269504088896341f), magic);
        Vector512<float> k = t - magic;
        Vector512<float> r = Vector512.MultiplyAddEstimate(k, Vector512.Create(-0.693359375f), x);
        r = Vector512.MultiplyAddEstimate(k, Vector512.Create(2.12194440e-4f), r);
        Vector512<float> poly = Vector512.MultiplyAddEstimate(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        poly = Vector512.MultiplyAddEstimate(poly, r, Vector512.Create(8.3334519073e-3f));
        poly = Vector512.MultiplyAddEstimate(poly, r, Vector512.Create(4.1665795894e-2f));
        poly = Vector512.MultiplyAddEstimate(poly, r, Vector512.Create(1.6666665459e-1f));
        poly = Vector512.MultiplyAddEstimate(poly, r, Vector512.Create(5.0000001201e-1f));
        poly = Vector512.MultiplyAddEstimate(poly, r * r, r) + Vector512<float>.One;
        Vector512<float> scale = Vector512.ShiftLeft(t.AsInt32(), 23).AsSingle();
        return poly * scale;
    }

    /// <summary>Returns the largest of the sixteen logits, NaN when one is NaN (the slow branch only).</summary>
    private static float GroupMax(Vector512<float> z, ref float scratch)
    {
        z.StoreUnsafe(ref scratch);
        float max = float.NegativeInfinity;
        for (int i = 0; i < FusedGroup; i++)
        {
            float v = Unsafe.Add(ref scratch, i);
            if (float.IsNaN(v))
            {
                return v;
            }

            max = Math.Max(max, v);
        }

        return max;
    }

    /// <summary>Rescales the float64 running statistics by <c>e^(m - newMax)</c> (<paramref name="ratio"/>) when the maximum grows.</summary>
    private static void Rescale(double ratio, ref double s, ref double q, Span<double> bu, Span<double> au)
    {
        double r = ratio;
        double r2 = r * r;
        s *= r;
        q *= r2;
        for (int j = 0; j < bu.Length; j++)
        {
            bu[j] *= r;
            au[j] *= r2;
        }
    }
}
