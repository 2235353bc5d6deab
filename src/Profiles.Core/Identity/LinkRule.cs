// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Which rule created an <see cref="IdentityLink"/>.</summary>
public enum LinkRule
{
    /// <summary>The accounts share an exact key (e-mail, phone or device hash) held by no more than <see cref="IdentityResolverOptions.MaxKeyGroupSize"/> accounts.</summary>
    Deterministic,

    /// <summary>The Fellegi–Sunter match weight of the pair reached the match threshold (<see cref="IdentityGraph.MatchThreshold"/>).</summary>
    Probabilistic,

    /// <summary>A caller forced the accounts together with <see cref="IdentityGraph.Merge"/>.</summary>
    Manual,
}
