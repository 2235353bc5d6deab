// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Why an enricher fell back instead of enriching.</summary>
public enum EnrichmentFallbackReason
{
    /// <summary>No fallback: the profile was enriched or served from the cache.</summary>
    None = 0,

    /// <summary>The training window holds nothing to describe: no catalogued item and no text of the person's.</summary>
    NoHistory = 1,

    /// <summary>The run's budget of calls or tokens was spent.</summary>
    BudgetExhausted = 2,

    /// <summary>Every attempt ran past the per-call timeout.</summary>
    Timeout = 3,

    /// <summary>Transient failures (HTTP 429, 5xx, lost connections) outlasted the retries.</summary>
    ServiceUnavailable = 4,

    /// <summary>The model refused to answer (a content filter or an explicit refusal).</summary>
    Refusal = 5,

    /// <summary>The answer was empty, or nothing of it survived validation.</summary>
    EmptyAnswer = 6,

    /// <summary>The answer was not JSON of the requested shape, or the client could not parse the service's reply at all.</summary>
    MalformedAnswer = 7,

    /// <summary>Any other failure of the model call (a non-transient error of the service or the client).</summary>
    Failed = 8,
}
