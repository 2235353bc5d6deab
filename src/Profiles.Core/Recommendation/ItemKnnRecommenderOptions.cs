// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="ItemKnnRecommender"/>.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the recommender copies what it needs on construction.</para></remarks>
public class ItemKnnRecommenderOptions
{
    /// <summary>Initializes a new instance of the <see cref="ItemKnnRecommenderOptions"/> class with the defaults.</summary>
    public ItemKnnRecommenderOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ItemKnnRecommenderOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ItemKnnRecommenderOptions(ItemKnnRecommenderOptions other)
    {
        Throw.IfNull(other);
        Neighbors = other.Neighbors;
        Shrinkage = other.Shrinkage;
        BinaryInteractions = other.BinaryInteractions;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets how many most similar items are kept per item.</summary>
    /// <value>The default is 100.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Neighbors { get; set => field = Throw.IfLessThan(value, 1); } = 100;

    /// <summary>Gets or sets the shrinkage <c>h</c> of the cosine: <c>s_ij = x_i · x_j / (||x_i|| ||x_j|| + h)</c>, which
    /// pulls the similarity of items with little support towards 0.</summary>
    /// <value>The default is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public float Shrinkage { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 10f;

    /// <summary>Gets or sets whether the item vectors are binary (1 for every positive entry of the matrix) rather than the
    /// matrix's summed weights; the person's items then also count 1 each in the score.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool BinaryInteractions { get; set; } = true;

    /// <summary>Gets or sets the most threads the similarity computation uses; -1 for all cores.</summary>
    /// <value>The default is -1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be -1 or at least 1.");
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual ItemKnnRecommenderOptions Clone() => new(this);
}
