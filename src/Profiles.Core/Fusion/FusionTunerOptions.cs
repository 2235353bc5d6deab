// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Options of <see cref="FusionTuner"/>: the grid of fusion settings, how the validation split is carved from
/// the training events, and the metric's cutoff.</summary>
/// <remarks><para>Options are validated when set and are not thread-safe; <see cref="FusionTuner"/> copies them on
/// construction.</para></remarks>
public class FusionTunerOptions
{
    /// <summary>Initializes a new instance of the <see cref="FusionTunerOptions"/> class with the defaults.</summary>
    public FusionTunerOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FusionTunerOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected FusionTunerOptions(FusionTunerOptions other)
    {
        _ = Throw.IfNull(other);
        Alphas = other.Alphas;
        Lambdas = other.Lambdas;
        Steps = other.Steps;
        Ridges = other.Ridges;
        TextPriors = other.TextPriors;
        ValidationFraction = other.ValidationFraction;
        MaxValidationPersons = other.MaxValidationPersons;
        Cutoff = other.Cutoff;
        Seed = other.Seed;
        Protocol = other.Protocol;
        ColdStartKeep = other.ColdStartKeep;
        Fuser = other.Fuser.Clone();
    }

    /// <summary>Gets or sets the anchor weights <c>alpha</c> tried (copied; each finite and non-negative).</summary>
    /// <value>The default is 0.25, 1, 4 and 16.</value>
    public IReadOnlyList<float> Alphas { get; set => field = NonNegative(value, nameof(value)); } = [0.25f, 1f, 4f, 16f];

    /// <summary>Gets or sets the penalty weights <c>lambda</c> tried (copied; each finite and non-negative).</summary>
    /// <value>The default is 0, 1,000 and 100,000. The penalty <c>S</c> lies in <c>[1/n, 1]</c> for <c>n</c> items, so
    /// with thousands of items it is about <c>1/n</c> and <c>lambda</c> has to be of the order of <c>n ||U||^2</c> to move
    /// the optimum at all.</value>
    public IReadOnlyList<float> Lambdas { get; set => field = NonNegative(value, nameof(value)); } = [0f, 1_000f, 100_000f];

    /// <summary>Gets or sets the step limits (<see cref="ProfileFusionOptions.MaxIterations"/>) tried (copied; each at least 1).</summary>
    /// <value>The default is 5 and 20.</value>
    public IReadOnlyList<int> Steps
    {
        get;
        set
        {
            Throw.IfNull(value);
            if (value.Count == 0)
            {
                Throw.Argument(nameof(value), "Give at least one step limit.");
            }

            int[] copy = new int[value.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = value[i] >= 1 ? value[i] : throw new ArgumentOutOfRangeException(nameof(value), value[i], $"The step limit at index {i} must be at least 1.");
            }

            field = copy;
        }
    } = [5, 20];

    /// <summary>Gets or sets the ridge penalties of the text projection tried (copied; each finite and positive); empty
    /// to use <see cref="Fuser"/>'s <see cref="TextProjectionOptions.Ridge"/> only. Each ridge refits the projection and
    /// re-embeds the validation persons' insights once, then scores the whole alpha x lambda x steps grid.</summary>
    /// <value>The default is empty. On ml-latest-small with the 1,024-dimensional hashing embedder, ridges 1, 10 and 100
    /// scored 0.443, 0.451 and 0.468 validation NDCG@10 for cold-start users (docs/llm.md), so try a grid when the
    /// embedding has many dimensions.</value>
    public IReadOnlyList<double> Ridges
    {
        get;
        set
        {
            Throw.IfNull(value);
            double[] copy = new double[value.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = double.IsFinite(value[i]) && value[i] > 0
                    ? value[i]
                    : throw new ArgumentOutOfRangeException(nameof(value), value[i], $"The ridge at index {i} must be finite and positive.");
            }

            field = copy;
        }
    } = [];

    /// <summary>Gets or sets the text prior strengths (<see cref="ProfileFuserOptions.TextPriorItems"/>, in distinct items)
    /// tried (copied; each non-negative, <see cref="double.PositiveInfinity"/> for no shrinkage). Whatever the grid, the
    /// behaviour-only setting (text prior 0, <c>lambda</c> 0) is always a candidate: it is scored from the behaviour vectors
    /// and wins when no fused setting beats it, so a tuned fusion never does worse than behaviour only on validation.</summary>
    /// <value>The default is positive infinity only (the plain objective). Add finite priors (the demo tries 30 and 3) to
    /// let text steer persons with little history and fade for persons with much; each prior multiplies the grid.</value>
    public IReadOnlyList<double> TextPriors
    {
        get;
        set
        {
            Throw.IfNull(value);
            if (value.Count == 0)
            {
                Throw.Argument(nameof(value), "Give at least one text prior (positive infinity for no shrinkage).");
            }

            double[] copy = new double[value.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = value[i] >= 0
                    ? value[i]
                    : throw new ArgumentOutOfRangeException(nameof(value), value[i], $"The text prior at index {i} must be non-negative (positive infinity for no shrinkage).");
            }

            field = copy;
        }
    } = [double.PositiveInfinity];

    /// <summary>Gets or sets how the validation split is carved from the training events:
    /// <see cref="SplitKind.RandomPerUser"/> (a share of each person's items held out: tunes for persons the model knows)
    /// or <see cref="SplitKind.CrossPlatformColdStart"/> (a seeded quarter of the multi-platform persons lose one platform,
    /// whose items are then recommended from the rest: tunes for persons new on a platform) or
    /// <see cref="SplitKind.ColdStartUsers"/> (a seeded <see cref="ValidationFraction"/> of the persons keep only
    /// <see cref="ColdStartKeep"/> training items, <see cref="EvaluationSplit.ColdStartUsers"/>: tunes for new persons).</summary>
    /// <value>The default is <see cref="SplitKind.RandomPerUser"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is another <see cref="SplitKind"/>.</exception>
    public SplitKind Protocol
    {
        get;
        set => field = value is SplitKind.RandomPerUser or SplitKind.CrossPlatformColdStart or SplitKind.ColdStartUsers
            ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The tuner validates on RandomPerUser, CrossPlatformColdStart or ColdStartUsers splits.");
    } = SplitKind.RandomPerUser;

    /// <summary>Gets or sets how many distinct training items each validation person keeps under
    /// <see cref="SplitKind.ColdStartUsers"/> (the rest are their validation items).</summary>
    /// <value>The default is 3. At least 1.</value>
    public int ColdStartKeep { get; set => field = Throw.IfLessThan(value, 1); } = 3;

    /// <summary>Gets or sets the share of each person's distinct training items held out for validation under
    /// <see cref="SplitKind.RandomPerUser"/> (a seeded, stratified random split per person, <see cref="EvaluationSplit.RandomPerUser"/>),
    /// or the share of the persons made cold under <see cref="SplitKind.ColdStartUsers"/>.</summary>
    /// <value>The default is 0.2. In (0, 1).</value>
    public double ValidationFraction
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 0.95, nameof(value));
    } = 0.2;

    /// <summary>Gets or sets the most validation persons scored (a seeded sample when there are more); only they are
    /// enriched and fused for every setting, which bounds the tuner's time.</summary>
    /// <value>The default is 5,000. At least 1.</value>
    public int MaxValidationPersons { get; set => field = Throw.IfLessThan(value, 1); } = 5_000;

    /// <summary>Gets or sets the cutoff K of the metric (NDCG@K, with recall@K reported beside it).</summary>
    /// <value>The default is 10. At least 1.</value>
    public int Cutoff { get; set => field = Throw.IfLessThan(value, 1); } = 10;

    /// <summary>Gets or sets the seed of the validation split and of the sample of persons.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the fuser's other settings (projection, embedding batch, text-norm matching); its
    /// <see cref="ProfileFuserOptions.Fusion"/> gives every setting but <c>alpha</c>, <c>lambda</c> and the step limit.</summary>
    /// <value>The default is <see cref="ProfileFuserOptions"/>'s defaults.</value>
    public ProfileFuserOptions Fuser { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual FusionTunerOptions Clone() => new(this);

    private static float[] NonNegative(IReadOnlyList<float> values, string paramName)
    {
        Throw.IfNull(values, paramName);
        if (values.Count == 0)
        {
            Throw.Argument(paramName, "Give at least one value.");
        }

        float[] copy = new float[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = float.IsFinite(values[i]) && values[i] >= 0
                ? values[i]
                : throw new ArgumentOutOfRangeException(paramName, values[i], $"The value at index {i} must be finite and non-negative.");
        }

        return copy;
    }
}
