// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Why gradient descent stopped for a person.</summary>
public enum FusionStopReason
{
    /// <summary>The gradient norm fell below <see cref="ProfileFusionOptions.GradientTolerance"/>.</summary>
    GradientTolerance,

    /// <summary>The relative loss decrease fell below <see cref="ProfileFusionOptions.RelativeTolerance"/>.</summary>
    RelativeTolerance,

    /// <summary>The line search found no decrease within <see cref="ProfileFusionOptions.MaxBacktracks"/> reductions (float32 precision reached).</summary>
    NoDecrease,

    /// <summary>The iteration limit <see cref="ProfileFusionOptions.MaxIterations"/> was reached.</summary>
    MaxIterations,
}
