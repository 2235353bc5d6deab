// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Options of <see cref="ExtractiveProfileEnricher"/>.</summary>
/// <remarks>Options are validated when set. <see cref="ExtractiveProfileEnricher"/> copies them, so later changes do not
/// affect it.</remarks>
public class ExtractiveProfileEnricherOptions
{
    /// <summary>Initializes a new instance of the <see cref="ExtractiveProfileEnricherOptions"/> class with the defaults.</summary>
    public ExtractiveProfileEnricherOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExtractiveProfileEnricherOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ExtractiveProfileEnricherOptions(ExtractiveProfileEnricherOptions other)
    {
        _ = Throw.IfNull(other);
        Vocabulary = other.Vocabulary;
        SummaryMaxWords = other.SummaryMaxWords;
        MaxInterests = other.MaxInterests;
        MaxEvidencePerInterest = other.MaxEvidencePerInterest;
        SummaryItems = other.SummaryItems;
        SignalWeights = other.SignalWeights;
    }

    /// <summary>Gets or sets the tag vocabulary. A category of an item maps to the tag it equals, ignoring case and treating
    /// <c>-</c>, <c>_</c> and runs of spaces alike; categories that map to no tag are ignored.</summary>
    /// <value>The default is empty: the items' categories are the tags.</value>
    /// <exception cref="ArgumentException">A tag is blank or repeated (ignoring case).</exception>
    public IReadOnlyList<string> Vocabulary
    {
        get;
        set => field = ChatProfileEnricherOptions.CopyVocabulary(Throw.IfNull(value), nameof(value));
    } = Array.Empty<string>();

    /// <summary>Gets or sets the most words of the summary.</summary>
    /// <value>The default is 40. From 1 to 400.</value>
    public int SummaryMaxWords { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 400, nameof(value)); } = 40;

    /// <summary>Gets or sets the most interests of an insight.</summary>
    /// <value>The default is 8. At least 1.</value>
    public int MaxInterests { get; set => field = Throw.IfLessThan(value, 1); } = 8;

    /// <summary>Gets or sets the most evidence items per interest.</summary>
    /// <value>The default is 5. At least 0.</value>
    public int MaxEvidencePerInterest { get; set => field = Throw.IfLessThan(value, 0); } = 5;

    /// <summary>Gets or sets how many of the person's top item titles the summary names.</summary>
    /// <value>The default is 3. At least 0.</value>
    public int SummaryItems { get; set => field = Throw.IfLessThan(value, 0); } = 3;

    /// <summary>Gets or sets how events are weighted to rank the person's items.</summary>
    /// <value>The default is <see cref="Profiles.Core.SignalWeights.Default"/>.</value>
    public SignalWeights SignalWeights { get; set => field = Throw.IfNull(value); } = SignalWeights.Default;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual ExtractiveProfileEnricherOptions Clone() => new(this);
}
