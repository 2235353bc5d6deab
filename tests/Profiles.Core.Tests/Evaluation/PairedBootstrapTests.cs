// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Xunit;

namespace Profiles.Core.Tests;

public class PairedBootstrapTests
{
    [Fact]
    public void MeanDifference_IdenticalSystems_IsZeroWithAZeroWidthInterval()
    {
        double[] values = [0.1, 0.5, 0.0, 1.0, 0.25];
        ConfidenceInterval difference = PairedBootstrap.MeanDifference(values, values);
        Assert.Equal(new ConfidenceInterval(0, 0, 0), difference);
        Assert.False(difference.ExcludesZero);
    }

    [Fact]
    public void MeanDifference_ConstantShift_IsTheShiftEverywhere()
    {
        double[] baseline = [0.1, 0.5, 0.0, 1.0, 0.25, 0.75];
        double[] candidate = baseline.Select(v => v + 0.1).ToArray();

        // Every resample's mean difference is exactly the shift (up to rounding), so the interval collapses onto it.
        ConfidenceInterval difference = PairedBootstrap.MeanDifference(baseline, candidate);
        Assert.Equal(0.1, difference.Estimate, 12);
        Assert.Equal(0.1, difference.Lower, 12);
        Assert.Equal(0.1, difference.Upper, 12);
        Assert.True(difference.ExcludesZero);
    }

    [Fact]
    public void Mean_CoinFlips_HasTheNormalApproximationsWidth()
    {
        // 400 users, half hits: the mean is 0.5 with standard error sqrt(0.25 / 400) = 0.025, so a 95% interval is about
        // 0.5 +- 1.96 * 0.025 = [0.451, 0.549]. The percentile bootstrap must land close to it.
        double[] values = Enumerable.Range(0, 400).Select(i => (double)(i % 2)).ToArray();
        ConfidenceInterval mean = PairedBootstrap.Mean(values, samples: 2000, seed: 1);
        Assert.Equal(0.5, mean.Estimate, 12);
        Assert.InRange(mean.Lower, 0.44, 0.46);
        Assert.InRange(mean.Upper, 0.54, 0.56);
        Assert.True(mean.Contains(0.5));
        Assert.False(mean.Contains(0.6));
    }

    [Fact]
    public void Bootstrap_IsSeeded()
    {
        double[] baseline = Enumerable.Range(0, 50).Select(i => (i * 7 % 11) / 10.0).ToArray();
        double[] candidate = Enumerable.Range(0, 50).Select(i => (i * 5 % 13) / 12.0).ToArray();
        ConfidenceInterval a = PairedBootstrap.MeanDifference(baseline, candidate, 500, seed: 3);
        ConfidenceInterval b = PairedBootstrap.MeanDifference(baseline, candidate, 500, seed: 3);
        ConfidenceInterval c = PairedBootstrap.MeanDifference(baseline, candidate, 500, seed: 4);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a.Estimate, c.Estimate);
    }

    [Fact]
    public void Quantile_InterpolatesLinearlyBetweenOrderStatistics()
    {
        // numpy.quantile([1, 2, 3, 4], q): position q * 3; q = 0.5 -> 2.5; q = 0.025 -> 1 + 0.075 * (2 - 1) = 1.075
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, PairedBootstrap.Quantile(sorted, 0.5), 12);
        Assert.Equal(1.075, PairedBootstrap.Quantile(sorted, 0.025), 12);
        Assert.Equal(4.0, PairedBootstrap.Quantile(sorted, 1.0), 12);
        Assert.Equal(1.0, PairedBootstrap.Quantile(sorted, 0.0), 12);
    }

    [Fact]
    public void Bootstrap_InvalidArguments_NameTheParameter()
    {
        double[] three = [1, 2, 3];
        Assert.Throws<ArgumentException>("candidate", () => PairedBootstrap.MeanDifference(three, [1.0, 2.0]));
        Assert.Throws<ArgumentException>("baseline", () => PairedBootstrap.MeanDifference([], []));
        Assert.Throws<ArgumentException>("candidate", () => PairedBootstrap.MeanDifference(three, [1, double.NaN, 3]));
        Assert.Throws<ArgumentException>("values", () => PairedBootstrap.Mean([double.PositiveInfinity]));
        Assert.Throws<ArgumentOutOfRangeException>("samples", () => PairedBootstrap.Mean(three, samples: 0));
        Assert.Throws<ArgumentOutOfRangeException>("confidenceLevel", () => PairedBootstrap.Mean(three, confidenceLevel: 1));
        Assert.Throws<ArgumentOutOfRangeException>("confidenceLevel", () => PairedBootstrap.MeanDifference(three, three, confidenceLevel: double.NaN));
    }
}
