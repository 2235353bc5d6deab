// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// Seeded benchmark data shaped like the peers' (../shared/peers/loss_grad.py): items N(0, 1/d) so rows have norm
/// about 1, users N(0, 4) so logits are about N(0, 4) and the softmax is neither flat nor one-hot, texts N(0, 1).
/// </summary>
public static class PeerData
{
    public static (float[] Items, float[] User, float[] Text) OneUser(int n, int d, int seed)
    {
        var random = new Random(seed);
        return (Normal(random, n * d, 1f / MathF.Sqrt(d)), Normal(random, d, 2f), Normal(random, d, 1f));
    }

    public static (float[] Items, float[] Users, float[] Texts) Batched(int b, int n, int d, int seed)
    {
        var random = new Random(seed);
        return (Normal(random, n * d, 1f / MathF.Sqrt(d)), Normal(random, b * d, 2f), Normal(random, b * d, 1f));
    }

    private static float[] Normal(Random random, int length, float scale)
    {
        var values = new float[length];
        for (int i = 0; i < length; i += 2)
        {
            // Box-Muller: two normals per pair of uniforms.
            double u1 = 1d - random.NextDouble();
            double u2 = random.NextDouble();
            double r = Math.Sqrt(-2d * Math.Log(u1));
            values[i] = (float)(r * Math.Cos(2d * Math.PI * u2)) * scale;
            if (i + 1 < length)
            {
                values[i + 1] = (float)(r * Math.Sin(2d * Math.PI * u2)) * scale;
            }
        }

        return values;
    }
}
