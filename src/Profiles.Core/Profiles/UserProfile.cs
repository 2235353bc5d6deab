// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>One person's profile across platforms: linked accounts, activity per platform, readable interests with
/// evidence, the behaviour vector, segment and neighbours, and the places enrichment and fusion fill in.</summary>
/// <remarks>
/// <para>Profiles hold no raw personal data: accounts are platform ids, and the identifiers behind identity resolution
/// stay hashed in the identity graph. Use <c>with</c> expressions to derive an enriched or fused profile.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Person">The person.</param>
public sealed record UserProfile(PersonId Person)
{
    /// <summary>Gets the person's accounts, one or more per platform.</summary>
    public IReadOnlyList<AccountKey> Accounts { get; init; } = Array.Empty<AccountKey>();

    /// <summary>Gets the person's activity per platform, in platform order.</summary>
    public IReadOnlyList<PlatformActivity> Activity { get; init; } = Array.Empty<PlatformActivity>();

    /// <summary>Gets the interests, strongest first; their weights sum to 1 (empty when the person showed no positive signal).</summary>
    public IReadOnlyList<Interest> Interests { get; init; } = Array.Empty<Interest>();

    /// <summary>Gets the behaviour vector (the person's factors in the joint item space); empty when not computed.</summary>
    public ReadOnlyMemory<float> BehaviourVector { get; init; }

    /// <summary>Gets the person's segment (cluster) index; <see langword="null"/> when not computed.</summary>
    public int? Segment { get; init; }

    /// <summary>Gets the most similar persons, most similar first.</summary>
    public IReadOnlyList<Neighbour> Neighbours { get; init; } = Array.Empty<Neighbour>();

    /// <summary>Gets the enrichment insight; <see langword="null"/> until an enricher ran.</summary>
    public ProfileInsight? Insight { get; init; }

    /// <summary>Gets the text vector (the insight's embedding projected into the item space); empty until computed.</summary>
    public ReadOnlyMemory<float> TextVector { get; init; }

    /// <summary>Gets the fused vector (behaviour and text fused by <see cref="ProfileFusion"/>); empty until computed.</summary>
    public ReadOnlyMemory<float> FusedVector { get; init; }

    /// <summary>Gets the time the profile's weights were computed for (the end of its training window).</summary>
    public DateTimeOffset AsOf { get; init; }
}
