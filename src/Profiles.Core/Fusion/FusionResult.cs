// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The fused profile of one person and how gradient descent reached it.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class FusionResult
{
    internal FusionResult(float[] vector, double[] lossTrace, int evaluations, double gradientNorm, FusionStopReason stopReason)
    {
        Vector = vector;
        LossTrace = lossTrace;
        Evaluations = evaluations;
        GradientNorm = gradientNorm;
        StopReason = stopReason;
    }

    /// <summary>Gets the fused profile <c>U</c> (length <c>d</c>).</summary>
    public ReadOnlyMemory<float> Vector { get; }

    /// <summary>Gets the loss after every accepted step, starting with the loss at <c>U0 = B</c>; it never increases.</summary>
    public IReadOnlyList<double> LossTrace { get; }

    /// <summary>Gets the number of accepted gradient steps.</summary>
    public int Iterations => LossTrace.Count - 1;

    /// <summary>Gets the number of loss and gradient evaluations, rejected line-search trials included.</summary>
    public int Evaluations { get; }

    /// <summary>Gets the norm of the gradient at <see cref="Vector"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>Gets why the descent stopped.</summary>
    public FusionStopReason StopReason { get; }

    /// <summary>Gets the final loss.</summary>
    public double Loss => LossTrace[^1];
}
