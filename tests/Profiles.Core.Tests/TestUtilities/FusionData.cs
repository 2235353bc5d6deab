// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using FsCheck;
using FsCheck.Fluent;

namespace Profiles.Core.Tests;

/// <summary>Seeded test data and FsCheck generators for the fusion kernels.</summary>
internal static class FusionData
{
    /// <summary>Returns <paramref name="length"/> uniform floats in [-scale, scale] from a seeded generator.</summary>
    public static float[] Uniform(Random random, int length, float scale)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = ((random.NextSingle() * 2f) - 1f) * scale;
        }

        return values;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    /// <summary>A float drawn uniformly from [lo, hi] (a million steps).</summary>
    public static Gen<float> FloatIn(float lo, float hi) =>
        Gen.Choose(0, 1_000_000).Select(i => (float)(lo + ((hi - lo) * (i / 1_000_000.0))));

    /// <summary>Arrays of length in [minLength, maxLength] with elements in [-scale, scale].</summary>
    public static Gen<float[]> Vector(int minLength, int maxLength, float scale) =>
        from n in Gen.Choose(minLength, maxLength)
        from xs in Gen.ArrayOf(FloatIn(-scale, scale), n)
        select xs;

    /// <summary>A fusion problem: items (n x d), user, text, anchor, lambda, alpha.</summary>
    public static Gen<FusionCase> Case(int maxItems, int maxDimensions, float logitScale) =>
        from n in Gen.Choose(1, maxItems)
        from d in Gen.Choose(1, maxDimensions)
        from seed in Gen.Choose(0, int.MaxValue)
        from lambda in FloatIn(0f, 20f)
        from alpha in FloatIn(0f, 3f)
        select FusionCase.Create(n, d, seed, lambda, alpha, logitScale);
}

/// <summary>One seeded fusion problem.</summary>
internal sealed record FusionCase(int N, int D, float[] Items, float[] User, float[] Text, float[] Anchor, float Lambda, float Alpha, int Seed)
{
    public static FusionCase Create(int n, int d, int seed, float lambda, float alpha, float logitScale)
    {
        var random = new Random(seed);

        // Items of norm about 1 and a user of norm about logitScale, so that logits are of order logitScale.
        float[] items = FusionData.Uniform(random, n * d, MathF.Sqrt(3f / d));
        float[] user = FusionData.Uniform(random, d, logitScale * MathF.Sqrt(3f / d));
        float[] text = FusionData.Uniform(random, d, 1f);
        float[] anchor = FusionData.Uniform(random, d, 1f);
        return new FusionCase(n, d, items, user, text, anchor, lambda, alpha, seed);
    }

    public FusionObjective Objective => new(Lambda, Alpha);

    public FusionLoss Reference(Span<double> gradient) =>
        FusionReference.LossAndGradient(Items, D, FusionData.ToDouble(User), FusionData.ToDouble(Text), FusionData.ToDouble(Anchor), Lambda, Alpha, gradient);

    public override string ToString() => $"n={N} d={D} lambda={Lambda} alpha={Alpha} seed={Seed}";
}
