// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="ProfileFuser"/>: the fusion objective and descent (<see cref="Fusion"/>), the text
/// projection's ridge regression (<see cref="Projection"/>), and how insights are embedded.</summary>
/// <remarks><para>Options are validated when set and are not thread-safe; <see cref="ProfileFuser"/> copies them on
/// construction, so later changes do not affect it.</para></remarks>
public class ProfileFuserOptions
{
    /// <summary>Initializes a new instance of the <see cref="ProfileFuserOptions"/> class with the defaults.</summary>
    public ProfileFuserOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProfileFuserOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ProfileFuserOptions(ProfileFuserOptions other)
    {
        _ = Throw.IfNull(other);
        Fusion = other.Fusion.Clone();
        Projection = other.Projection.Clone();
        EmbeddingBatchSize = other.EmbeddingBatchSize;
        MatchTextNorm = other.MatchTextNorm;
        TextPriorItems = other.TextPriorItems;
    }

    /// <summary>Gets or sets the fusion objective's weights (<c>alpha</c>, <c>lambda</c>) and the descent's controls
    /// (<see cref="ProfileFusionOptions.MaxIterations"/> is the number of steps).</summary>
    /// <value>The default is <see cref="ProfileFusionOptions"/> with <c>Alpha = 1</c>, <c>Lambda = 1</c> and
    /// <c>MaxIterations = 20</c>: the fused vector stays anchored to behaviour and moves towards the text profile.</value>
    public ProfileFusionOptions Fusion { get; set => field = Throw.IfNull(value); } = new() { Alpha = 1f, Lambda = 1f, MaxIterations = 20 };

    /// <summary>Gets or sets the ridge regression that maps text embeddings into the item factor space.</summary>
    /// <value>The default is <see cref="TextProjectionOptions"/>'s defaults (ridge 1, intercept fitted).</value>
    public TextProjectionOptions Projection { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets how many texts go to the embedding generator in one call.</summary>
    /// <value>The default is 512. At least 1.</value>
    public int EmbeddingBatchSize { get; set => field = Throw.IfLessThan(value, 1); } = 512;

    /// <summary>Gets or sets a value indicating whether each person's text vector is rescaled to the norm of their
    /// behaviour vector before fusion.</summary>
    /// <value>The default is <see langword="true"/>. The projection regresses item factors, whose scale differs from
    /// the persons' factors; matching the norms makes <c>alpha</c> weigh direction, not scale. A zero text or behaviour
    /// vector is left as it is.</value>
    public bool MatchTextNorm { get; set; } = true;

    /// <summary>Gets or sets the prior strength <c>k</c>, in distinct items, of each person's text weight: before fusion
    /// the text target is shrunk towards the behaviour vector, <c>T_i' = B_i + w_i (T_i - B_i)</c> with
    /// <c>w_i = k / (k + n_i)</c>, where <c>n_i</c> is the number of distinct items the person interacted with in the
    /// model. The text then acts like a Bayesian prior worth <c>k</c> items: it steers persons with little history and
    /// fades for persons with much.</summary>
    /// <value>The default is <see cref="double.PositiveInfinity"/>: no shrinkage (<c>w_i = 1</c>), the plain objective.
    /// 0 gives <c>T_i' = B_i</c> for every person with history, so with <c>lambda = 0</c> the fused vector is exactly
    /// the behaviour vector (behaviour only). Persons without a row in the model (<c>n_i = 0</c>) keep <c>w_i = 1</c>.
    /// Not negative and not NaN.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or NaN.</exception>
    public double TextPriorItems
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The text prior must be non-negative (positive infinity for no shrinkage).");
    } = double.PositiveInfinity;

    /// <summary>Creates a copy of these options (the nested options are copied too).</summary>
    /// <returns>The copy.</returns>
    public virtual ProfileFuserOptions Clone() => new(this);
}
