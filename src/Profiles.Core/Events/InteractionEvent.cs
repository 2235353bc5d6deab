// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>One thing one account did with one item on one platform at one time.</summary>
/// <remarks>
/// <para>Construction does not validate: readers hand every row over as read, and <see cref="EventCleaner"/> decides
/// what is accepted and counts what is not in its <see cref="IngestionReport"/>.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Platform">The platform the event happened on.</param>
/// <param name="Account">The account, as the platform knows it.</param>
/// <param name="Item">The item, in the platform's catalogue.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Timestamp">When it happened.</param>
public readonly record struct InteractionEvent(
    PlatformId Platform, AccountId Account, ItemId Item, EventKind Kind, DateTimeOffset Timestamp)
{
    /// <summary>Gets the event's value: the stars of a <see cref="EventKind.Rating"/>, the seconds of a
    /// <see cref="EventKind.Dwell"/>, a quantity; <see langword="null"/> when the kind carries none.</summary>
    public float? Value { get; init; }

    /// <summary>Gets the event's text: a comment, a review, a search query, a tag; <see langword="null"/> when none.</summary>
    public string? Text { get; init; }
}
