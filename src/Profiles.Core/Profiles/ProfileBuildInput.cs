// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What <see cref="IProfileBuilder.BuildAsync"/> builds profiles from.</summary>
/// <remarks><para>This type is immutable and thread-safe when its lists are not mutated.</para></remarks>
/// <param name="Events">Cleaned events of the training window (see <see cref="EventCleaner"/>).</param>
/// <param name="Identities">Maps accounts to persons (see <see cref="IIdentityResolver"/>).</param>
/// <param name="Catalog">The items, with the titles and categories interests are named by.</param>
public sealed record ProfileBuildInput(IReadOnlyList<InteractionEvent> Events, IdentityGraph Identities, ItemCatalog Catalog)
{
    /// <summary>Gets the time weights are faded to (the end of the training window); <see langword="null"/> for the
    /// builder's clock's now.</summary>
    public DateTimeOffset? AsOf { get; init; }
}
