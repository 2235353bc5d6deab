// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class FusionKernelTests
{
    // U = [1,2,3,4,5], C = I_5, the specification's T: the corrected worked example of docs/math.md.
    private static readonly float[] s_identity5 =
    [
        1, 0, 0, 0, 0,
        0, 1, 0, 0, 0,
        0, 0, 1, 0, 0,
        0, 0, 0, 1, 0,
        0, 0, 0, 0, 1,
    ];

    private static readonly float[] s_exampleUser = [1, 2, 3, 4, 5];
    private static readonly float[] s_specText = [0.180f, 0.345f, 0.318f, 0.135f, 0.023f];

    [Fact]
    public void Softmax_WorkedExample_MatchesSixDigits()
    {
        var p = new float[5];
        FusionKernel.Softmax(s_exampleUser, p);
        double[] expected = [0.011656, 0.031685, 0.086129, 0.234122, 0.636409];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], p[i], 6);
        }

        Assert.Equal(0.468387, FusionKernel.CollisionProbability(s_exampleUser), 6);
    }

    [Fact]
    public void LossAndGradient_WorkedExample_MatchesCorrectedFigures()
    {
        var gradient = new float[5];
        var textGradient = new float[5];
        FusionLoss loss = FusionKernel.LossAndGradient(s_identity5, 5, s_exampleUser, s_specText, default, new FusionObjective(1f), gradient, textGradient);

        Assert.Equal(50.313303, loss.TextDistance, 5);
        Assert.Equal(0.468387, loss.Collision, 6);
        Assert.Equal(50.781690, loss.Total, 5);
        double[] expectedGradient = [1.62935, 3.28233, 5.29815, 7.62031, 10.1679];
        for (int i = 0; i < 5; i++)
        {
            Tolerance.Equal(expectedGradient[i], gradient[i], 1e-5, what: $"dL/dU[{i}]");
            Tolerance.Equal(-2.0 * (s_exampleUser[i] - s_specText[i]), textGradient[i], 1e-6, what: $"dL/dT[{i}]");
        }
    }

    [Fact]
    public void Kernels_EveryLengthOneTo257_MatchFloat64Reference()
    {
        // Every n and d in 1..257 covers every remainder of 4-, 8- and 16-lane vectors and of the 128-row (one-pass) and 256-row (two-pass) blocks.
        const int max = 257;
        var random = new Random(20261129);
        float[] pool = FusionData.Uniform(random, max * max, 1f);
        float[] userPool = FusionData.Uniform(random, max, 1f);
        var scratch = new float[max];
        var oneGradient = new float[max];
        var twoGradient = new float[max];
        var referenceGradient = new double[max];
        for (int d = 1; d <= max; d++)
        {
            float scale = MathF.Sqrt(3f / d);
            float[] user = new float[d];
            for (int j = 0; j < d; j++)
            {
                user[j] = userPool[j] * 3f * scale;
            }

            // T = U makes the gradient exactly the penalty term, so its error is not hidden by 2 (U - T).
            double[] userDouble = FusionData.ToDouble(user);
            for (int n = 1; n <= max; n++)
            {
                ReadOnlySpan<float> items = pool.AsSpan(0, n * d);
                FusionLoss reference = FusionReference.LossAndGradient(items, d, userDouble, userDouble, default, 4.0, 0.0, referenceGradient.AsSpan(0, d));
                FusionLoss one = FusionKernel.LossAndGradient(items, d, user, user, default, new FusionObjective(4f), oneGradient.AsSpan(0, d), default);
                FusionLoss two = FusionKernel.LossAndGradientTwoPass(items, d, user, user, default, new FusionObjective(4f), twoGradient.AsSpan(0, d), default, scratch);
                string where = $"n={n} d={d}";
                Tolerance.Equal(reference.Collision, one.Collision, 2e-5, what: "one-pass S " + where);
                Tolerance.Equal(reference.Collision, two.Collision, 2e-5, what: "two-pass S " + where);
                Tolerance.Equal(reference.Total, one.Total, 2e-5, what: "one-pass L " + where);
                Tolerance.Equal(reference.Total, two.Total, 2e-5, what: "two-pass L " + where);
                double absolute = 2e-6 * 4.0 * scale;
                Tolerance.Vectors(referenceGradient.AsSpan(0, d), oneGradient.AsSpan(0, d), 1e-4, absolute, "one-pass dL/dU " + where);
                Tolerance.Vectors(referenceGradient.AsSpan(0, d), twoGradient.AsSpan(0, d), 1e-4, absolute, "two-pass dL/dU " + where);
            }
        }

    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 70, 5)]
    [InlineData(4, 64, 64)]
    [InlineData(5, 200, 17)]
    [InlineData(13, 257, 33)]
    [InlineData(33, 1000, 64)]
    public void LossAndGradientBatch_EqualsSingleCalls_ForAnyThreadCount(int b, int n, int d)
    {
        var random = new Random((b * 7919) + (n * 31) + d);
        float[] items = FusionData.Uniform(random, n * d, MathF.Sqrt(3f / d));
        float[] users = FusionData.Uniform(random, b * d, 4f * MathF.Sqrt(3f / d));
        float[] texts = FusionData.Uniform(random, b * d, 1f);
        float[] anchors = FusionData.Uniform(random, b * d, 1f);
        var objective = new FusionObjective(3f, 0.5f);

        float[]? firstGradients = null;
        FusionLoss[]? firstLosses = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var gradients = new float[b * d];
            var losses = new FusionLoss[b];
            FusionKernel.LossAndGradientBatch(items, d, users, texts, anchors, objective, gradients, losses, threads);
            if (firstGradients is null)
            {
                firstGradients = gradients;
                firstLosses = losses;
                var single = new float[d];
                for (int i = 0; i < b; i++)
                {
                    FusionLoss expected = FusionKernel.LossAndGradient(
                        items, d, users.AsSpan(i * d, d), texts.AsSpan(i * d, d), anchors.AsSpan(i * d, d), objective, single, default);
                    Tolerance.Equal(expected.Total, losses[i].Total, 1e-5, what: $"loss of user {i}");
                    Tolerance.Equal(expected.Collision, losses[i].Collision, 1e-5, what: $"S of user {i}");
                    Tolerance.Vectors(FusionData.ToDouble(single), gradients.AsSpan(i * d, d), 1e-5, 1e-6, $"gradient of user {i}");
                }
            }
            else
            {
                // Deterministic: bitwise the same whatever the thread count.
                Assert.Equal(firstGradients, gradients);
                Assert.Equal(firstLosses, losses);
            }
        }
    }

    [Fact]
    public void LossAndGradient_ExtremeButValidInputs_StayFinite()
    {
        // Logits of magnitude 1e4, zero vectors and duplicate items.
        const int d = 8;
        float[] items = new float[6 * d];
        for (int j = 0; j < d; j++)
        {
            items[j] = 1000f;
            items[d + j] = -1000f;
            items[(2 * d) + j] = 1000f; // duplicate of item 0
        }

        float[] user = new float[d];
        Array.Fill(user, 1.25f);       // logits +-1e4
        float[] zero = new float[d];
        var gradient = new float[d];
        var scratch = new float[6];

        FusionLoss loss = FusionKernel.LossAndGradient(items, d, user, zero, default, new FusionObjective(10f), gradient, default);
        Assert.True(double.IsFinite(loss.Total));
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        Assert.Equal(0.5, loss.Collision, 6);   // two tied maxima share the mass

        loss = FusionKernel.LossAndGradientTwoPass(items, d, user, zero, default, new FusionObjective(10f), gradient, default, scratch);
        Assert.Equal(0.5, loss.Collision, 6);

        loss = FusionKernel.LossAndGradient(items, d, zero, zero, default, new FusionObjective(10f), gradient, default);
        Assert.Equal(1.0 / 6, loss.Collision, 6); // a zero profile sees a uniform softmax
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void Softmax_LogitsOfMagnitude1e30_NoNaN()
    {
        float[] logits = [1e30f, -1e30f, 0f, 1e30f, 3f];
        var p = new float[logits.Length];
        FusionKernel.Softmax(logits, p);
        Assert.Equal([0.5f, 0f, 0f, 0.5f, 0f], p);
        Assert.Equal(0.5, FusionKernel.CollisionProbability(logits), 12);
    }

    [Fact]
    public void LossAndGradient_BadArguments_ThrowNamingTheArgument()
    {
        float[] items = new float[12];
        float[] v3 = new float[3];
        float[] v2 = new float[2];
        var g3 = new float[3];
        var objective = new FusionObjective(1f);

        Assert.Throws<ArgumentOutOfRangeException>("dimensions", () => FusionKernel.LossAndGradient(items, 0, v3, v3, 1f, g3));
        Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient([], 3, v3, v3, 1f, g3));
        Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(new float[10], 3, v3, v3, 1f, g3));
        Assert.Throws<ArgumentException>("user", () => FusionKernel.LossAndGradient(items, 3, v2, v3, 1f, g3));
        Assert.Throws<ArgumentException>("text", () => FusionKernel.LossAndGradient(items, 3, v3, v2, 1f, g3));
        Assert.Throws<ArgumentException>("userGradient", () => FusionKernel.LossAndGradient(items, 3, v3, v3, 1f, new float[2]));
        Assert.Throws<ArgumentException>("textGradient", () => FusionKernel.LossAndGradient(items, 3, v3, v3, default, objective, g3, new float[2]));
        Assert.Throws<ArgumentException>("anchor", () => FusionKernel.LossAndGradient(items, 3, v3, v3, default, new FusionObjective(1f, 0.5f), g3, default));
        Assert.Throws<ArgumentException>("anchor", () => FusionKernel.LossAndGradient(items, 3, v3, v3, v2, objective, g3, default));
        Assert.Throws<ArgumentException>("logitScratch", () => FusionKernel.LossAndGradientTwoPass(items, 3, v3, v3, default, objective, g3, default, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>("lambda", () => new FusionObjective(float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("lambda", () => new FusionObjective(-1f));
        Assert.Throws<ArgumentOutOfRangeException>("alpha", () => new FusionObjective(1f, float.PositiveInfinity));
        Assert.Throws<ArgumentException>("logits", () => FusionKernel.Softmax([], new float[1]));
        Assert.Throws<ArgumentException>("destination", () => FusionKernel.Softmax([1f, 2f], new float[1]));
        Assert.Throws<ArgumentException>("logits", () => FusionKernel.CollisionProbability([]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Kernels_NonFiniteInput_ThrowNamingTheArgument(float bad)
    {
        const int d = 5, n = 70;
        var random = new Random(5);
        float[] user = FusionData.Uniform(random, d, 1f);
        float[] text = FusionData.Uniform(random, d, 1f);
        var gradient = new float[d];
        var objective = new FusionObjective(1f);

        float[] badVector = (float[])user.Clone();
        badVector[3] = bad;
        float[] items = FusionData.Uniform(random, n * d, 1f);
        Assert.Throws<ArgumentException>("user", () => FusionKernel.LossAndGradient(items, d, badVector, text, 1f, gradient));
        Assert.Throws<ArgumentException>("text", () => FusionKernel.LossAndGradient(items, d, user, badVector, 1f, gradient));
        Assert.Throws<ArgumentException>("anchor", () => FusionKernel.LossAndGradient(items, d, user, text, badVector, objective, gradient, default));

        // A bad item anywhere, in any block, is reported by every kernel with its row.
        foreach (int at in new[] { 0, 3, (66 * d) + 2, (n * d) - 1 })
        {
            float[] badItems = (float[])items.Clone();
            badItems[at] = bad;
            ArgumentException one = Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(badItems, d, user, text, 1f, gradient));
            Assert.Contains($"Item {at / d} ", one.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradientTwoPass(badItems, d, user, text, default, objective, gradient, default, new float[n]));
            Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradientBatch(badItems, d, user, text, default, objective, new float[d], new FusionLoss[1]));
        }
    }

    [Fact]
    public void LossAndGradient_OverflowingLogits_ThrowsWithExplanation()
    {
        float[] items = [3e19f, 1f, -3e19f, 1f];
        float[] user = [3e19f, 0f];
        ArgumentException error = Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(items, 2, user, user, 1f, new float[2]));
        Assert.Contains("overflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LossAndGradientBatch_BadArguments_ThrowNamingTheArgument()
    {
        float[] items = new float[12];
        float[] users = new float[6];
        var objective = new FusionObjective(1f);
        Assert.Throws<ArgumentException>("users", () => FusionKernel.LossAndGradientBatch(items, 3, Array.Empty<float>(), users, default, objective, new float[6], new FusionLoss[2]));
        Assert.Throws<ArgumentException>("texts", () => FusionKernel.LossAndGradientBatch(items, 3, users, new float[3], default, objective, new float[6], new FusionLoss[2]));
        Assert.Throws<ArgumentException>("anchors", () => FusionKernel.LossAndGradientBatch(items, 3, users, users, default, new FusionObjective(1f, 1f), new float[6], new FusionLoss[2]));
        Assert.Throws<ArgumentException>("userGradients", () => FusionKernel.LossAndGradientBatch(items, 3, users, users, default, objective, new float[5], new FusionLoss[2]));
        Assert.Throws<ArgumentException>("losses", () => FusionKernel.LossAndGradientBatch(items, 3, users, users, default, objective, new float[6], new FusionLoss[1]));
        Assert.Throws<ArgumentOutOfRangeException>("maxDegreeOfParallelism", () => FusionKernel.LossAndGradientBatch(items, 3, users, users, default, objective, new float[6], new FusionLoss[2], 0));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(700)] // above the stack limit: scratch comes from the pool
    public void SingleUserKernels_AfterWarmUp_AllocateNothing(int d)
    {
        const int n = 300;
        var random = new Random(1);
        float[] items = FusionData.Uniform(random, n * d, 0.1f);
        float[] user = FusionData.Uniform(random, d, 1f);
        var gradient = new float[d];
        var scratch = new float[n];
        var objective = new FusionObjective(1f);
        for (int i = 0; i < 3; i++)
        {
            FusionKernel.LossAndGradient(items, d, user, user, default, objective, gradient, default);
            FusionKernel.LossAndGradientTwoPass(items, d, user, user, default, objective, gradient, default, scratch);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            FusionKernel.LossAndGradient(items, d, user, user, default, objective, gradient, default);
            FusionKernel.LossAndGradientTwoPass(items, d, user, user, default, objective, gradient, default, scratch);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
