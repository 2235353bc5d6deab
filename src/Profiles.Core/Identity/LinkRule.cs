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

    /// <summary>
    /// No single pair of the two persons' accounts reached the match threshold, but their accounts taken together did:
    /// each field at its best level over the pairs of accounts across the two persons, less <c>log2(k)</c> bits for an
    /// agreement found among <c>k</c> such pairs (see <see cref="IdentityResolverOptions.CombineAccountEvidence"/>). The
    /// link is stored between the strongest pair of accounts; its field evidence is the combined one.
    /// </summary>
    Combined,
}
