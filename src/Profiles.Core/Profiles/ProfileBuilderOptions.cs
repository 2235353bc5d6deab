// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="ProfileBuilder"/>: signal weights, the factor model, segments, neighbours and how
/// many interests a profile shows.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the builder clones them on construction.</para></remarks>
public class ProfileBuilderOptions
{
    /// <summary>Initializes a new instance of the <see cref="ProfileBuilderOptions"/> class with the defaults.</summary>
    public ProfileBuilderOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProfileBuilderOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ProfileBuilderOptions(ProfileBuilderOptions other)
    {
        Throw.IfNull(other);
        SignalWeights = other.SignalWeights;
        Factors = other.Factors;
        Iterations = other.Iterations;
        Regularization = other.Regularization;
        Alpha = other.Alpha;
        Segments = other.Segments;
        Neighbours = other.Neighbours;
        MaxInterests = other.MaxInterests;
        EvidencePerInterest = other.EvidencePerInterest;
        Seed = other.Seed;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
        TimeProvider = other.TimeProvider;
    }

    /// <summary>Gets or sets how events become weights.</summary>
    /// <value>The default is <see cref="Profiles.Core.SignalWeights.Default"/>.</value>
    public SignalWeights SignalWeights { get; set => field = Throw.IfNull(value); } = SignalWeights.Default;

    /// <summary>Gets or sets the number of latent factors of the behaviour vectors (implicit ALS).</summary>
    /// <value>The default is 64.</value>
    public int Factors { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 1024); } = 64;

    /// <summary>Gets or sets the ALS iterations.</summary>
    /// <value>The default is 15.</value>
    public int Iterations { get; set => field = Throw.IfLessThan(value, 1); } = 15;

    /// <summary>Gets or sets the ALS regularisation.</summary>
    /// <value>The default is 0.05.</value>
    public float Regularization { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 0.05f;

    /// <summary>Gets or sets the ALS confidence scale: a summed weight <c>r</c> has confidence <c>1 + Alpha * r</c>.</summary>
    /// <value>The default is 10.</value>
    public float Alpha { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 10f;

    /// <summary>Gets or sets the number of k-means segments.</summary>
    /// <value>The default is 20.</value>
    public int Segments { get; set => field = Throw.IfLessThan(value, 1); } = 20;

    /// <summary>Gets or sets the number of nearest neighbours kept per profile.</summary>
    /// <value>The default is 10.</value>
    public int Neighbours { get; set => field = Throw.IfLessThan(value, 0); } = 10;

    /// <summary>Gets or sets the most interests a profile shows.</summary>
    /// <value>The default is 10.</value>
    public int MaxInterests { get; set => field = Throw.IfLessThan(value, 1); } = 10;

    /// <summary>Gets or sets the evidence events kept per interest.</summary>
    /// <value>The default is 3.</value>
    public int EvidencePerInterest { get; set => field = Throw.IfLessThan(value, 0); } = 3;

    /// <summary>Gets or sets the seed of every random choice (factor initialisation, k-means++).</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the most threads the build uses; -1 for all cores.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism { get; set => field = value == -1 || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be -1 or at least 1."); } = -1;

    /// <summary>Gets or sets the clock that gives "now" when a build input has no <c>AsOf</c>.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set => field = Throw.IfNull(value); } = TimeProvider.System;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual ProfileBuilderOptions Clone() => new(this);
}
