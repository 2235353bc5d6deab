// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What drove one recommendation: the person's interests it matches, the person's items it is similar to, the
/// similar persons who liked it, or the platform it is popular on, with a readable summary.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Summary">A short readable sentence, built from the other fields.</param>
public sealed record RecommendationExplanation(string Summary)
{
    /// <summary>Gets what the recommendation was computed from.</summary>
    public RecommendationSource Source { get; init; }

    /// <summary>Gets the person's interests (categories) the item belongs to, strongest interest first.</summary>
    public IReadOnlyList<string> Interests { get; init; } = Array.Empty<string>();

    /// <summary>Gets the person's items that contributed most to the score, strongest first.</summary>
    public IReadOnlyList<ItemKey> SimilarItems { get; init; } = Array.Empty<ItemKey>();

    /// <summary>Gets the person's neighbours (similar persons) who showed a liking for the item, most similar first.</summary>
    public IReadOnlyList<PersonId> Neighbours { get; init; } = Array.Empty<PersonId>();

    /// <summary>Gets the platform the item is popular on when popularity drove it; <see langword="null"/> otherwise.</summary>
    public PlatformId? PopularOn { get; init; }

    /// <summary>Gets whether the item is new: it has no interactions in the model and was scored by factors projected
    /// from its text (see <see cref="NewItemRecommender"/>).</summary>
    public bool IsNewItem { get; init; }

    /// <inheritdoc />
    public override string ToString() => Summary;
}
