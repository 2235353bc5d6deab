// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="ProfileEnricherExtensions.EnrichBatchAsync"/>: requests done out of the total, by outcome.</summary>
/// <param name="Completed">The number of requests done so far.</param>
/// <param name="Total">The number of requests in the batch.</param>
/// <param name="Enriched">How many of the completed requests were enriched.</param>
/// <param name="FromCache">How many were served from the cache.</param>
/// <param name="Fallback">How many fell back.</param>
public readonly record struct EnrichmentProgress(int Completed, int Total, int Enriched, int FromCache, int Fallback);
