// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>
/// Computes the profile-fusion loss <c>L(U) = alpha * ||U - B||^2 + ||U - T||^2 + lambda * S</c>, with
/// <c>S = sum_j softmax(C U)_j^2</c>, and its gradients, with SIMD kernels that stream the item matrix <c>C</c>.
/// </summary>
/// <remarks>
/// <para>
/// <c>C</c> (<c>items</c>) is row-major, <c>n x d</c>: item <c>j</c> occupies <c>items[(j * d)..((j + 1) * d)]</c>.
/// The gradient is <c>dL/dU = 2 (U - T) + 2 alpha (U - B) + 2 lambda (A - S * Cbar)</c> with
/// <c>A = sum_k P_k^2 C_k</c> and <c>Cbar = sum_k P_k C_k</c>; <c>dL/dT = -2 (U - T)</c> (docs/math.md derives both).
/// </para>
/// <para>
/// Three implementations compute the same quantities: <see cref="LossAndGradient(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, FusionObjective, Span{float}, Span{float})"/>
/// reads <c>C</c> once, block by block, with an online maximum and rescaled accumulators;
/// <see cref="LossAndGradientTwoPass"/> computes all logits first and reads <c>C</c> a second time;
/// <see cref="LossAndGradientBatch"/> does the one-pass computation for many users at once with register-blocked
/// dense products per item block, on several threads. <see cref="FusionReference"/> is the float64 reference.
/// </para>
/// <para>
/// The kernels take the widest of Vector512, Vector256 and Vector128 that the hardware accelerates, with scalar
/// tails, and a scalar path when hardware intrinsics are disabled. With AVX-512 and <c>d = 64</c> the one-pass kernel
/// runs a specialised loop over groups of 16 rows (logits, exponentials and both weighted sums while the rows are in
/// L1, the float sums in registers). Accumulation order depends only on the
/// lengths and, in that specialised loop, on where the running maximum rises (both fixed by the inputs), never on memory
/// alignment: the same inputs give the same result. They allocate nothing on the managed heap per call (scratch comes from the
/// stack or <see cref="ArrayPool{T}.Shared"/>); the batched kernel allocates its small job object (144 bytes)
/// and, when it uses more than one thread, the parallel loop's bookkeeping (about 1.7 KB).
/// </para>
/// <para>
/// Non-finite inputs: <c>U</c>, <c>T</c> and <c>B</c> are checked up front. <c>C</c> is not scanned on the hot path
/// (that would double its memory traffic); any NaN or infinity in it makes the loss or the gradient non-finite,
/// which triggers a diagnostic scan that throws an <see cref="ArgumentException"/> naming <c>items</c> and the
/// offending row. No NaN or infinity is ever returned.
/// </para>
/// <para>All members are thread-safe: they keep no state between calls.</para>
/// </remarks>
public static partial class FusionKernel
{
    /// <summary>
    /// The number of item rows per block: 256 rows of 64 floats are 64 KiB, re-read from L1/L2 by the accumulation
    /// right after the logits; larger blocks amortise the per-block vector calls (64-row blocks measured about 8% slower in cache).
    /// </summary>
    internal const int BlockItems = 256;

    /// <summary>Up to this many dimensions, per-call scratch lives on the stack.</summary>
    private const int StackDimensions = 512;

    /// <summary>
    /// Computes a numerically stable softmax: effectively <c>destination[i] = exp(x[i] - max(x)) / sum_j exp(x[j] - max(x))</c>.
    /// </summary>
    /// <param name="logits">The logits. A NaN propagates to every output.</param>
    /// <param name="destination">The probabilities; may be the same span as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty, or <paramref name="destination"/> is shorter.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (logits.IsEmpty)
        {
            Throw.Argument(nameof(logits), "The softmax of no logits is undefined: pass at least one.");
        }

        if (destination.Length < logits.Length)
        {
            Throw.Argument(nameof(destination), "Destination is shorter than the logits.");
        }

        destination = destination[..logits.Length];
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, destination);
        TensorPrimitives.Exp(destination, destination);
        float sum = TensorPrimitives.Sum(destination);
        TensorPrimitives.Divide(destination, sum, destination);
    }

    /// <summary>
    /// Computes the collision probability <c>S = sum_j softmax(z)_j^2</c> of the softmax of <paramref name="logits"/>,
    /// stably and without materialising the probabilities.
    /// </summary>
    /// <param name="logits">The logits.</param>
    /// <returns><c>S</c>, in <c>[1/n, 1]</c>; NaN when a logit is NaN.</returns>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty.</exception>
    public static double CollisionProbability(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            Throw.Argument(nameof(logits), "The softmax of no logits is undefined: pass at least one.");
        }

        float max = TensorPrimitives.Max(logits);
        Span<float> buffer = stackalloc float[BlockItems];
        double s = 0, q = 0;
        for (int start = 0; start < logits.Length; start += BlockItems)
        {
            ReadOnlySpan<float> z = logits.Slice(start, Math.Min(BlockItems, logits.Length - start));
            Span<float> e = buffer[..z.Length];
            TensorPrimitives.Subtract(z, max, e);
            TensorPrimitives.Exp(e, e);
            s += TensorPrimitives.Sum(e);
            q += TensorPrimitives.SumOfSquares(e);
        }

        return q / (s * s);
    }

    /// <summary>
    /// Computes the specification's loss <c>||U - T||^2 + lambda * S</c> and its gradient with respect to <c>U</c>,
    /// reading the items once.
    /// </summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c>, <c>n &gt;= 1</c>.</param>
    /// <param name="dimensions">The dimension <c>d</c>, at least 1.</param>
    /// <param name="user">The user profile <c>U</c> (length <c>d</c>).</param>
    /// <param name="text">The text profile <c>T</c> (length <c>d</c>).</param>
    /// <param name="lambda">The weight of the collision penalty; finite and non-negative.</param>
    /// <param name="userGradient">Receives <c>dL/dU</c> (length <c>d</c>).</param>
    /// <returns>The loss and its parts.</returns>
    /// <exception cref="ArgumentException">A length does not match, <c>n</c> or <c>d</c> is zero, or an input holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive or <paramref name="lambda"/> is invalid.</exception>
    public static FusionLoss LossAndGradient(
        ReadOnlySpan<float> items, int dimensions, ReadOnlySpan<float> user, ReadOnlySpan<float> text, float lambda, Span<float> userGradient) =>
        LossAndGradient(items, dimensions, user, text, default, new FusionObjective(lambda), userGradient, default);

    /// <summary>
    /// Computes the generalised loss <c>alpha * ||U - B||^2 + ||U - T||^2 + lambda * S</c> and its gradients,
    /// reading the items once (the fused one-pass kernel).
    /// </summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c>, <c>n &gt;= 1</c>.</param>
    /// <param name="dimensions">The dimension <c>d</c>, at least 1.</param>
    /// <param name="user">The user profile <c>U</c> (length <c>d</c>).</param>
    /// <param name="text">The text profile <c>T</c> (length <c>d</c>).</param>
    /// <param name="anchor">The behaviour profile <c>B</c> (length <c>d</c>); may be empty when <c>alpha</c> is 0.</param>
    /// <param name="objective">The weights <c>lambda</c> and <c>alpha</c>.</param>
    /// <param name="userGradient">Receives <c>dL/dU</c> (length <c>d</c>).</param>
    /// <param name="textGradient">Receives <c>dL/dT = -2 (U - T)</c> (length <c>d</c>), or empty to skip it.</param>
    /// <returns>The loss and its parts.</returns>
    /// <exception cref="ArgumentException">A length does not match, <c>n</c> or <c>d</c> is zero, or an input holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive.</exception>
    public static FusionLoss LossAndGradient(
        ReadOnlySpan<float> items, int dimensions, ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor,
        FusionObjective objective, Span<float> userGradient, Span<float> textGradient)
    {
        int n = ValidateSingle(items, dimensions, user, text, anchor, objective, userGradient, textGradient);
        FusionLoss loss = SimdMath.Width switch
        {
            SimdWidth.Vector512 when CanUseFused64(dimensions) => OnePass64(items, n, user, text, anchor, objective, userGradient, textGradient),
            SimdWidth.Vector512 => OnePass<Vec512>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient),
            SimdWidth.Vector256 => OnePass<Vec256>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient),
            SimdWidth.Vector128 => OnePass<Vec128>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient),
            _ => OnePass<Vec1>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient),
        };
        EnsureFinite(loss, userGradient, items, dimensions);
        return loss;
    }

    /// <summary>
    /// Computes the same loss and gradients as the one-pass kernel in two passes: all logits first (into
    /// <paramref name="logitScratch"/>), then the weighted sum of the items. It reads <c>C</c> twice and is the
    /// baseline the one-pass kernel is measured against.
    /// </summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c>, <c>n &gt;= 1</c>.</param>
    /// <param name="dimensions">The dimension <c>d</c>, at least 1.</param>
    /// <param name="user">The user profile <c>U</c> (length <c>d</c>).</param>
    /// <param name="text">The text profile <c>T</c> (length <c>d</c>).</param>
    /// <param name="anchor">The behaviour profile <c>B</c> (length <c>d</c>); may be empty when <c>alpha</c> is 0.</param>
    /// <param name="objective">The weights <c>lambda</c> and <c>alpha</c>.</param>
    /// <param name="userGradient">Receives <c>dL/dU</c> (length <c>d</c>).</param>
    /// <param name="textGradient">Receives <c>dL/dT</c> (length <c>d</c>), or empty to skip it.</param>
    /// <param name="logitScratch">Caller-provided scratch of at least <c>n</c> floats; its contents are overwritten.</param>
    /// <returns>The loss and its parts.</returns>
    /// <exception cref="ArgumentException">A length does not match, <c>n</c> or <c>d</c> is zero, or an input holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive.</exception>
    public static FusionLoss LossAndGradientTwoPass(
        ReadOnlySpan<float> items, int dimensions, ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor,
        FusionObjective objective, Span<float> userGradient, Span<float> textGradient, Span<float> logitScratch)
    {
        int n = ValidateSingle(items, dimensions, user, text, anchor, objective, userGradient, textGradient);
        if (logitScratch.Length < n)
        {
            Throw.Argument(nameof(logitScratch), $"The scratch holds {logitScratch.Length} floats; the kernel needs one per item ({n}).");
        }

        logitScratch = logitScratch[..n];
        FusionLoss loss = SimdMath.Width switch
        {
            SimdWidth.Vector512 => TwoPass<Vec512>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient, logitScratch),
            SimdWidth.Vector256 => TwoPass<Vec256>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient, logitScratch),
            SimdWidth.Vector128 => TwoPass<Vec128>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient, logitScratch),
            _ => TwoPass<Vec1>(items, dimensions, n, user, text, anchor, objective, userGradient, textGradient, logitScratch),
        };
        EnsureFinite(loss, userGradient, items, dimensions);
        return loss;
    }

    private static int ValidateSingle(
        ReadOnlySpan<float> items, int dimensions, ReadOnlySpan<float> user, ReadOnlySpan<float> text, ReadOnlySpan<float> anchor,
        FusionObjective objective, Span<float> userGradient, Span<float> textGradient)
    {
        int n = ValidateItems(items, dimensions);
        ValidateVector(user, dimensions, nameof(user));
        ValidateVector(text, dimensions, nameof(text));
        ValidateAnchor(anchor, dimensions, objective, nameof(anchor));
        if (userGradient.Length != dimensions)
        {
            Throw.Argument(nameof(userGradient), $"The gradient needs exactly d = {dimensions} floats; it has {userGradient.Length}.");
        }

        if (!textGradient.IsEmpty && textGradient.Length != dimensions)
        {
            Throw.Argument(nameof(textGradient), $"The text gradient must be empty or hold d = {dimensions} floats; it has {textGradient.Length}.");
        }

        return n;
    }

    private static int ValidateItems(ReadOnlySpan<float> items, int dimensions)
    {
        if (dimensions <= 0)
        {
            Throw.OutOfRange(nameof(dimensions), dimensions, "must be at least 1 (d = 0 has no profile)");
        }

        if (items.IsEmpty)
        {
            Throw.Argument(nameof(items), "The item matrix is empty (n = 0): the softmax over no items is undefined.");
        }

        if (items.Length % dimensions != 0)
        {
            Throw.Argument(nameof(items), $"The item matrix has {items.Length} floats, which is not a multiple of d = {dimensions}.");
        }

        return items.Length / dimensions;
    }

    private static void ValidateVector(ReadOnlySpan<float> vector, int dimensions, string paramName)
    {
        if (vector.Length != dimensions)
        {
            Throw.Argument(paramName, $"The vector needs exactly d = {dimensions} floats; it has {vector.Length}.");
        }

        Throw.IfAnyNotFinite(vector, paramName);
    }

    private static void ValidateAnchor(ReadOnlySpan<float> anchor, int length, FusionObjective objective, string paramName)
    {
        if (anchor.IsEmpty)
        {
            if (objective.Alpha != 0f)
            {
                Throw.Argument(paramName, "alpha > 0 anchors the profile to the behaviour profile B: pass B.");
            }

            return;
        }

        if (anchor.Length != length)
        {
            Throw.Argument(paramName, $"The anchor must be empty or hold {length} floats; it has {anchor.Length}.");
        }

        Throw.IfAnyNotFinite(anchor, paramName);
    }

    /// <summary>Throws when a result is not finite, after finding out which input caused it.</summary>
    private static void EnsureFinite(FusionLoss loss, ReadOnlySpan<float> gradient, ReadOnlySpan<float> items, int dimensions)
    {
        if (double.IsFinite(loss.Total) && double.IsFinite(loss.Collision) && SimdMath.IndexOfNonFinite(gradient) < 0)
        {
            return;
        }

        DiagnoseNonFinite(items, dimensions);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DiagnoseNonFinite(ReadOnlySpan<float> items, int dimensions)
    {
        int index = SimdMath.IndexOfNonFinite(items);
        if (index >= 0)
        {
            Throw.Argument(nameof(items), $"Item {index / dimensions} holds {items[index]} at column {index % dimensions}; every value must be finite.");
        }

        Throw.Argument(nameof(items),
            "The loss or gradient overflows float32 although every input is finite: a logit C U, or a difference U - T or U - B, " +
            "exceeds 3.4e38 in magnitude. Scale the profile or item vectors down.");
    }

    /// <summary>Folds one block's logits into the running statistics: the weights replace the logits.</summary>
    /// <param name="z">The block's logits; receives <c>e^(z - m)</c>.</param>
    /// <param name="z2">Receives <c>e^(2 (z - m))</c>.</param>
    /// <param name="m">The running maximum.</param>
    /// <param name="s">The running <c>sum e^(z - m)</c>.</param>
    /// <param name="q">The running <c>sum e^(2 (z - m))</c>.</param>
    /// <param name="bu">The running <c>sum e^(z - m) C_k</c>, rescaled when the maximum grows.</param>
    /// <param name="au">The running <c>sum e^(2 (z - m)) C_k</c>, rescaled when the maximum grows.</param>
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
