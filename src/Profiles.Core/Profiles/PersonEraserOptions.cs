// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Options of <see cref="PersonEraser"/>: the services beyond the graph and the model that hold per-person state.</summary>
/// <remarks>Options are validated when set. <see cref="PersonEraser.EraseAsync"/> copies them, so later changes do not affect a call.</remarks>
public class PersonEraserOptions
{
    /// <summary>Initializes a new instance of the <see cref="PersonEraserOptions"/> class with the defaults.</summary>
    public PersonEraserOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PersonEraserOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected PersonEraserOptions(PersonEraserOptions other)
    {
        _ = Throw.IfNull(other);
        Recommenders = [.. other.Recommenders];
        Enricher = other.Enricher;
        AccountRecords = [.. other.AccountRecords];
    }

    /// <summary>Gets or sets the recommender pipelines serving the model: in each, the <see cref="CachingRecommender"/>
    /// (found with <see cref="IRecommender.GetService"/>) evicts the person's lists, and the <see cref="ModelRecommender"/>
    /// is rebuilt over the new model (<see cref="PersonErasure.Recommenders"/>).</summary>
    /// <value>The default is an empty list.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IList<IRecommender> Recommenders { get; set => field = Throw.IfNull(value); } = [];

    /// <summary>Gets or sets the enricher pipeline whose <see cref="ChatProfileEnricher"/> (found with
    /// <see cref="IProfileEnricher.GetService"/>) removes the person's cached insight.</summary>
    /// <value>The default is <see langword="null"/>: no enrichment cache is touched.</value>
    public IProfileEnricher? Enricher { get; set; }

    /// <summary>Gets or sets the person's account records, when the enrichment requests carried them: the insight's cache
    /// key hashes the prompt, which they redact, so the same records name the same entry.</summary>
    /// <value>The default is an empty list (as in a request built without records).</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyList<AccountRecord> AccountRecords { get; set => field = Throw.IfNull(value); } = [];

    /// <summary>Returns a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual PersonEraserOptions Clone() => new(this);
}
