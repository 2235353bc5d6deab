// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of <see cref="Evaluator"/>: the cutoff K, the MAP variant and the bootstrap's settings.</summary>
/// <remarks>Options are validated when set. <see cref="Evaluator"/> copies them, so later changes do not affect it.</remarks>
public class EvaluatorOptions
{
    /// <summary>Initializes a new instance of the <see cref="EvaluatorOptions"/> class with the defaults.</summary>
    public EvaluatorOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EvaluatorOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected EvaluatorOptions(EvaluatorOptions other)
    {
        _ = Throw.IfNull(other);
        Cutoff = other.Cutoff;
        MapNormalization = other.MapNormalization;
        BootstrapSamples = other.BootstrapSamples;
        ConfidenceLevel = other.ConfidenceLevel;
        Seed = other.Seed;
        BatchSize = other.BatchSize;
        FailOnTrainingItems = other.FailOnTrainingItems;
    }

    /// <summary>Gets or sets the cutoff K of every metric.</summary>
    /// <value>The default is 10. At least 1.</value>
    public int Cutoff { get; set => field = Throw.IfLessThan(value, 1); } = 10;

    /// <summary>Gets or sets what MAP divides each user's sum of precisions by; the report names the variant.</summary>
    /// <value>The default is <see cref="MapNormalization.MinOfKAndRelevant"/>.</value>
    public MapNormalization MapNormalization
    {
        get;
        set => field = value is MapNormalization.MinOfKAndRelevant or MapNormalization.Relevant
            ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown MAP normalization.");
    } = MapNormalization.MinOfKAndRelevant;

    /// <summary>Gets or sets the number of bootstrap replicates <c>B</c>.</summary>
    /// <value>The default is 1,000. At least 1.</value>
    public int BootstrapSamples { get; set => field = Throw.IfLessThan(value, 1); } = PairedBootstrap.DefaultSamples;

    /// <summary>Gets or sets the level of the confidence intervals.</summary>
    /// <value>The default is 0.95. In (0, 1).</value>
    public double ConfidenceLevel
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 0.999999, nameof(value));
    } = 0.95;

    /// <summary>Gets or sets the seed of the bootstrap.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets how many users each <see cref="IRankingSystem.RankAsync"/> call gets.</summary>
    /// <value>The default is 512. At least 1.</value>
    public int BatchSize { get; set => field = Throw.IfLessThan(value, 1); } = 512;

    /// <summary>Gets or sets a value indicating whether a system that returns one of a user's training items fails the
    /// evaluation (<see cref="InvalidOperationException"/>) instead of being recorded in
    /// <see cref="SystemEvaluation.TrainingItemsRecommended"/>.</summary>
    /// <value>The default is <see langword="false"/>: record and report.</value>
    public bool FailOnTrainingItems { get; set; }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EvaluatorOptions Clone() => new(this);
}
