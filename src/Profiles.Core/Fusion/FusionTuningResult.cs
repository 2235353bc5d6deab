// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What <see cref="FusionTuner.TuneAsync"/> found: every setting tried with its validation metric, the best one,
/// and the behaviour-only reference.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class FusionTuningResult
{
    internal FusionTuningResult(IReadOnlyList<FusionTrial> trials, FusionTrial best, FusionTrial behaviourOnly, double behaviourNdcg, double behaviourRecall,
        int validationPersons, EvaluationSplitMetadata split, int cutoff)
    {
        Trials = trials;
        Best = best;
        BehaviourOnly = behaviourOnly;
        BehaviourNdcg = behaviourNdcg;
        BehaviourRecall = behaviourRecall;
        ValidationPersons = validationPersons;
        Split = split;
        Cutoff = cutoff;
    }

    /// <summary>Gets every setting of the grid tried, in grid order (ridge, then text prior, then alpha, then lambda, then
    /// steps); <see cref="BehaviourOnly"/> is scored beside them.</summary>
    public IReadOnlyList<FusionTrial> Trials { get; }

    /// <summary>Gets the setting with the highest validation NDCG@K among <see cref="BehaviourOnly"/> and
    /// <see cref="Trials"/> (the first among equals, so behaviour only wins unless a fused setting beats it).</summary>
    public FusionTrial Best { get; }

    /// <summary>Gets the behaviour-only setting (text prior 0, <c>lambda</c> 0: fusion leaves every behaviour vector as
    /// it is), scored from the behaviour vectors; it is <see cref="Best"/> when no setting of the grid beats it.</summary>
    public FusionTrial BehaviourOnly { get; }

    /// <summary>Gets the validation NDCG@K of the behaviour vectors alone (no fusion), for reference.</summary>
    public double BehaviourNdcg { get; }

    /// <summary>Gets the validation recall@K of the behaviour vectors alone.</summary>
    public double BehaviourRecall { get; }

    /// <summary>Gets a value indicating whether the best setting beats the behaviour vectors on validation.</summary>
    public bool FusionHelps => Best.Ndcg > BehaviourNdcg;

    /// <summary>Gets the number of validation persons scored.</summary>
    public int ValidationPersons { get; }

    /// <summary>Gets the validation split's description (carved from the training events only).</summary>
    public EvaluationSplitMetadata Split { get; }

    /// <summary>Gets the cutoff K of the metrics.</summary>
    public int Cutoff { get; }

    /// <summary>Returns fuser options with the best setting (alpha, lambda, steps, text prior and the projection's ridge) applied to a
    /// copy of <paramref name="baseOptions"/>.</summary>
    /// <param name="baseOptions">The options to start from; <see langword="null"/> for the defaults.</param>
    /// <returns>The options.</returns>
    public ProfileFuserOptions ApplyBest(ProfileFuserOptions? baseOptions = null)
    {
        ProfileFuserOptions options = baseOptions?.Clone() ?? new ProfileFuserOptions();
        options.Fusion.Alpha = Best.Alpha;
        options.Fusion.Lambda = Best.Lambda;
        options.Fusion.MaxIterations = Best.Steps;
        options.Projection.Ridge = Best.Ridge;
        options.TextPriorItems = Best.TextPrior;
        return options;
    }
}
