// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Identifies an item across platforms: the platform plus the item's id in its catalogue.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Platform">The platform whose catalogue holds the item.</param>
/// <param name="Item">The item's id on <paramref name="Platform"/>.</param>
public readonly record struct ItemKey(PlatformId Platform, ItemId Item)
{
    /// <summary>Returns <c>platform/item</c>.</summary>
    /// <returns>The key as text.</returns>
    public override string ToString() => $"{Platform}/{Item}";
}
