// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>
/// The estimated Fellegi–Sunter model: per field and comparison level, the probability <c>m</c> of that level among
/// pairs of one person, the probability <c>u</c> among pairs of different persons, and the weight <c>log2(m / u)</c>.
/// </summary>
/// <remarks>
/// <para>
/// <c>u</c> is estimated from <see cref="RandomPairs"/> random account pairs (almost all of which are different
/// persons). <c>m</c> is estimated without labels by expectation–maximisation: two-class mixtures (one person / two
/// persons) with the fields independent within a class and <c>u</c> held fixed, run once per blocking key and once per
/// exact key on the deterministic pairs that share it. Each run leaves out the fields its pairs were selected on (within
/// a block of equal last names, two different persons agree on the last name far more often than <c>u</c> says), and
/// <c>m</c> pools what the runs estimated. A level of <see cref="FieldComparison.Missing"/> is left out of the model and weighs 0.
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class FellegiSunterModel
{
    private const double MinProbability = 1e-9;
    private readonly double[] _m;
    private readonly double[] _u;
    private readonly double[] _weights;

    internal FellegiSunterModel(
        double[] m, double[] u, double matchProportion, int iterations, bool converged, long candidatePairs, int randomPairs)
    {
        _m = m;
        _u = u;
        MatchProportion = matchProportion;
        Iterations = iterations;
        Converged = converged;
        CandidatePairs = candidatePairs;
        RandomPairs = randomPairs;
        _weights = new double[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            int level = i % ComparisonPattern.Levels;
            _weights[i] = level == (int)FieldComparison.Missing || u[i] <= 0d
                ? 0d
                : Math.Log2(Math.Max(m[i], MinProbability) / Math.Max(u[i], MinProbability));
        }
    }

    /// <summary>Gets the fields the model compares, in pattern order.</summary>
    public static IReadOnlyList<MatchField> Fields { get; } =
        [
            MatchField.FirstName, MatchField.LastName, MatchField.BirthYear, MatchField.City, MatchField.Email, MatchField.Phone, MatchField.Device,
            MatchField.EmailName,
        ];

    /// <summary>Gets the estimated share of one-person pairs among the candidate pairs (the mixture weights of the blocking-key runs, pooled).</summary>
    public double MatchProportion { get; }

    /// <summary>Gets the number of expectation–maximisation iterations run, summed over the runs.</summary>
    public int Iterations { get; }

    /// <summary>Gets a value indicating whether every expectation–maximisation run met <see cref="IdentityResolverOptions.EmTolerance"/> within <see cref="IdentityResolverOptions.MaxEmIterations"/>; <see langword="false"/> when there was nothing to run on.</summary>
    public bool Converged { get; }

    /// <summary>Gets the number of candidate pairs the model was estimated on.</summary>
    public long CandidatePairs { get; }

    /// <summary>Gets the number of random pairs <c>u</c> was estimated from.</summary>
    public int RandomPairs { get; }

    /// <summary>Gets the comparison levels <paramref name="field"/> uses, <see cref="FieldComparison.Missing"/> first.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The levels.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="field"/> is not a defined field.</exception>
    public static IReadOnlyList<FieldComparison> LevelsOf(MatchField field)
    {
        _ = Index(field, FieldComparison.Missing);
        return ComparisonPattern.LevelsOf(field);
    }

    /// <summary>Gets <c>m</c>: the probability of <paramref name="level"/> on <paramref name="field"/> given the accounts are one person and the field is present.</summary>
    /// <param name="field">The field.</param>
    /// <param name="level">The comparison level; not <see cref="FieldComparison.Missing"/>.</param>
    /// <returns>The probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The field does not use <paramref name="level"/>, or the level is <see cref="FieldComparison.Missing"/>.</exception>
    public double M(MatchField field, FieldComparison level) => _m[PresentIndex(field, level)];

    /// <summary>Gets <c>u</c>: the probability of <paramref name="level"/> on <paramref name="field"/> given the accounts are different persons and the field is present, from random pairs.</summary>
    /// <param name="field">The field.</param>
    /// <param name="level">The comparison level; not <see cref="FieldComparison.Missing"/>.</param>
    /// <returns>The probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The field does not use <paramref name="level"/>, or the level is <see cref="FieldComparison.Missing"/>.</exception>
    public double U(MatchField field, FieldComparison level) => _u[PresentIndex(field, level)];

    /// <summary>Gets the match weight <c>log2(m / u)</c> of <paramref name="level"/> on <paramref name="field"/>; 0 for <see cref="FieldComparison.Missing"/>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="level">The comparison level.</param>
    /// <returns>The weight in bits.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The field does not use <paramref name="level"/>.</exception>
    public double Weight(MatchField field, FieldComparison level) => _weights[Index(field, level)];

    /// <summary>Computes the match weight of a packed comparison pattern.</summary>
    internal double PatternWeight(int pattern)
    {
        double weight = 0d;
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            weight += _weights[(f * ComparisonPattern.Levels) + (pattern % ComparisonPattern.Levels)];
            pattern /= ComparisonPattern.Levels;
        }

        return weight;
    }

    /// <summary>Expands a packed comparison pattern into the evidence of each field.</summary>
    internal FieldEvidence[] Evidence(int pattern)
    {
        var evidence = new FieldEvidence[ComparisonPattern.Fields];
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            var level = (FieldComparison)(pattern % ComparisonPattern.Levels);
            evidence[f] = new FieldEvidence((MatchField)f, level, _weights[(f * ComparisonPattern.Levels) + (int)level]);
            pattern /= ComparisonPattern.Levels;
        }

        return evidence;
    }

    private static int Index(MatchField field, FieldComparison level)
    {
        if ((uint)field >= ComparisonPattern.Fields)
        {
            Throw.OutOfRange(nameof(field), field, "is not a defined field");
        }

        if (!ComparisonPattern.Uses(field, level))
        {
            Throw.OutOfRange(nameof(level), level, $"is not a level the {field} field uses");
        }

        return ((int)field * ComparisonPattern.Levels) + (int)level;
    }

    private static int PresentIndex(MatchField field, FieldComparison level)
    {
        if (level == FieldComparison.Missing)
        {
            Throw.OutOfRange(nameof(level), level, "has no probability: a missing field is left out of the model");
        }

        return Index(field, level);
    }
}
