// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="RandomizedSvd"/>.</summary>
/// <remarks>Options are validated when set. <see cref="RandomizedSvd"/> copies them, so later changes do not affect it.</remarks>
public class RandomizedSvdOptions
{
    /// <summary>Initializes a new instance of the <see cref="RandomizedSvdOptions"/> class with the defaults.</summary>
    public RandomizedSvdOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RandomizedSvdOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected RandomizedSvdOptions(RandomizedSvdOptions other)
    {
        _ = Throw.IfNull(other);
        Rank = other.Rank;
        Oversampling = other.Oversampling;
        PowerIterations = other.PowerIterations;
        Seed = other.Seed;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the number <c>k</c> of singular triplets to compute.</summary>
    /// <value>The default is 64. At least 1; at most the smaller dimension of the matrix (checked by <see cref="RandomizedSvd.Fit"/>).</value>
    public int Rank { get; set => field = Throw.IfLessThan(value, 1); } = 64;

    /// <summary>Gets or sets the oversampling <c>p</c>: the random subspace has <c>k + p</c> columns (capped at the smaller dimension).</summary>
    /// <value>The default is 10, as in scikit-learn's <c>randomized_svd</c> and Halko et al.'s recommendation. At least 0.</value>
    public int Oversampling { get; set => field = Throw.IfLessThan(value, 0); } = 10;

    /// <summary>Gets or sets the number <c>q</c> of power (subspace) iterations, each one product with <c>Aᵀ</c> and one with <c>A</c>.</summary>
    /// <value>
    /// The default is 4: what scikit-learn's <c>randomized_svd</c> chooses (<c>n_iter='auto'</c>) when <c>k</c> is at least a
    /// tenth of the smaller dimension, and enough on recommendation matrices, whose singular values decay slowly, for the
    /// leading values to converge to about 1e-3 relative. Use 7 for a small <c>k</c> on a large matrix, as scikit-learn
    /// does. Between 0 and 100.
    /// </value>
    public int PowerIterations { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 0), 100, nameof(value)); } = 4;

    /// <summary>Gets or sets the seed of the Gaussian test matrix.</summary>
    /// <value>The default is 0. The same seed and input give the same model on every thread count.</value>
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
    public virtual RandomizedSvdOptions Clone() => new(this);
}
