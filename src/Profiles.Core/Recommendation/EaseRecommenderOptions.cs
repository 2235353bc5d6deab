// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="EaseRecommender"/>.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the recommender copies what it needs on construction.</para></remarks>
public class EaseRecommenderOptions
{
    /// <summary>Initializes a new instance of the <see cref="EaseRecommenderOptions"/> class with the defaults.</summary>
    public EaseRecommenderOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EaseRecommenderOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected EaseRecommenderOptions(EaseRecommenderOptions other)
    {
        Throw.IfNull(other);
        Regularization = other.Regularization;
        MinItemSupport = other.MinItemSupport;
        MaxItems = other.MaxItems;
        BinaryInteractions = other.BinaryInteractions;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the L2 regularisation <c>lambda</c> added to the Gram matrix's diagonal.</summary>
    /// <value>The default is 250.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or is NaN or infinite.</exception>
    public double Regularization { get; set => field = Throw.IfNotPositiveOrNotFinite(value); } = 250d;

    /// <summary>Gets or sets the fewest persons with a positive signal an item needs to be modelled; items below it are
    /// never recommended by EASE. Raising it shrinks the dense <c>m x m</c> problem (time grows as <c>m^3</c>).</summary>
    /// <value>The default is 1 (every item with a positive signal).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MinItemSupport { get; set => field = Throw.IfLessThan(value, 1); } = 1;

    /// <summary>Gets or sets the most items EASE models; a model with more items that pass <see cref="MinItemSupport"/>
    /// is refused with an <see cref="ArgumentException"/>, because the dense Gram inverse needs <c>12 m^2</c> bytes and
    /// <c>m^3/2</c> multiply-adds (20,000 items: 4.8 GB).</summary>
    /// <value>The default is <see cref="EaseRecommender.MaxItemLimit"/> (20,000).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="EaseRecommender.MaxItemLimit"/>.</exception>
    public int MaxItems
    {
        get;
        set
        {
            Throw.IfLessThan(value, 1);
            field = Throw.IfGreaterThan(value, EaseRecommender.MaxItemLimit);
        }
    } = EaseRecommender.MaxItemLimit;

    /// <summary>Gets or sets whether the matrix <c>X</c> is binary (1 for every positive entry), as in the EASE paper,
    /// rather than the summed weights; the person's row is then binary in the score as well.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool BinaryInteractions { get; set; } = true;

    /// <summary>Gets or sets the most threads the fit uses; -1 for all cores.</summary>
    /// <value>The default is -1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be -1 or at least 1.");
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EaseRecommenderOptions Clone() => new(this);
}
