// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>
/// Computes seeded percentile-bootstrap confidence intervals over users: for a mean, and for the difference of two
/// systems' means on the same users (paired: each replicate resamples users, not values, so both systems are scored on
/// the same resampled users).
/// </summary>
/// <remarks>
/// <para>
/// Each of the <c>B</c> replicates draws <c>n</c> user positions uniformly with replacement from the seeded generator,
/// in order; the interval's ends are the <c>(1 - level) / 2</c> and <c>(1 + level) / 2</c> quantiles of the replicate
/// statistics, interpolated linearly between order statistics (numpy's default). <see cref="Evaluator"/> draws the same
/// positions for the same seed, so its intervals equal these.
/// </para>
/// <para>All members are thread-safe: they keep no state.</para>
/// </remarks>
public static class PairedBootstrap
{
    /// <summary>The default number of bootstrap replicates.</summary>
    public const int DefaultSamples = 1000;

    /// <summary>Computes the paired bootstrap interval of <c>mean(candidate) - mean(baseline)</c>.</summary>
    /// <param name="baseline">The baseline's per-user values.</param>
    /// <param name="candidate">The candidate's per-user values, for the same users in the same order.</param>
    /// <param name="samples">The number of replicates <c>B</c>, at least 1.</param>
    /// <param name="seed">The seed of the resampling.</param>
    /// <param name="confidenceLevel">The level, in (0, 1); 0.95 for a 95% interval.</param>
    /// <returns>The mean difference and its interval; <see cref="ConfidenceInterval.ExcludesZero"/> says whether it is significant.</returns>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or hold NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> or <paramref name="confidenceLevel"/> is out of range.</exception>
    public static ConfidenceInterval MeanDifference(
        ReadOnlySpan<double> baseline, ReadOnlySpan<double> candidate, int samples = DefaultSamples, int seed = 42, double confidenceLevel = 0.95)
    {
        if (candidate.Length != baseline.Length)
        {
            Throw.Argument(nameof(candidate), $"The candidate has {candidate.Length} values; the baseline has {baseline.Length}: pair them by user.");
        }

        Validate(baseline, nameof(baseline), samples, confidenceLevel);
        Validate(candidate, nameof(candidate), samples, confidenceLevel);
        var difference = new double[baseline.Length];
        for (int i = 0; i < difference.Length; i++)
        {
            difference[i] = candidate[i] - baseline[i];
        }

        return MeanCore(difference, samples, seed, confidenceLevel);
    }

    /// <summary>Computes the bootstrap interval of the mean of per-user values.</summary>
    /// <param name="values">The per-user values.</param>
    /// <param name="samples">The number of replicates <c>B</c>, at least 1.</param>
    /// <param name="seed">The seed of the resampling.</param>
    /// <param name="confidenceLevel">The level, in (0, 1).</param>
    /// <returns>The mean and its interval.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> or <paramref name="confidenceLevel"/> is out of range.</exception>
    public static ConfidenceInterval Mean(ReadOnlySpan<double> values, int samples = DefaultSamples, int seed = 42, double confidenceLevel = 0.95)
    {
        Validate(values, nameof(values), samples, confidenceLevel);
        return MeanCore(values, samples, seed, confidenceLevel);
    }

    /// <summary>Creates the generator of a bootstrap: the same stream for the same seed in every caller.</summary>
    internal static SplitRandom CreateRandom(int seed) => SplitRandom.ForKey(seed, 0xB0075742AUL);

    /// <summary>Returns the <paramref name="q"/> quantile of sorted values, interpolating linearly at <c>q (B - 1)</c>.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>Turns replicate statistics into an interval (sorting them in place).</summary>
    internal static ConfidenceInterval Interval(double estimate, double[] replicates, double confidenceLevel)
    {
        Array.Sort(replicates);
        double alpha = 1 - confidenceLevel;
        return new ConfidenceInterval(estimate, Quantile(replicates, alpha / 2), Quantile(replicates, 1 - (alpha / 2)));
    }

    internal static void ValidateSettings(int samples, double confidenceLevel)
    {
        Throw.IfLessThan(samples, 1);
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            Throw.OutOfRange(nameof(confidenceLevel), confidenceLevel, "must be in (0, 1)");
        }
    }

    private static void Validate(ReadOnlySpan<double> values, string paramName, int samples, double confidenceLevel)
    {
        ValidateSettings(samples, confidenceLevel);
        if (values.IsEmpty)
        {
            Throw.Argument(paramName, "The bootstrap needs at least one value.");
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                Throw.Argument(paramName, $"The value at index {i} is {values[i]}; every value must be finite.");
            }
        }
    }

    private static ConfidenceInterval MeanCore(ReadOnlySpan<double> values, int samples, int seed, double confidenceLevel)
    {
        int n = values.Length;
        double estimate = 0;
        foreach (double v in values)
        {
            estimate += v;
        }

        estimate /= n;
        SplitRandom random = CreateRandom(seed);
        var replicates = new double[samples];
        for (int r = 0; r < samples; r++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += values[random.NextInt(n)];
            }

            replicates[r] = sum / n;
        }

        return Interval(estimate, replicates, confidenceLevel);
    }
}
