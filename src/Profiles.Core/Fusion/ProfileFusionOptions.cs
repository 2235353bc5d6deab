// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="ProfileFusion"/>: the objective's weights and the gradient descent's controls.</summary>
/// <remarks>Options are validated when set. <see cref="ProfileFusion"/> copies them, so later changes do not affect it.</remarks>
public class ProfileFusionOptions
{
    /// <summary>Initializes a new instance of the <see cref="ProfileFusionOptions"/> class with the defaults.</summary>
    public ProfileFusionOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProfileFusionOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ProfileFusionOptions(ProfileFusionOptions other)
    {
        _ = Throw.IfNull(other);
        Lambda = other.Lambda;
        Alpha = other.Alpha;
        MaxIterations = other.MaxIterations;
        InitialStepSize = other.InitialStepSize;
        ArmijoConstant = other.ArmijoConstant;
        BacktrackFactor = other.BacktrackFactor;
        MaxBacktracks = other.MaxBacktracks;
        GradientTolerance = other.GradientTolerance;
        RelativeTolerance = other.RelativeTolerance;
        BatchSize = other.BatchSize;
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the weight <c>lambda</c> of the collision penalty <c>S = sum softmax(C U)^2</c>.</summary>
    /// <value>The default is 1. Finite and non-negative.</value>
    public float Lambda { get; set => field = Throw.IfNegativeOrNotFinite(value); } = 1f;

    /// <summary>Gets or sets the weight <c>alpha</c> of the anchor <c>||U - B||^2</c> to the behaviour profile.</summary>
    /// <value>The default is 0 (the specification's loss). Finite and non-negative.</value>
    public float Alpha { get; set => field = Throw.IfNegativeOrNotFinite(value); }

    /// <summary>Gets or sets the most gradient steps per person.</summary>
    /// <value>The default is 100. At least 1.</value>
    public int MaxIterations { get; set => field = Throw.IfLessThan(value, 1); } = 100;

    /// <summary>Gets or sets the first step size tried at every iteration, or <see langword="null"/> for <c>1 / (2 (1 + alpha))</c>.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the inverse curvature of the quadratic part, which reaches its minimiser
    /// in one step when <c>lambda</c> is 0. Finite and positive when set.
    /// </value>
    public double? InitialStepSize
    {
        get;
        set => field = value is { } step ? Throw.IfNotPositiveOrNotFinite(step, nameof(value)) : null;
    }

    /// <summary>Gets or sets the sufficient-decrease constant <c>c</c> of the Armijo condition <c>L(U - t g) &lt;= L(U) - c t ||g||^2</c>.</summary>
    /// <value>The default is 1e-4. In (0, 1).</value>
    public double ArmijoConstant
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 0.999999, nameof(value));
    } = 1e-4;

    /// <summary>Gets or sets the factor by which a rejected step shrinks.</summary>
    /// <value>The default is 0.5. In (0, 1).</value>
    public double BacktrackFactor
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 0.999999, nameof(value));
    } = 0.5;

    /// <summary>Gets or sets the most step reductions in one line search; when they are used up the person stops.</summary>
    /// <value>The default is 30. At least 1.</value>
    public int MaxBacktracks { get; set => field = Throw.IfLessThan(value, 1); } = 30;

    /// <summary>Gets or sets the gradient norm below which a person has converged.</summary>
    /// <value>The default is 1e-4. Finite and positive.</value>
    public double GradientTolerance { get; set => field = Throw.IfNotPositiveOrNotFinite(value); } = 1e-4;

    /// <summary>Gets or sets the relative loss decrease below which a person stops (float32 precision is reached).</summary>
    /// <value>The default is 1e-7. Finite and positive.</value>
    public double RelativeTolerance { get; set => field = Throw.IfNotPositiveOrNotFinite(value); } = 1e-7;

    /// <summary>Gets or sets how many persons share one pass over the items in <see cref="ProfileFusion.FuseBatch"/>.</summary>
    /// <value>The default is 256. At least 1.</value>
    public int BatchSize { get; set => field = Throw.IfLessThan(value, 1); } = 256;

    /// <summary>Gets or sets the most threads the batched kernel uses, or -1 for all processors.</summary>
    /// <value>The default is -1.</value>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 ? value : Throw.IfLessThan(value, 1, nameof(value));
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual ProfileFusionOptions Clone() => new(this);
}
