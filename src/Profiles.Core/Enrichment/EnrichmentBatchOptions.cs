// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="ProfileEnricherExtensions.EnrichBatchAsync"/>: concurrency and the run's budget.</summary>
/// <remarks>Options are validated when set; the batch reads them once at its start.</remarks>
public class EnrichmentBatchOptions
{
    /// <summary>Initializes a new instance of the <see cref="EnrichmentBatchOptions"/> class with the defaults.</summary>
    public EnrichmentBatchOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EnrichmentBatchOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected EnrichmentBatchOptions(EnrichmentBatchOptions other)
    {
        _ = Throw.IfNull(other);
        MaxConcurrency = other.MaxConcurrency;
        MaxCalls = other.MaxCalls;
        MaxTokens = other.MaxTokens;
        TimeProvider = other.TimeProvider;
    }

    /// <summary>Gets or sets the most requests in flight at once.</summary>
    /// <value>The default is 4. At least 1.</value>
    public int MaxConcurrency { get; set => field = Throw.IfLessThan(value, 1); } = 4;

    /// <summary>Gets or sets the most model requests of the run, retries included; once spent, the remaining profiles fall
    /// back with <see cref="EnrichmentFallbackReason.BudgetExhausted"/>.</summary>
    /// <value>The default is <see langword="null"/>: no limit. Not negative.</value>
    public int? MaxCalls { get; set => field = value is { } calls ? Throw.IfLessThan(calls, 0, nameof(value)) : null; }

    /// <summary>Gets or sets the most tokens of the run, input and output together.</summary>
    /// <value>The default is <see langword="null"/>: no limit. Not negative.</value>
    public long? MaxTokens { get; set => field = value is { } tokens ? Throw.IfLessThan(tokens, 0L, nameof(value)) : null; }

    /// <summary>Gets or sets the clock that times the run (<see cref="EnrichmentReport.Elapsed"/>).</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set => field = Throw.IfNull(value); } = TimeProvider.System;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EnrichmentBatchOptions Clone() => new(this);
}
