// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A stage of identity resolution, as reported through <see cref="IdentityProgress"/>.</summary>
public enum IdentityStage
{
    /// <summary>Normalising and hashing the accounts' identifiers.</summary>
    Normalising,

    /// <summary>Linking accounts that share an exact key.</summary>
    DeterministicLinking,

    /// <summary>Comparing random pairs to estimate the <c>u</c> probabilities.</summary>
    SamplingRandomPairs,

    /// <summary>Comparing the candidate pairs within blocks.</summary>
    ScoringPairs,

    /// <summary>Estimating the <c>m</c> probabilities by expectation–maximisation.</summary>
    EstimatingModel,

    /// <summary>Joining linked accounts into persons.</summary>
    Clustering,
}
