// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says what <see cref="SignalWeights"/> makes of a rating at or below <see cref="SignalWeightsOptions.RatingNeutral"/>.</summary>
public enum LowRatingPolicy
{
    /// <summary>A low rating is a negative preference: <c>(rating - neutral) * scale</c>, below zero.</summary>
    Negative,

    /// <summary>A low rating carries no signal: its strength is zero, so models ignore it.</summary>
    Drop,
}
