// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What <see cref="ProfileFuser.Fuse"/> produced: the model with fused profiles and how the descent went.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class ProfileFuserResult
{
    internal ProfileFuserResult(ProfileModel model, int fused, int withoutText, double meanIterations, double meanInitialLoss,
        double meanFinalLoss, IReadOnlyDictionary<FusionStopReason, int> stopReasons, TimeSpan elapsed)
    {
        Model = model;
        Fused = fused;
        WithoutText = withoutText;
        MeanIterations = meanIterations;
        MeanInitialLoss = meanInitialLoss;
        MeanFinalLoss = meanFinalLoss;
        StopReasons = stopReasons;
        Elapsed = elapsed;
    }

    /// <summary>Gets the model whose profiles carry <see cref="UserProfile.FusedVector"/> (and their text vectors).</summary>
    public ProfileModel Model { get; }

    /// <summary>Gets the number of persons fused from a behaviour and a text vector.</summary>
    public int Fused { get; }

    /// <summary>Gets the number of persons without a text vector (no insight): their fused vector is their behaviour vector.</summary>
    public int WithoutText { get; }

    /// <summary>Gets the mean number of accepted gradient steps over the fused persons (0 when none was fused).</summary>
    public double MeanIterations { get; }

    /// <summary>Gets the mean loss at <c>U0 = B</c> over the fused persons (0 when none was fused).</summary>
    public double MeanInitialLoss { get; }

    /// <summary>Gets the mean final loss over the fused persons (0 when none was fused).</summary>
    public double MeanFinalLoss { get; }

    /// <summary>Gets how many fused persons stopped for each reason.</summary>
    public IReadOnlyDictionary<FusionStopReason, int> StopReasons { get; }

    /// <summary>Gets the wall time of the descent.</summary>
    public TimeSpan Elapsed { get; }
}
