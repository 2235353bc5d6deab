// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Configures one recommendation call: how many items, from which platforms, whether seen items are left out,
/// and which candidates are allowed.</summary>
/// <remarks><para>Options are mutable and not thread-safe; recommenders read them once at the start of a call, so do not
/// change an instance while a call that uses it runs. <see cref="Clone"/> gives an independent copy (the collections
/// and the filter are shared, not copied).</para></remarks>
public class RecommendationOptions
{
    /// <summary>Initializes a new instance of the <see cref="RecommendationOptions"/> class with the defaults.</summary>
    public RecommendationOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RecommendationOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected RecommendationOptions(RecommendationOptions other)
    {
        Throw.IfNull(other);
        Count = other.Count;
        Platforms = other.Platforms;
        ExcludeSeen = other.ExcludeSeen;
        SeenItems = other.SeenItems;
        CandidateItems = other.CandidateItems;
        CandidateFilter = other.CandidateFilter;
    }

    /// <summary>Gets or sets how many items to recommend (fewer come back when fewer are eligible).</summary>
    /// <value>The default is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 10,000.</exception>
    public int Count
    {
        get;
        set
        {
            Throw.IfLessThan(value, 1);
            field = Throw.IfGreaterThan(value, 10_000);
        }
    } = 10;

    /// <summary>Gets or sets the platforms whose items may be recommended; <see langword="null"/> or empty for every platform.
    /// A person with no history on any of them is served as a cross-platform cold start (see <see cref="RecommendationSource"/>).</summary>
    /// <value>The default is <see langword="null"/> (every platform).</value>
    public IReadOnlyList<PlatformId>? Platforms { get; set; }

    /// <summary>Gets or sets whether seen items are left out: every item the person has any event for in the model's
    /// <see cref="InteractionMatrix.Seen"/> matrix, plus <see cref="SeenItems"/>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ExcludeSeen { get; set; } = true;

    /// <summary>Gets or sets extra items to treat as seen (for example events newer than the model); ignored when
    /// <see cref="ExcludeSeen"/> is <see langword="false"/>. Items the model does not know are ignored.</summary>
    /// <value>The default is <see langword="null"/> (none).</value>
    public IReadOnlyCollection<ItemKey>? SeenItems { get; set; }

    /// <summary>Gets or sets the allow-list: when set, only these items may be recommended.</summary>
    /// <value>The default is <see langword="null"/> (every item).</value>
    public IReadOnlyCollection<ItemKey>? CandidateItems { get; set; }

    /// <summary>Gets or sets a predicate an item must pass to be recommended (in stock, age-appropriate...); it is called
    /// once per item that the platforms and the allow-list leave, on the calling thread.</summary>
    /// <value>The default is <see langword="null"/> (no filter).</value>
    public Func<ItemKey, bool>? CandidateFilter { get; set; }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual RecommendationOptions Clone() => new(this);
}
