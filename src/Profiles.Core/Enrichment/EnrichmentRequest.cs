// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What an enricher needs about one person: the profile, the person's events of the training window, the item
/// catalogue that describes them, and the person's account records (used only to redact personal data).</summary>
/// <remarks>
/// <para>Enrichers use only events at or before <see cref="UserProfile.AsOf"/> (when it is set) and, when the profile
/// lists accounts, only events of those accounts; others are dropped and counted in
/// <see cref="EnrichmentResult.DroppedEvents"/>, so held-out events cannot leak into a prompt.</para>
/// <para>This type is immutable and thread-safe when its lists are not mutated.</para>
/// </remarks>
/// <param name="Profile">The person's profile.</param>
/// <param name="Events">The person's events of the training window, in any order.</param>
/// <param name="Catalog">The catalogue that holds the items of <paramref name="Events"/>.</param>
public sealed record EnrichmentRequest(UserProfile Profile, IReadOnlyList<InteractionEvent> Events, ItemCatalog Catalog)
{
    /// <summary>Gets the person's account records. Their e-mails, phones, names, cities, device and account ids are
    /// redacted from every text sent to a model; nothing else reads them.</summary>
    public IReadOnlyList<AccountRecord> Accounts { get; init; } = Array.Empty<AccountRecord>();
}
