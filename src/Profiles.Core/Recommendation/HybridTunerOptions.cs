// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Configures <see cref="HybridTuner"/>: the validation split carved from the training data, the weight grid
/// and the metric.</summary>
/// <remarks><para>Options are mutable and not thread-safe; the tuner copies them on construction.</para></remarks>
public class HybridTunerOptions
{
    /// <summary>Initializes a new instance of the <see cref="HybridTunerOptions"/> class with the defaults.</summary>
    public HybridTunerOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HybridTunerOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected HybridTunerOptions(HybridTunerOptions other)
    {
        Throw.IfNull(other);
        ValidationShare = other.ValidationShare;
        GridStep = other.GridStep;
        Cutoff = other.Cutoff;
        Seed = other.Seed;
        Normalization = other.Normalization;
        BuilderOptions = other.BuilderOptions.Clone();
        MaxDegreeOfParallelism = other.MaxDegreeOfParallelism;
    }

    /// <summary>Gets or sets the share of each training user's items held out for validation (a random stratified split
    /// per user, <see cref="EvaluationSplit.RandomPerUser"/>).</summary>
    /// <value>The default is 0.25.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1).</exception>
    public double ValidationShare
    {
        get;
        set => field = value > 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ValidationShare must be in (0, 1).");
    } = 0.25;

    /// <summary>Gets or sets the grid step: every weight vector whose entries are multiples of the step and sum to 1 is
    /// tried (the vertices, the edges and the inside of the simplex). <c>1 / step</c> must be a whole number up to 20.</summary>
    /// <value>The default is 0.25 (35 points for four components).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value does not divide 1 into 1 to 20 equal parts.</exception>
    public double GridStep
    {
        get;
        set
        {
            double parts = 1d / value;
            field = double.IsFinite(parts) && parts >= 1 && parts <= 20 && Math.Abs(parts - Math.Round(parts)) < 1e-9
                ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "GridStep must be 1/p for a whole p from 1 to 20.");
        }
    } = 0.25;

    /// <summary>Gets or sets the K of the NDCG@K the weights are chosen by.</summary>
    /// <value>The default is 10.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Cutoff { get; set => field = Throw.IfLessThan(value, 1); } = 10;

    /// <summary>Gets or sets the seed of the validation split.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the score normalisation the hybrid will use.</summary>
    /// <value>The default is <see cref="ScoreNormalization.MinMax"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="ScoreNormalization"/>.</exception>
    public ScoreNormalization Normalization
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Normalization must be a defined ScoreNormalization.");
    } = ScoreNormalization.MinMax;

    /// <summary>Gets or sets the options the validation model is built with (use the ones of the final model).</summary>
    /// <value>The default is a new <see cref="ProfileBuilderOptions"/>.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public ProfileBuilderOptions BuilderOptions { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the most validation users scored at once; -1 for all cores.</summary>
    /// <value>The default is -1.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        set => field = value == -1 || value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be -1 or at least 1.");
    } = -1;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual HybridTunerOptions Clone() => new(this);
}
