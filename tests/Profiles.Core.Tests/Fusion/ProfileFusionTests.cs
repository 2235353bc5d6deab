// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

[Trait("Category", "Numerics")]
public class ProfileFusionTests
{
    [Property(MaxTest = 60)]
    public Property Fuse_LambdaZeroAlphaZero_ReachesTheTextProfile() =>
        Prop.ForAll(FusionData.Case(100, 40, 3f).ToArbitrary(), c =>
        {
            var fusion = new ProfileFusion(new ProfileFusionOptions { Lambda = 0f, Alpha = 0f });
            FusionResult result = fusion.Fuse(c.Items, c.D, c.Text, c.Anchor);
            float[] u = result.Vector.ToArray();
            return Enumerable.Range(0, c.D).All(j => Math.Abs(u[j] - c.Text[j]) <= 1e-5f).Label($"{c}: {result.StopReason}");
        });

    [Property(MaxTest = 60)]
    public Property Fuse_LambdaZeroAlphaPositive_ReachesTheWeightedMean() =>
        Prop.ForAll(FusionData.Case(100, 40, 3f).ToArbitrary(), FusionData.FloatIn(0.05f, 5f).ToArbitrary(), (c, alpha) =>
        {
            var fusion = new ProfileFusion(new ProfileFusionOptions { Lambda = 0f, Alpha = alpha });
            FusionResult result = fusion.Fuse(c.Items, c.D, c.Text, c.Anchor);
            float[] u = result.Vector.ToArray();
            return Enumerable.Range(0, c.D)
                .All(j => Math.Abs(u[j] - (((alpha * c.Anchor[j]) + c.Text[j]) / (1f + alpha))) <= 1e-5f)
                .Label($"{c} alpha={alpha}: {result.StopReason}");
        });

    [Property(MaxTest = 80)]
    public Property Fuse_LossTraceNeverIncreases() =>
        Prop.ForAll(FusionData.Case(300, 32, 8f).ToArbitrary(), c =>
        {
            var fusion = new ProfileFusion(new ProfileFusionOptions { Lambda = c.Lambda * 5f, Alpha = c.Alpha, MaxIterations = 40 });
            FusionResult result = fusion.Fuse(c.Items, c.D, c.Text, c.Anchor);
            IReadOnlyList<double> trace = result.LossTrace;
            bool monotone = Enumerable.Range(1, trace.Count - 1).All(k => trace[k] <= trace[k - 1]);
            return (monotone && trace.All(double.IsFinite) && result.Loss <= trace[0]).Label($"{c}: {string.Join(", ", trace)}");
        });

    [Fact]
    public void Fuse_WithPenalty_SpreadsTheSoftmaxAndConverges()
    {
        FusionCase c = FusionCase.Create(n: 500, d: 16, seed: 7, lambda: 50f, alpha: 0f, logitScale: 10f);
        var fusion = new ProfileFusion(new ProfileFusionOptions { Lambda = 50f, MaxIterations = 500 });
        FusionResult result = fusion.Fuse(c.Items, c.D, c.Text, c.User);

        var gradient = new float[c.D];
        FusionLoss start = FusionKernel.LossAndGradient(c.Items, c.D, c.User, c.Text, 50f, gradient);
        FusionLoss end = FusionKernel.LossAndGradient(c.Items, c.D, result.Vector.Span, c.Text, 50f, gradient);
        Assert.True(end.Total < start.Total * 0.5, $"loss {start.Total} -> {end.Total}");
        Assert.Equal(end.Total, result.Loss, 5);
        Assert.NotEqual(FusionStopReason.MaxIterations, result.StopReason);

        // At the minimiser the gradient is (nearly) zero.
        Assert.True(result.GradientNorm < 1e-2, $"gradient norm {result.GradientNorm} ({result.StopReason})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FuseBatch_EqualsFuseOnePersonAtATime(int threads)
    {
        const int count = 37, d = 24, n = 800;
        var random = new Random(99);
        float[] items = FusionData.Uniform(random, n * d, MathF.Sqrt(3f / d));
        float[] texts = FusionData.Uniform(random, count * d, 1f);
        float[] behaviours = FusionData.Uniform(random, count * d, 4f * MathF.Sqrt(3f / d));
        var options = new ProfileFusionOptions { Lambda = 20f, Alpha = 0.3f, BatchSize = 16, MaxDegreeOfParallelism = threads };
        var fusion = new ProfileFusion(options);
        var progress = new List<FusionProgress>();

        IReadOnlyList<FusionResult> batch = fusion.FuseBatch(items, d, texts, behaviours, new SynchronousProgress<FusionProgress>(progress.Add));

        Assert.Equal(count, batch.Count);
        Assert.Equal([new FusionProgress(16, count), new FusionProgress(32, count), new FusionProgress(37, count)], progress);
        for (int i = 0; i < count; i++)
        {
            FusionResult single = fusion.Fuse(items, d, texts.AsMemory(i * d, d), behaviours.AsMemory(i * d, d));
            Tolerance.Equal(single.Loss, batch[i].Loss, 1e-4, 1e-6, $"loss of person {i}");
            Tolerance.Vectors(FusionData.ToDouble(single.Vector.Span), batch[i].Vector.Span, 2e-3, 1e-4, $"vector of person {i}");
        }
    }

    [Fact]
    public void FuseBatch_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var fusion = new ProfileFusion();
        Assert.Throws<OperationCanceledException>(() => fusion.FuseBatch(new float[8], 2, new float[4], new float[4], null, cts.Token));
    }

    [Fact]
    public void FuseBatch_BadArguments_ThrowNamingTheArgument()
    {
        var fusion = new ProfileFusion();
        Assert.Throws<ArgumentOutOfRangeException>("dimensions", () => fusion.FuseBatch(new float[8], 0, new float[4], new float[4]));
        Assert.Throws<ArgumentException>("items", () => fusion.FuseBatch(Array.Empty<float>(), 2, new float[4], new float[4]));
        Assert.Throws<ArgumentException>("texts", () => fusion.FuseBatch(new float[8], 2, new float[3], new float[3]));
        Assert.Throws<ArgumentException>("behaviours", () => fusion.FuseBatch(new float[8], 2, new float[4], new float[2]));
        Assert.Throws<ArgumentException>("behaviours", () => fusion.FuseBatch(new float[8], 2, new float[4], new[] { 0f, float.NaN, 0f, 0f }));
        Assert.Throws<ArgumentException>("text", () => fusion.Fuse(new float[8], 2, new float[3], new float[2]));
    }

    [Fact]
    public void Options_InvalidValues_Throw_AndCloneCopiesEverything()
    {
        var options = new ProfileFusionOptions();
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.Lambda = -1f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.Alpha = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxIterations = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.InitialStepSize = 0d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.ArmijoConstant = 1d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BacktrackFactor = 0d);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxBacktracks = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.GradientTolerance = double.PositiveInfinity);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.BatchSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxDegreeOfParallelism = 0);

        options.Lambda = 3f;
        options.Alpha = 0.5f;
        options.MaxIterations = 7;
        options.InitialStepSize = 0.1;
        options.BatchSize = 9;
        options.MaxDegreeOfParallelism = 1;
        ProfileFusionOptions copy = new ProfileFusion(options).Options;
        options.Lambda = 9f;
        Assert.Equal(3f, copy.Lambda);
        Assert.Equal(0.5f, copy.Alpha);
        Assert.Equal(7, copy.MaxIterations);
        Assert.Equal(0.1, copy.InitialStepSize);
        Assert.Equal(9, copy.BatchSize);
        Assert.Equal(1, copy.MaxDegreeOfParallelism);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
