// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="HybridRecommender"/>.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the recommender copies what it needs on construction.</para></remarks>
public class HybridRecommenderOptions
{
    /// <summary>Initializes a new instance of the <see cref="HybridRecommenderOptions"/> class with the defaults.</summary>
    public HybridRecommenderOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HybridRecommenderOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected HybridRecommenderOptions(HybridRecommenderOptions other) => Normalization = Throw.IfNull(other).Normalization;

    /// <summary>Gets or sets how each component's scores are normalised per person before they are weighted.</summary>
    /// <value>The default is <see cref="ScoreNormalization.MinMax"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="ScoreNormalization"/>.</exception>
    public ScoreNormalization Normalization
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Normalization must be a defined ScoreNormalization.");
    } = ScoreNormalization.MinMax;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual HybridRecommenderOptions Clone() => new(this);
}
