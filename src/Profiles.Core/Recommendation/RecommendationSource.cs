// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says what a recommendation list was computed from.</summary>
public enum RecommendationSource
{
    /// <summary>The person's own history on the requested platforms, through the recommender's model.</summary>
    History,

    /// <summary>Cross-platform cold start: the person has no history on the requested platforms, so the list comes from
    /// their profile vectors (the behaviour vector learned from their other platforms in the joint factor space, the text
    /// vector, or the fused vector).</summary>
    CrossPlatform,

    /// <summary>The person has no history and no profile vector at all: the list is the most popular items.</summary>
    Popularity,
}
