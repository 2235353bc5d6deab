// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>An item of a platform's catalogue: what profiles, enrichment and explanations describe items by.</summary>
/// <remarks><para>This type is immutable and thread-safe when <see cref="Categories"/> is not mutated.</para></remarks>
/// <param name="Platform">The platform whose catalogue holds the item.</param>
/// <param name="Id">The item's id within that platform.</param>
/// <param name="Title">The item's title.</param>
public sealed record Item(PlatformId Platform, ItemId Id, string Title)
{
    /// <summary>Gets the item's description; <see langword="null"/> when the catalogue has none.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the item's categories, genres or tags, most specific last; empty when none.</summary>
    public IReadOnlyList<string> Categories { get; init; } = Array.Empty<string>();
}
