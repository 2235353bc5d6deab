// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Per-call options of <see cref="IProfileEnricher.EnrichAsync"/>.</summary>
/// <remarks><para>An instance may be shared by concurrent calls while nobody sets its properties.</para></remarks>
public class EnrichmentOptions
{
    /// <summary>Initializes a new instance of the <see cref="EnrichmentOptions"/> class with the defaults.</summary>
    public EnrichmentOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EnrichmentOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected EnrichmentOptions(EnrichmentOptions other)
    {
        _ = Throw.IfNull(other);
        Budget = other.Budget;
    }

    /// <summary>Gets or sets the run's budget of model calls and tokens, shared by the calls of one run; once it is spent,
    /// enrichers that call a model fall back with <see cref="EnrichmentFallbackReason.BudgetExhausted"/>.</summary>
    /// <value>The default is <see langword="null"/>: no limit. A copy shares the same budget.</value>
    public EnrichmentBudget? Budget { get; set; }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EnrichmentOptions Clone() => new(this);
}
