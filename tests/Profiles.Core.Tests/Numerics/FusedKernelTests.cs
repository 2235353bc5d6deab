// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>
/// The d = 64 one-pass kernel that AVX-512 machines run (16-row groups, a lagging maximum, its own exponential):
/// the paths that random data rarely takes. Without AVX-512 the same assertions check the generic kernel.
/// </summary>
[Trait("Category", "Numerics")]
public class FusedKernelTests
{
    private const int D = 64;

    [Fact]
    public void ExpNonPositive_ZeroToMinus87_WithinThreeUlp()
    {
        // The kernel calls it only on AVX-512 hardware; elsewhere Vector512 runs in software (separate multiply and add
        // instead of FMA), and the same bound holds, so the test checks the function on every SIMD setting.
        var x = new float[16];
        double worst = 0d;
        for (int i = 0; i <= 200_000; i += 16)
        {
            for (int lane = 0; lane < 16; lane++)
            {
                x[lane] = -87.3f * (i + lane) / 200_015f;
            }

            Vector512<float> e = FusionKernel.ExpNonPositive(Vector512.Create(x));
            for (int lane = 0; lane < 16; lane++)
            {
                double expected = Math.Exp(x[lane]);
                worst = Math.Max(worst, Math.Abs(e.GetElement(lane) - expected) / expected);
            }
        }

        Assert.True(worst <= 3 * 5.97e-8, $"worst relative error {worst:E3}");
        Assert.Equal(1f, FusionKernel.ExpNonPositive(Vector512<float>.Zero).GetElement(0));
        float tiny = FusionKernel.ExpNonPositive(Vector512.Create(float.NegativeInfinity)).GetElement(0);
        Assert.InRange(tiny, 0f, 1.2e-38f);
        Assert.InRange(FusionKernel.ExpNonPositive(Vector512.Create(-1000f)).GetElement(0), 0f, 1.2e-38f);
    }

    [Theory]
    [InlineData(16, 1f)]       // one group
    [InlineData(645, 1f)]      // 40 groups and a tail of 5: a new maximum in every group
    [InlineData(645, 0.15f)]   // jumps of 0.15 * 16 * 64 / 64 between groups: rescaling by e^-40 and less
    [InlineData(3000, 0.002f)] // rising slowly across several 256-row flushes
    public void LossAndGradient_RisingLogits_MatchFloat64Reference(int n, float rise)
    {
        // Row k is (1 + rise k / 16) times a fixed row, so the logits rise with k and almost every group holds a
        // new maximum: the slow branch that folds the sums and rescales runs again and again.
        var random = new Random(64);
        float[] baseRow = FusionData.Uniform(random, D, 1f);
        float[] user = FusionData.Uniform(random, D, 1f);
        float[] items = new float[n * D];
        float[] noise = FusionData.Uniform(random, n * D, 0.05f);
        for (int k = 0; k < n; k++)
        {
            float scale = 1f + (rise * k / 16f);
            for (int j = 0; j < D; j++)
            {
                items[(k * D) + j] = (baseRow[j] * scale) + noise[(k * D) + j];
            }
        }

        AssertMatchesReference(items, n, user);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(257)]
    [InlineData(4099)]
    public void LossAndGradient_FallingAndFlatLogits_MatchFloat64Reference(int n)
    {
        // The largest logit first (one slow branch, then every group below it), then a flat stretch of equal rows.
        var random = new Random(n);
        float[] user = FusionData.Uniform(random, D, 1f);
        float[] items = FusionData.Uniform(random, n * D, 0.5f);
        for (int j = 0; j < D; j++)
        {
            items[j] = 8f * user[j];
        }

        for (int k = Math.Max(2, n / 2); k < n; k++)
        {
            Array.Copy(items, D, items, k * D, D);
        }

        AssertMatchesReference(items, n, user);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void LossAndGradient_NonFiniteItemInAnyGroup_ThrowsNamingTheRow(float bad)
    {
        const int n = 16 * 20 + 7;
        var random = new Random(3);
        float[] user = FusionData.Uniform(random, D, 1f);
        float[] items = FusionData.Uniform(random, n * D, 1f);
        var gradient = new float[D];

        // The first group, a later group (after the maximum has settled), the last full group and the tail.
        foreach (int row in new[] { 0, 5, 16 * 9 + 3, 16 * 19 + 15, n - 1 })
        {
            float[] badItems = (float[])items.Clone();
            badItems[(row * D) + 17] = bad;
            ArgumentException error = Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(badItems, D, user, user, 1f, gradient));
            Assert.Contains($"Item {row} ", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(3e19f)]   // the logit overflows to +infinity
    [InlineData(-3e19f)]  // +infinity and -infinity products in one row: NaN
    public void LossAndGradient_OverflowingLogitInALaterGroup_ThrowsWithExplanation(float big)
    {
        const int n = 100;
        var random = new Random(4);
        float[] user = FusionData.Uniform(random, D, 1f);
        float[] items = FusionData.Uniform(random, n * D, 1f);
        user[0] = 3e19f;
        user[1] = 3e19f;
        items[(40 * D) + 0] = 3e19f;
        items[(40 * D) + 1] = big;
        for (int k = 0; k < n; k++)
        {
            if (k != 40)
            {
                items[k * D] = 0f;
                items[(k * D) + 1] = 0f;
            }
        }

        ArgumentException error = Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(items, D, user, user, 1f, new float[D]));
        Assert.Contains("overflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LossAndGradient_TiedMaximaOfMagnitude1e4_SplitTheMass()
    {
        // Logits of +-1e4: every other row is exp(-2e4) below the maximum, which underflows to (nearly) nothing.
        const int n = 40;
        float[] items = new float[n * D];
        for (int k = 0; k < n; k++)
        {
            float value = k == 7 || k == 33 ? 1000f / 8f : -1000f / 8f;
            Array.Fill(items, value, k * D, D);
        }

        float[] user = new float[D];
        Array.Fill(user, 1.25f);
        var gradient = new float[D];
        FusionLoss loss = FusionKernel.LossAndGradient(items, D, user, new float[D], default, new FusionObjective(10f), gradient, default);
        Assert.Equal(0.5, loss.Collision, 6);
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));

        // The two maxima are equal rows, so A - S Cbar = 0.25 C_7 + 0.25 C_33 - 0.5 (0.5 C_7 + 0.5 C_33) = 0.
        Assert.All(gradient, g => Assert.Equal(2f * 1.25f, g, 3));
    }

    private static void AssertMatchesReference(float[] items, int n, float[] user)
    {
        float[] text = new float[D];
        Array.Copy(user, text, D);
        text[3] += 0.5f;
        var gradient = new float[D];
        var expected = new double[D];
        FusionLoss reference = FusionReference.LossAndGradient(items, D, FusionData.ToDouble(user), FusionData.ToDouble(text), default, 3.0, 0.0, expected);
        FusionLoss actual = FusionKernel.LossAndGradient(items, D, user, text, default, new FusionObjective(3f), gradient, default);
        Tolerance.Equal(reference.Collision, actual.Collision, 2e-5, what: $"S, n = {n}");
        Tolerance.Equal(reference.Total, actual.Total, 2e-5, what: $"L, n = {n}");
        Tolerance.Vectors(expected, gradient, 1e-4, 2e-5, $"dL/dU, n = {n}");
    }
}
