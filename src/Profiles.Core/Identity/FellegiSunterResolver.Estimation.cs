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
    private const double InitialMatchProportion = 0.5;

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
    /// Estimates <c>m</c> by expectation–maximisation in sessions, each a two-class mixture (one person / two persons)
    /// with conditionally independent fields, <c>u</c> held at the random-pair estimate, and missing fields left out.
    /// There is one session per blocking key, over its pairs (those not already scored under an earlier key), and one per
    /// exact key (e-mail, phone, device) over the deterministic pairs that share it. A session leaves out the fields its
    /// pairs were selected on (the blocking key's fields and every earlier key's; the exact key), because there the
    /// non-matches agree far more often than random pairs do. <c>m</c> pools the sessions' expected match counts per field level.
    /// </summary>
    private FellegiSunterModel EstimateModel(
        List<BlockingKeys> kinds, long[][] blockCounts, long[] deterministicCounts, double[] u, int randomPairs, long candidatePairs,
        IProgress<IdentityProgress>? progress, CancellationToken cancellationToken)
    {
        var pooled = new double[Slots];
        var excluded = new bool[ComparisonPattern.Fields];
        int iterations = 0;
        bool converged = true;
        bool anySession = false;
        double matches = 0d;
        double pairs = 0d;
        MatchField[] keyFields = [MatchField.Email, MatchField.Phone, MatchField.Device];
        long progressTotal = (long)_options.MaxEmIterations * (kinds.Count + keyFields.Length);
        progress?.Report(new IdentityProgress(IdentityStage.EstimatingModel, 0, progressTotal));
        for (int k = 0; k < kinds.Count + keyFields.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool[] sessionExcluded;
            long[] counts;
            if (k < kinds.Count)
            {
                foreach (MatchField field in FieldsOf(kinds[k]))
                {
                    excluded[(int)field] = true;
                }

                sessionExcluded = (bool[])excluded.Clone();
                counts = blockCounts[k];
            }
            else
            {
                // The deterministic pairs that share this key: the key is what selected them, every other field informs.
                MatchField key = keyFields[k - kinds.Count];
                sessionExcluded = new bool[ComparisonPattern.Fields];
                sessionExcluded[(int)key] = true;
                if (key == MatchField.Email)
                {
                    sessionExcluded[(int)MatchField.EmailName] = true; // one address spells one name
                }
                counts = new long[deterministicCounts.Length];
                for (int pattern = 0; pattern < counts.Length; pattern++)
                {
                    if (ComparisonPattern.Level(pattern, (int)key) == FieldComparison.Exact)
                    {
                        counts[pattern] = deterministicCounts[pattern];
                    }
                }
            }

            EmSession? session = RunSession(counts, sessionExcluded, u, iterations, progressTotal, progress, cancellationToken);
            if (session is null)
            {
                continue;
            }

            anySession = true;
            iterations += session.Iterations;
            converged &= session.Converged;
            for (int slot = 0; slot < Slots; slot++)
            {
                pooled[slot] += session.MatchSums[slot];
            }

            if (k < kinds.Count)
            {
                matches += session.MatchProportion * session.Pairs;
                pairs += session.Pairs;
            }
        }

        double[] m = Smooth(pooled, MPseudoCount);
        double[] initial = InitialM();
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            double support = 0d;
            for (int l = 1; l < ComparisonPattern.Levels; l++)
            {
                support += pooled[(f * ComparisonPattern.Levels) + l];
            }

            if (support <= 0d)
            {
                // No session could estimate this field: keep the starting values.
                Array.Copy(initial, f * ComparisonPattern.Levels, m, f * ComparisonPattern.Levels, ComparisonPattern.Levels);
            }
        }

        return new FellegiSunterModel(
            m, u, pairs > 0d ? matches / pairs : 0d, iterations, anySession && converged, candidatePairs, randomPairs);
    }

    /// <summary>Runs one EM session over the pattern counts, using only the fields not <paramref name="excluded"/>; <see langword="null"/> when no pattern has such a field.</summary>
    private EmSession? RunSession(
        long[] patternCounts, bool[] excluded, double[] u, int iterationsBefore, long progressTotal, IProgress<IdentityProgress>? progress,
        CancellationToken cancellationToken)
    {
        // Project every pattern onto the session's fields (the others become missing) and merge equal projections.
        var projected = new Dictionary<int, double>();
        for (int pattern = 0; pattern < patternCounts.Length; pattern++)
        {
            if (patternCounts[pattern] == 0)
            {
                continue;
            }

            int rest = pattern;
            int projection = 0;
            for (int f = 0; f < ComparisonPattern.Fields; f++)
            {
                int level = rest % ComparisonPattern.Levels;
                rest /= ComparisonPattern.Levels;
                if (!excluded[f])
                {
                    projection += level * ComparisonPattern.Power(f);
                }
            }

            if (projection != 0)
            {
                projected[projection] = projected.GetValueOrDefault(projection) + patternCounts[pattern];
            }
        }

        if (projected.Count == 0)
        {
            return null;
        }

        var patterns = new int[projected.Count];
        var counts = new double[projected.Count];
        projected.Keys.CopyTo(patterns, 0);
        Array.Sort(patterns); // a fixed summation order, whatever the dictionary's
        double total = 0d;
        for (int i = 0; i < patterns.Length; i++)
        {
            counts[i] = projected[patterns[i]];
            total += counts[i];
        }

        var levels = new int[patterns.Length * ComparisonPattern.Fields];
        for (int i = 0; i < patterns.Length; i++)
        {
            int rest = patterns[i];
            for (int f = 0; f < ComparisonPattern.Fields; f++)
            {
                levels[(i * ComparisonPattern.Fields) + f] = rest % ComparisonPattern.Levels;
                rest /= ComparisonPattern.Levels;
            }
        }

        double[] m = InitialM();
        double lambda = InitialMatchProportion;
        double previous = double.NaN;
        int iterations = 0;
        bool converged = false;
        var sums = new double[Slots];
        while (iterations < _options.MaxEmIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(sums);
            double matchMass = 0d;
            double logLikelihood = 0d;
            for (int i = 0; i < patterns.Length; i++)
            {
                // E-step: the posterior that this pattern is one person, under the current m and lambda.
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
                        pu *= u[slot];
                    }
                }

                double likelihood = pm + pu;
                double weight = counts[i] * (pm / likelihood);
                logLikelihood += counts[i] * Math.Log(likelihood);
                matchMass += weight;
                for (int f = 0; f < ComparisonPattern.Fields; f++)
                {
                    int level = levels[row + f];
                    if (level != (int)FieldComparison.Missing)
                    {
                        sums[(f * ComparisonPattern.Levels) + level] += weight;
                    }
                }
            }

            // M-step: m from the expected match counts, lambda from the expected share of matches.
            iterations++;
            m = Smooth(sums, MPseudoCount);
            lambda = Math.Clamp(matchMass / total, 1e-9, 1d - 1e-9);
            double mean = logLikelihood / total;
            progress?.Report(new IdentityProgress(IdentityStage.EstimatingModel, iterationsBefore + iterations, progressTotal));
            if (Math.Abs(mean - previous) < _options.EmTolerance)
            {
                converged = true;
                break;
            }

            previous = mean;
        }

        return new EmSession(sums, lambda, total, iterations, converged);
    }

    /// <summary>The fields a blocking key selects its pairs on.</summary>
    private static MatchField[] FieldsOf(BlockingKeys key) => key switch
    {
        BlockingKeys.LastNamePhoneticAndBirthYear => [MatchField.LastName, MatchField.BirthYear],
        BlockingKeys.CityAndLastNamePrefix => [MatchField.City, MatchField.LastName],
        BlockingKeys.FirstAndLastNamePhonetic => [MatchField.FirstName, MatchField.LastName],
        BlockingKeys.FirstNamePhoneticAndBirthYear => [MatchField.FirstName, MatchField.BirthYear],
        BlockingKeys.CityAndFirstNamePhonetic => [MatchField.City, MatchField.FirstName],
        BlockingKeys.EmailName => [MatchField.EmailName, MatchField.FirstName, MatchField.LastName],
        _ => [MatchField.FirstName, MatchField.LastName],
    };

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

    /// <summary>What one EM session found: the expected match count per field level, the share of matches, and how it ran.</summary>
    private sealed record EmSession(double[] MatchSums, double MatchProportion, double Pairs, int Iterations, bool Converged);
}
