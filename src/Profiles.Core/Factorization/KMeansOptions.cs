// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="KMeansTrainer"/>.</summary>
/// <remarks>Options are validated when set. <see cref="KMeansTrainer"/> copies them, so later changes do not affect it.</remarks>
public class KMeansOptions
{
    /// <summary>Initializes a new instance of the <see cref="KMeansOptions"/> class with the defaults.</summary>
    public KMeansOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KMeansOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected KMeansOptions(KMeansOptions other)
    {
        _ = Throw.IfNull(other);
        Clusters = other.Clusters;
        MaxIterations = other.MaxIterations;
        Tolerance = other.Tolerance;
        Seed = other.Seed;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the number of clusters <c>k</c>.</summary>
    /// <value>The default is 8, as in scikit-learn. At least 1; at most the number of rows (checked by <see cref="KMeansTrainer.Fit"/>).</value>
    public int Clusters { get; set => field = Throw.IfLessThan(value, 1); } = 8;

    /// <summary>Gets or sets the most Lloyd iterations (centroid updates).</summary>
    /// <value>The default is 300, as in scikit-learn. At least 1.</value>
    public int MaxIterations { get; set => field = Throw.IfLessThan(value, 1); } = 300;

    /// <summary>
    /// Gets or sets the convergence tolerance: iterations stop when the squared centroid movement, summed over the
    /// centroids, is at most <c>Tolerance</c> times the mean per-dimension variance of the data (scikit-learn's rule),
    /// or when no row changes cluster.
    /// </summary>
    /// <value>The default is 1e-4, as in scikit-learn. Finite and non-negative; 0 runs until no row changes cluster.</value>
    public double Tolerance { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 1e-4;

    /// <summary>Gets or sets the seed of the k-means++ initialisation.</summary>
    /// <value>The default is 0. The same seed and input give the same clusters on every thread count.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the most threads, or -1 for all processors.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 ? value : Throw.IfLessThan(value, 1, nameof(value));
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual KMeansOptions Clone() => new(this);
}
