// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="ImplicitAlsTrainer"/>.</summary>
/// <remarks>Options are validated when set. <see cref="ImplicitAlsTrainer"/> copies them, so later changes do not affect it.</remarks>
public class ImplicitAlsOptions
{
    /// <summary>Initializes a new instance of the <see cref="ImplicitAlsOptions"/> class with the defaults.</summary>
    public ImplicitAlsOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImplicitAlsOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ImplicitAlsOptions(ImplicitAlsOptions other)
    {
        _ = Throw.IfNull(other);
        Factors = other.Factors;
        Iterations = other.Iterations;
        Regularization = other.Regularization;
        Alpha = other.Alpha;
        RegularizationExponent = other.RegularizationExponent;
        Seed = other.Seed;
        ConjugateGradientSteps = other.ConjugateGradientSteps;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the number of latent factors (the rank).</summary>
    /// <value>The default is 64. Between 1 and 4096.</value>
    public int Factors { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 4096, nameof(value)); } = 64;

    /// <summary>Gets or sets the number of ALS iterations (each solves all user rows, then all item rows).</summary>
    /// <value>The default is 15. At least 1.</value>
    public int Iterations { get; set => field = Throw.IfLessThan(value, 1); } = 15;

    /// <summary>Gets or sets the L2 regularization <c>lambda</c> of both factor matrices.</summary>
    /// <value>The default is 0.01, as in the <c>implicit</c> library. Finite and non-negative.</value>
    public float Regularization { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 0.01f;

    /// <summary>Gets or sets <c>alpha</c> of the confidence <c>c = 1 + alpha r</c> given to an interaction of strength <c>r</c>.</summary>
    /// <value>
    /// The default is 1, as in the <c>implicit</c> library (which expects the strengths to be scaled by the caller);
    /// Hu, Koren and Volinsky report 40 for raw counts. Finite and non-negative.
    /// </value>
    public float Alpha { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 1f;

    /// <summary>Gets or sets the exponent <c>nu</c> of frequency-scaled regularization: each row's system gets
    /// <c>lambda_r = lambda (W_r / mean W)^nu</c>, where <c>W_r = n + alpha sum_j r_j</c> is the row's total confidence over all
    /// <c>n</c> columns of the other side (stored or not) and the mean is over the rows of that side.</summary>
    /// <value>
    /// The default is 0: every row gets <see cref="Regularization"/>, as in Hu, Koren and Volinsky. Rendle et al. (2022,
    /// "Revisiting the performance of iALS on item recommendation benchmarks") report 1 as a strong setting; heavy rows
    /// are then shrunk more. Between 0 and 2.
    /// </value>
    public float RegularizationExponent { get; set => field = Throw.IfGreaterThan(Throw.IfNegativeOrNotFinite(value), 2f, nameof(value)); }

    /// <summary>Gets or sets the seed of the initial factors.</summary>
    /// <value>The default is 0. The same seed and input give the same factors on every thread count.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the conjugate-gradient steps per row and half-iteration (Takács et al. 2011), or 0 for an exact Cholesky solve per row.</summary>
    /// <value>
    /// The default is 3, as in the <c>implicit</c> library: warm-started from the previous factors, three steps are
    /// enough for the objective to decrease as fast as with exact solves, at a fraction of the <c>O(k³)</c> per row.
    /// Between 0 and 4096.
    /// </value>
    public int ConjugateGradientSteps { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 0), 4096, nameof(value)); } = 3;

    /// <summary>Gets or sets the most threads, or -1 for all processors.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 ? value : Throw.IfLessThan(value, 1, nameof(value));
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual ImplicitAlsOptions Clone() => new(this);
}
