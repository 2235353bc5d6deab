// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>
/// The float64 scalar reference for the fusion objective: plain loops, no SIMD, two passes over the items.
/// The SIMD kernels in <see cref="FusionKernel"/> are tested against it.
/// </summary>
/// <remarks>
/// <para>It validates nothing beyond lengths and is meant for tests, benchmarks and checking results; use
/// <see cref="FusionKernel"/> in production code.</para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public static class FusionReference
{
    /// <summary>Computes the softmax in float64: <c>destination[i] = exp(z[i] - max(z)) / sum_j exp(z[j] - max(z))</c>.</summary>
    /// <param name="logits">The logits (at least one).</param>
    /// <param name="destination">The probabilities (at least as long as <paramref name="logits"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty or <paramref name="destination"/> is shorter.</exception>
    public static void Softmax(ReadOnlySpan<double> logits, Span<double> destination)
    {
        if (logits.IsEmpty)
        {
            Throw.Argument(nameof(logits), "The softmax of no logits is undefined: pass at least one.");
        }

        if (destination.Length < logits.Length)
        {
            Throw.Argument(nameof(destination), "Destination is shorter than the logits.");
        }

        double max = double.NegativeInfinity;
        foreach (double z in logits)
        {
            max = Math.Max(max, z);
        }

        double sum = 0d;
        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] = Math.Exp(logits[i] - max);
            sum += destination[i];
        }

        for (int i = 0; i < logits.Length; i++)
        {
            destination[i] /= sum;
        }
    }

    /// <summary>
    /// Computes <c>L = alpha ||U - B||^2 + ||U - T||^2 + lambda sum_j softmax(C U)_j^2</c> and <c>dL/dU</c> in float64.
    /// </summary>
    /// <param name="items">The item matrix <c>C</c>, row-major <c>n x d</c> (float32, as stored; arithmetic is float64).</param>
    /// <param name="dimensions">The dimension <c>d</c>.</param>
    /// <param name="user">The user profile <c>U</c>.</param>
    /// <param name="text">The text profile <c>T</c>.</param>
    /// <param name="anchor">The behaviour profile <c>B</c>, or empty when <paramref name="alpha"/> is 0.</param>
    /// <param name="lambda">The collision penalty weight.</param>
    /// <param name="alpha">The anchor weight.</param>
    /// <param name="userGradient">Receives <c>dL/dU</c>, or empty to compute only the loss.</param>
    /// <returns>The loss and its parts.</returns>
    /// <exception cref="ArgumentException">A length does not match or <c>n</c> or <c>d</c> is zero.</exception>
    public static FusionLoss LossAndGradient(
        ReadOnlySpan<float> items, int dimensions, ReadOnlySpan<double> user, ReadOnlySpan<double> text, ReadOnlySpan<double> anchor,
        double lambda, double alpha, Span<double> userGradient)
    {
        if (dimensions <= 0 || items.IsEmpty || items.Length % dimensions != 0)
        {
            Throw.Argument(nameof(items), "The items must be a non-empty n x d matrix.");
        }

        if (user.Length != dimensions || text.Length != dimensions || (!anchor.IsEmpty && anchor.Length != dimensions) ||
            (alpha != 0d && anchor.IsEmpty) || (!userGradient.IsEmpty && userGradient.Length != dimensions))
        {
            Throw.Argument(nameof(user), "Every vector must hold d values.");
        }

        int n = items.Length / dimensions;
        double[] p = new double[n];
        for (int k = 0; k < n; k++)
        {
            double z = 0d;
            for (int j = 0; j < dimensions; j++)
            {
                z += (double)items[(k * dimensions) + j] * user[j];
            }

            p[k] = z;
        }

        Softmax(p, p);
        double collision = 0d;
        foreach (double pk in p)
        {
            collision += pk * pk;
        }

        double textDistance = 0d, anchorDistance = 0d;
        for (int j = 0; j < dimensions; j++)
        {
            textDistance += (user[j] - text[j]) * (user[j] - text[j]);
            if (!anchor.IsEmpty)
            {
                anchorDistance += (user[j] - anchor[j]) * (user[j] - anchor[j]);
            }
        }

        if (!userGradient.IsEmpty)
        {
            // dL/dU = 2 (U - T) + 2 alpha (U - B) + 2 lambda sum_k (P_k^2 - S P_k) C_k
            for (int j = 0; j < dimensions; j++)
            {
                userGradient[j] = (2d * (user[j] - text[j])) + (anchor.IsEmpty ? 0d : 2d * alpha * (user[j] - anchor[j]));
            }

            for (int k = 0; k < n; k++)
            {
                double w = 2d * lambda * ((p[k] * p[k]) - (collision * p[k]));
                for (int j = 0; j < dimensions; j++)
                {
                    userGradient[j] += w * items[(k * dimensions) + j];
                }
            }
        }

        return new FusionLoss(textDistance + (alpha * anchorDistance) + (lambda * collision), textDistance, anchorDistance, collision);
    }
}
