// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says how <see cref="HybridRecommender"/> puts its components' scores on one scale before weighting them.
/// Both are per person, over the items that person may be recommended (allowed and not seen).</summary>
public enum ScoreNormalization
{
    /// <summary><c>(s - min) / (max - min)</c>, in [0, 1]; all 0 when every score is equal.</summary>
    MinMax,

    /// <summary><c>(s - mean) / standard deviation</c>; all 0 when every score is equal.</summary>
    ZScore,
}
