// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>What forgetting one person removed, stage by stage: the counts <see cref="PersonEraser"/> and
/// <see cref="ProfileModel.Forget"/> act on, so an erasure request can be answered with evidence.</summary>
/// <remarks>
/// <para>See docs/reliability.md ("Forgetting a person") for what each stage guarantees and how it is tested.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Person">The forgotten person.</param>
public sealed record ForgetReport(PersonId Person)
{
    /// <summary>Gets the number of accounts removed from the identity graph (with their salted hashes).</summary>
    public int Accounts { get; init; }

    /// <summary>Gets the number of stored identity links removed (every link that touched one of the accounts).</summary>
    public int Links { get; init; }

    /// <summary>Gets the number of the person's training events removed from the model.</summary>
    public int Events { get; init; }

    /// <summary>Gets the number of positive entries removed from the interaction matrix (its row, and the same entries of
    /// the item-major transpose).</summary>
    public int MatrixEntries { get; init; }

    /// <summary>Gets the number of seen person-item pairs removed (every pair with an event, liked or not).</summary>
    public int SeenPairs { get; init; }

    /// <summary>Gets the number of user-factor rows removed (1 when the model had the person).</summary>
    public int FactorRows { get; init; }

    /// <summary>Gets the number of items the person had a positive entry for: the items whose factors held their interactions.</summary>
    public int TouchedItems { get; init; }

    /// <summary>Gets the number of item-factor rows re-solved against the remaining users (every item; see <see cref="ProfileModel.Forget"/>).</summary>
    public int ItemsResolved { get; init; }

    /// <summary>Gets the number of items dropped from the matrix and the factors: items outside the catalogue that only the
    /// person had events for (their key alone would tell what the person did).</summary>
    public int ItemsRemoved { get; init; }

    /// <summary>Gets the number of item rows whose re-solve was singular (possible only without regularization); they were set to zero.</summary>
    public int SingularItems { get; init; }

    /// <summary>Gets the segment the person belonged to; <see langword="null"/> when the model had no segments.</summary>
    public int? Segment { get; init; }

    /// <summary>Gets the number of segments dropped because they were left without members (the later ones were renumbered).</summary>
    public int SegmentsRemoved { get; init; }

    /// <summary>Gets the number of entries naming the person removed from other profiles' neighbour lists.</summary>
    public int NeighbourReferences { get; init; }

    /// <summary>Gets the number of cached recommendation lists of the person evicted.</summary>
    public int CachedRecommendations { get; init; }

    /// <summary>Gets the number of cached enrichment insights of the person removed.</summary>
    public int CachedInsights { get; init; }
}
