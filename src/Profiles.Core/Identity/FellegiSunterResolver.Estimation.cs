// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

public sealed partial class FellegiSunterResolver
{
    private const int Slots = ComparisonPattern.Fields * ComparisonPattern.Levels;
    private const double UPseudoCount = 0.5;
    private const double MPseudoCount = 0.01;
    private const double InitialMatchProportion = 0.1;

    /// <summary>
    /// Estimates <c>u</c> per field level from random pairs: every pair when there are no more than
    /// <see cref="IdentityResolverOptions.RandomPairs"/>, else that many drawn with replacement by SplitMix64 from the seed.
    /// Each level gets <c>(count + 0.5) / (present + 0.5 L)</c> over the field's <c>L</c> non-missing levels.
    /// </summary>
    private double[] EstimateU(PreparedAccounts p, ParallelOptions parallel, IProgress<IdentityProgress>? progress, out int sampled)
    {
        int n = p.Count;
        long allPairs = (long)n * (n - 1) / 2;
        int count = (int)Math.Min(allPairs, _options.RandomPairs);
        var first = new int[count];
        var second = new int[count];
        if (allPairs <= _options.RandomPairs)
        {
            int k = 0;
            for (int a = 0; a < n; a++)
            {
                for (int b = a + 1; b < n; b++)
                {
                    first[k] = a;
                    second[k++] = b;
                }
            }
        }
        else
        {
            var random = new SplitMix64(unchecked((ulong)_options.Seed));
            for (int k = 0; k < count; k++)
            {
                int a = random.NextInt(n);
                int b = random.NextInt(n - 1);
                first[k] = a;
                second[k] = b >= a ? b + 1 : b;
            }
        }

        progress?.Report(new IdentityProgress(IdentityStage.SamplingRandomPairs, 0, count));
        var levelCounts = new long[Slots];
        _ = Parallel.For(
            0,
            count,
            parallel,
            () => new long[Slots],
            (k, _, local) =>
            {
                int pattern = p.Compare(first[k], second[k]);
                for (int f = 0; f < ComparisonPattern.Fields; f++)
                {
                    local[(f * ComparisonPattern.Levels) + (pattern % ComparisonPattern.Levels)]++;
                    pattern /= ComparisonPattern.Levels;
                }

                return local;
            },
            local =>
            {
                lock (levelCounts)
                {
                    for (int s = 0; s < Slots; s++)
                    {
                        levelCounts[s] += local[s];
                    }
                }
            });

        progress?.Report(new IdentityProgress(IdentityStage.SamplingRandomPairs, count, count));
        sampled = count;
        return Smooth(levelCounts, UPseudoCount);
    }

    /// <summary>
    /// Estimates <c>m</c> (and the candidate pairs' own non-match probabilities) by EM over the pattern counts: a
    /// two-class mixture with conditionally independent fields, missing fields left out of the likelihood.
    /// </summary>
    private FellegiSunterModel EstimateModel(
        long[] patternCounts, double[] u, int randomPairs, long candidatePairs, IProgress<IdentityProgress>? progress, CancellationToken cancellationToken)
    {
        var observed = new List<int>();
        for (int pattern = 0; pattern < patternCounts.Length; pattern++)
        {
            if (patternCounts[pattern] > 0)
            {
                observed.Add(pattern);
            }
        }

        int[] patterns = observed.ToArray();
        var counts = new double[patterns.Length];
        var levels = new int[patterns.Length * ComparisonPattern.Fields];
        double total = 0d;
        for (int i = 0; i < patterns.Length; i++)
        {
            counts[i] = patternCounts[patterns[i]];
            total += counts[i];
            int pattern = patterns[i];
            for (int f = 0; f < ComparisonPattern.Fields; f++)
            {
                levels[(i * ComparisonPattern.Fields) + f] = pattern % ComparisonPattern.Levels;
                pattern /= ComparisonPattern.Levels;
            }
        }

        double[] m = InitialM();
        double[] blockedU = (double[])u.Clone();
        double lambda = InitialMatchProportion;
        int maxIterations = _options.MaxEmIterations;
        int iterations = 0;
        bool converged = false;
        double logLikelihood = double.NaN;
        var mSums = new double[Slots];
        var uSums = new double[Slots];
        progress?.Report(new IdentityProgress(IdentityStage.EstimatingModel, 0, maxIterations));
        while (patterns.Length > 0 && iterations < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(mSums);
            Array.Clear(uSums);
            double matchMass = 0d;
            double sumLog = 0d;
            for (int i = 0; i < patterns.Length; i++)
            {
                // E-step: the posterior that this pattern is one person, under the current parameters.
                double pm = lambda;
                double pu = 1d - lambda;
                int row = i * ComparisonPattern.Fields;
                for (int f = 0; f < ComparisonPattern.Fields; f++)
                {
                    int level = levels[row + f];
                    if (level != (int)FieldComparison.Missing)
                    {
                        int slot = (f * ComparisonPattern.Levels) + level;
                        pm *= m[slot];
                        pu *= blockedU[slot];
                    }
                }

                double likelihood = pm + pu;
                double posterior = pm / likelihood;
                sumLog += counts[i] * Math.Log(likelihood);
                double matchWeight = counts[i] * posterior;
                double nonMatchWeight = counts[i] - matchWeight;
                matchMass += matchWeight;
                for (int f = 0; f < ComparisonPattern.Fields; f++)
                {
                    int level = levels[row + f];
                    if (level != (int)FieldComparison.Missing)
                    {
                        int slot = (f * ComparisonPattern.Levels) + level;
                        mSums[slot] += matchWeight;
                        uSums[slot] += nonMatchWeight;
                    }
                }
            }

            // M-step.
            iterations++;
            lambda = Math.Clamp(matchMass / total, 1e-9, 1d - 1e-9);
            m = Smooth(mSums, MPseudoCount);
            blockedU = Smooth(uSums, MPseudoCount);
            double mean = sumLog / total;
            bool small = Math.Abs(mean - logLikelihood) < _options.EmTolerance;
            logLikelihood = mean;
            progress?.Report(new IdentityProgress(IdentityStage.EstimatingModel, iterations, maxIterations));
            if (small)
            {
                converged = true;
                break;
            }
        }

        // Keep the class that agrees more as the match class.
        double agreement = 0d;
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            int exact = (f * ComparisonPattern.Levels) + (int)FieldComparison.Exact;
            agreement += m[exact] - blockedU[exact];
        }

        if (agreement < 0d)
        {
            (m, blockedU) = (blockedU, m);
            lambda = 1d - lambda;
        }

        return new FellegiSunterModel(
            m, u, blockedU, patterns.Length > 0 ? lambda : 0d, iterations, converged,
            double.IsNaN(logLikelihood) ? 0d : logLikelihood, candidatePairs, randomPairs);
    }

    /// <summary>The starting <c>m</c>: 0.9 on exact agreement, the rest shared evenly by the other present levels.</summary>
    private static double[] InitialM()
    {
        var m = new double[Slots];
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            FieldComparison[] used = ComparisonPattern.LevelsOf((MatchField)f);
            int present = used.Length - 1;
            foreach (FieldComparison level in used)
            {
                if (level != FieldComparison.Missing)
                {
                    m[(f * ComparisonPattern.Levels) + (int)level] = level == FieldComparison.Exact ? 0.9 : 0.1 / (present - 1);
                }
            }
        }

        return m;
    }

    /// <summary>Turns per-level sums into probabilities over each field's present levels, with a pseudo-count per level.</summary>
    private static double[] Smooth(ReadOnlySpan<double> sums, double pseudoCount)
    {
        var probabilities = new double[Slots];
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            double total = 0d;
            int present = 0;
            for (int l = 1; l < ComparisonPattern.Levels; l++)
            {
                if (ComparisonPattern.Uses((MatchField)f, (FieldComparison)l))
                {
                    total += sums[(f * ComparisonPattern.Levels) + l];
                    present++;
                }
            }

            for (int l = 1; l < ComparisonPattern.Levels; l++)
            {
                if (ComparisonPattern.Uses((MatchField)f, (FieldComparison)l))
                {
                    int slot = (f * ComparisonPattern.Levels) + l;
                    probabilities[slot] = (sums[slot] + pseudoCount) / (total + (pseudoCount * present));
                }
            }
        }

        return probabilities;
    }

    private static double[] Smooth(long[] counts, double pseudoCount)
    {
        var sums = new double[counts.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            sums[i] = counts[i];
        }

        return Smooth(sums, pseudoCount);
    }
}
