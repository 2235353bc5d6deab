// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>How an enrichment ended.</summary>
public enum EnrichmentOutcome
{
    /// <summary>The enricher produced a fresh insight.</summary>
    Enriched = 0,

    /// <summary>The insight came from the cache; no model was asked.</summary>
    FromCache = 1,

    /// <summary>The enricher could not enrich and fell back (see <see cref="EnrichmentResult.FallbackReason"/>).</summary>
    Fallback = 2,
}
