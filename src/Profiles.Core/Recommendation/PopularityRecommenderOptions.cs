// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="PopularityRecommender"/>.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the recommender copies what it needs on construction.</para></remarks>
public class PopularityRecommenderOptions
{
    /// <summary>Initializes a new instance of the <see cref="PopularityRecommenderOptions"/> class with the defaults.</summary>
    public PopularityRecommenderOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PopularityRecommenderOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected PopularityRecommenderOptions(PopularityRecommenderOptions other) => Measure = Throw.IfNull(other).Measure;

    /// <summary>Gets or sets what is counted.</summary>
    /// <value>The default is <see cref="PopularityMeasure.DecayedWeight"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PopularityMeasure"/>.</exception>
    public PopularityMeasure Measure
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Measure must be a defined PopularityMeasure.");
    } = PopularityMeasure.DecayedWeight;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual PopularityRecommenderOptions Clone() => new(this);
}
