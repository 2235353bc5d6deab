// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>
/// A register-blocked dense product for the small, cache-resident blocks of the batched kernel:
/// effectively computes <c>output[r, j] = sum_k a[r, k] * b[k, j]</c> for row-major operands with the given strides.
/// </summary>
/// <remarks>
/// Rows go in tiles of four. Columns go in tiles of four vectors where the machine has 32 vector registers
/// (AVX-512), else two; then single vectors; then a scalar tail. Each output element is accumulated over
/// <c>k</c> in index order, so a row's result does not depend on which other rows share its tile.
/// </remarks>
internal static class SmallGemm
{
    /// <summary>Overwrites <paramref name="output"/> (rows x cols, stride <paramref name="ldo"/>) with <c>a * b</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TV>(ref float a, nuint lda, int rows, ref float b, nuint ldb, int depth, int cols, ref float output, nuint ldo)
        where TV : struct, ISimdVector<TV>
    {
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            Multiply4Rows<TV>(ref Unsafe.Add(ref a, (nuint)r * lda), lda, ref b, ldb, (nuint)depth, (nuint)cols, ref Unsafe.Add(ref output, (nuint)r * ldo), ldo);
        }

        for (; r < rows; r++)
        {
            Multiply1Row<TV>(ref Unsafe.Add(ref a, (nuint)r * lda), ref b, ldb, (nuint)depth, (nuint)cols, ref Unsafe.Add(ref output, (nuint)r * ldo));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply4Rows<TV>(ref float a, nuint lda, ref float b, nuint ldb, nuint depth, nuint cols, ref float output, nuint ldo)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        nuint j = 0;
        if (typeof(TV) == typeof(Vec512))
        {
            for (; j + (4 * c) <= cols; j += 4 * c)
            {
                Kernel4x4<TV>(ref a, lda, ref Unsafe.Add(ref b, j), ldb, depth, ref Unsafe.Add(ref output, j), ldo);
            }
        }

        for (; j + (2 * c) <= cols; j += 2 * c)
        {
            Kernel4x2<TV>(ref a, lda, ref Unsafe.Add(ref b, j), ldb, depth, ref Unsafe.Add(ref output, j), ldo);
        }

        for (; j + c <= cols; j += c)
        {
            TV c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero;
            ref float a1 = ref Unsafe.Add(ref a, lda);
            ref float a2 = ref Unsafe.Add(ref a, 2 * lda);
            ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
            for (nuint k = 0; k < depth; k++)
            {
                TV bv = TV.Load(ref b, (k * ldb) + j);
                c0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, k)), bv, c0);
                c1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a1, k)), bv, c1);
                c2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a2, k)), bv, c2);
                c3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a3, k)), bv, c3);
            }

            TV.Store(c0, ref output, j);
            TV.Store(c1, ref output, ldo + j);
            TV.Store(c2, ref output, (2 * ldo) + j);
            TV.Store(c3, ref output, (3 * ldo) + j);
        }

        for (; j < cols; j++)
        {
            for (nuint r = 0; r < 4; r++)
            {
                ref float ar = ref Unsafe.Add(ref a, r * lda);
                float sum = 0f;
                for (nuint k = 0; k < depth; k++)
                {
                    sum = (Unsafe.Add(ref ar, k) * Unsafe.Add(ref b, (k * ldb) + j)) + sum;
                }

                Unsafe.Add(ref output, (r * ldo) + j) = sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply1Row<TV>(ref float a, ref float b, nuint ldb, nuint depth, nuint cols, ref float output)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        nuint j = 0;
        for (; j + c <= cols; j += c)
        {
            TV acc = TV.Zero;
            for (nuint k = 0; k < depth; k++)
            {
                acc = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, k)), TV.Load(ref b, (k * ldb) + j), acc);
            }

            TV.Store(acc, ref output, j);
        }

        for (; j < cols; j++)
        {
            float sum = 0f;
            for (nuint k = 0; k < depth; k++)
            {
                sum = (Unsafe.Add(ref a, k) * Unsafe.Add(ref b, (k * ldb) + j)) + sum;
            }

            Unsafe.Add(ref output, j) = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel4x2<TV>(ref float a, nuint lda, ref float b, nuint ldb, nuint depth, ref float output, nuint ldo)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        TV c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero;
        TV c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        ref float a1 = ref Unsafe.Add(ref a, lda);
        ref float a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
        for (nuint k = 0; k < depth; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, k * ldb);
            TV b0 = TV.Load(ref bk, 0);
            TV b1 = TV.Load(ref bk, c);
            TV x = TV.Broadcast(Unsafe.Add(ref a, k));
            c00 = TV.MultiplyAdd(x, b0, c00);
            c01 = TV.MultiplyAdd(x, b1, c01);
            x = TV.Broadcast(Unsafe.Add(ref a1, k));
            c10 = TV.MultiplyAdd(x, b0, c10);
            c11 = TV.MultiplyAdd(x, b1, c11);
            x = TV.Broadcast(Unsafe.Add(ref a2, k));
            c20 = TV.MultiplyAdd(x, b0, c20);
            c21 = TV.MultiplyAdd(x, b1, c21);
            x = TV.Broadcast(Unsafe.Add(ref a3, k));
            c30 = TV.MultiplyAdd(x, b0, c30);
            c31 = TV.MultiplyAdd(x, b1, c31);
        }

        TV.Store(c00, ref output, 0);
        TV.Store(c01, ref output, c);
        TV.Store(c10, ref output, ldo);
        TV.Store(c11, ref output, ldo + c);
        TV.Store(c20, ref output, 2 * ldo);
        TV.Store(c21, ref output, (2 * ldo) + c);
        TV.Store(c30, ref output, 3 * ldo);
        TV.Store(c31, ref output, (3 * ldo) + c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel4x4<TV>(ref float a, nuint lda, ref float b, nuint ldb, nuint depth, ref float output, nuint ldo)
        where TV : struct, ISimdVector<TV>
    {
        nuint c = (nuint)TV.Count;
        TV c00 = TV.Zero, c01 = TV.Zero, c02 = TV.Zero, c03 = TV.Zero;
        TV c10 = TV.Zero, c11 = TV.Zero, c12 = TV.Zero, c13 = TV.Zero;
        TV c20 = TV.Zero, c21 = TV.Zero, c22 = TV.Zero, c23 = TV.Zero;
        TV c30 = TV.Zero, c31 = TV.Zero, c32 = TV.Zero, c33 = TV.Zero;
        ref float a1 = ref Unsafe.Add(ref a, lda);
        ref float a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref float a3 = ref Unsafe.Add(ref a, 3 * lda);
        for (nuint k = 0; k < depth; k++)
        {
            ref float bk = ref Unsafe.Add(ref b, k * ldb);
            TV b0 = TV.Load(ref bk, 0);
            TV b1 = TV.Load(ref bk, c);
            TV b2 = TV.Load(ref bk, 2 * c);
            TV b3 = TV.Load(ref bk, 3 * c);
            TV x = TV.Broadcast(Unsafe.Add(ref a, k));
            c00 = TV.MultiplyAdd(x, b0, c00);
            c01 = TV.MultiplyAdd(x, b1, c01);
            c02 = TV.MultiplyAdd(x, b2, c02);
            c03 = TV.MultiplyAdd(x, b3, c03);
            x = TV.Broadcast(Unsafe.Add(ref a1, k));
            c10 = TV.MultiplyAdd(x, b0, c10);
            c11 = TV.MultiplyAdd(x, b1, c11);
            c12 = TV.MultiplyAdd(x, b2, c12);
            c13 = TV.MultiplyAdd(x, b3, c13);
            x = TV.Broadcast(Unsafe.Add(ref a2, k));
            c20 = TV.MultiplyAdd(x, b0, c20);
            c21 = TV.MultiplyAdd(x, b1, c21);
            c22 = TV.MultiplyAdd(x, b2, c22);
            c23 = TV.MultiplyAdd(x, b3, c23);
            x = TV.Broadcast(Unsafe.Add(ref a3, k));
            c30 = TV.MultiplyAdd(x, b0, c30);
            c31 = TV.MultiplyAdd(x, b1, c31);
            c32 = TV.MultiplyAdd(x, b2, c32);
            c33 = TV.MultiplyAdd(x, b3, c33);
        }

        TV.Store(c00, ref output, 0);
        TV.Store(c01, ref output, c);
        TV.Store(c02, ref output, 2 * c);
        TV.Store(c03, ref output, 3 * c);
        ref float o1 = ref Unsafe.Add(ref output, ldo);
        TV.Store(c10, ref o1, 0);
        TV.Store(c11, ref o1, c);
        TV.Store(c12, ref o1, 2 * c);
        TV.Store(c13, ref o1, 3 * c);
        ref float o2 = ref Unsafe.Add(ref output, 2 * ldo);
        TV.Store(c20, ref o2, 0);
        TV.Store(c21, ref o2, c);
        TV.Store(c22, ref o2, 2 * c);
        TV.Store(c23, ref o2, 3 * c);
        ref float o3 = ref Unsafe.Add(ref output, 3 * ldo);
        TV.Store(c30, ref o3, 0);
        TV.Store(c31, ref o3, c);
        TV.Store(c32, ref o3, 2 * c);
        TV.Store(c33, ref o3, 3 * c);
    }
}
