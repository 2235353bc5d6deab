// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Extreme but valid inputs (huge logits, values near <see cref="float.MaxValue"/>, zero vectors, duplicate rows,
/// empty profiles) never make a kernel, trainer or recommender return NaN or infinity. The kernel-level tests carry the
/// Numerics category, so CI reruns them on every SIMD width down to the scalar path.</summary>
public class ExtremeNumericsTests
{
    private const int D = 8;

    public static TheoryData<string> ItemMatrices => ["zero", "duplicate-rows", "logits-1e4", "logits-minus-1e4", "one-hot-3e19", "mixed-zero-and-huge"];

    [Trait("Category", "Numerics")]
    [Theory]
    [InlineData(1e4f)]
    [InlineData(-1e4f)]
    [InlineData(3e38f)]
    [InlineData(float.MaxValue)]
    public void Softmax_ExtremeLogits_FiniteAndSumsToOne(float magnitude)
    {
        float[][] cases =
        [
            [magnitude, -magnitude, 0f, magnitude / 2],
            [magnitude, magnitude, magnitude],
            [-magnitude, -float.MaxValue, float.MaxValue],
            [0f],
        ];
        foreach (float[] logits in cases)
        {
            float[] p = new float[logits.Length];
            FusionKernel.Softmax(logits, p);
            AssertFinite(p, "softmax");
            Assert.Equal(1d, p.Sum(x => (double)x), 5);
            double s = FusionKernel.CollisionProbability(logits);
            Assert.True(double.IsFinite(s) && s >= (1d / logits.Length) - 1e-6 && s <= 1d + 1e-6, $"S = {s}");
        }
    }

    [Trait("Category", "Numerics")]
    [Theory]
    [MemberData(nameof(ItemMatrices))]
    public void LossAndGradient_ExtremeItemMatrices_AllKernelsFinite(string name)
    {
        float[] items = Items(name, n: 300);
        float[] user = Vector(0.5f, 1f);
        float[] text = Vector(-0.25f, 1f);
        float[] anchor = new float[D];
        var objective = new FusionObjective(lambda: 2f, alpha: 0.5f);

        float[] gradient = new float[D], textGradient = new float[D], scratch = new float[300];
        FusionLoss one = FusionKernel.LossAndGradient(items, D, user, text, anchor, objective, gradient, textGradient);
        AssertFinite(one, gradient, textGradient);
        FusionLoss two = FusionKernel.LossAndGradientTwoPass(items, D, user, text, anchor, objective, gradient, textGradient, scratch);
        AssertFinite(two, gradient, textGradient);
        double[] referenceGradient = new double[D];
        FusionLoss reference = FusionReference.LossAndGradient(items, D, [.. user.Select(x => (double)x)], [.. text.Select(x => (double)x)],
            [.. anchor.Select(x => (double)x)], objective.Lambda, objective.Alpha, referenceGradient);
        AssertFinite(reference, [.. referenceGradient.Select(x => (float)x)], []);
        Assert.Equal(reference.Total, one.Total, Math.Max(1e-3, Math.Abs(reference.Total) * 1e-4));

        float[] users = [.. user, .. new float[D], .. Vector(1e4f, 1f)];
        float[] texts = [.. text, .. new float[D], .. Vector(-1e4f, 1f)];
        float[] anchors = [.. anchor, .. new float[D], .. Vector(1e4f, -1f)];
        float[] gradients = new float[users.Length];
        var losses = new FusionLoss[3];
        FusionKernel.LossAndGradientBatch(items, D, users, texts, anchors, objective, gradients, losses, maxDegreeOfParallelism: 1);
        AssertFinite(gradients, "batch gradients");
        Assert.All(losses, l => AssertFinite(l, [], []));
    }

    [Trait("Category", "Numerics")]
    [Fact]
    public void LossAndGradient_ProfilesNearFloatMax_FiniteWhileTheMathIsRepresentable()
    {
        // U, T and B near float.MaxValue; items small enough that every logit stays finite (about 2.4e4).
        float[] items = new float[50 * D];
        Array.Fill(items, 1e-35f);
        items[0] = -1e-35f;
        float[] user = Vector(3e38f, 3e38f), text = Vector(3e38f, 3e38f), anchor = Vector(1e38f, 1e38f);
        var objective = new FusionObjective(lambda: 1f, alpha: 0.5f);
        float[] gradient = new float[D], textGradient = new float[D], scratch = new float[50];
        AssertFinite(FusionKernel.LossAndGradient(items, D, user, text, anchor, objective, gradient, textGradient), gradient, textGradient);
        AssertFinite(FusionKernel.LossAndGradientTwoPass(items, D, user, text, anchor, objective, gradient, textGradient, scratch), gradient, textGradient);
        float[] gradients = new float[D];
        var losses = new FusionLoss[1];
        FusionKernel.LossAndGradientBatch(items, D, user, text, anchor, objective, gradients, losses, maxDegreeOfParallelism: 1);
        AssertFinite(losses[0], gradients, []);
        Assert.Equal(2e38f, gradients[1], 2e33f); // 2 alpha (U - B)
    }

    [Trait("Category", "Numerics")]
    [Fact]
    public void LossAndGradient_UnrepresentableResult_ThrowsNamingTheOverflowInsteadOfReturningInfinity()
    {
        float[] items = new float[4 * D];
        float[] gradient = new float[D], textGradient = new float[D];
        ArgumentException ex = Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(
            items, D, Vector(3e38f, 0f), Vector(-3e38f, 0f), [], new FusionObjective(1f), gradient, textGradient));
        Assert.Contains("U - T", ex.Message, StringComparison.Ordinal);

        float[] logits = new float[4 * D];
        Array.Fill(logits, 3e38f);
        Assert.Throws<ArgumentException>("items", () => FusionKernel.LossAndGradient(
            logits, D, Vector(3e38f, 3e38f), Vector(3e38f, 3e38f), [], new FusionObjective(1f), gradient, textGradient));
    }

    [Trait("Category", "Numerics")]
    [Theory]
    [MemberData(nameof(ItemMatrices))]
    public void Fuse_ExtremeItemsAndZeroProfiles_FiniteVectorAndTrace(string name)
    {
        float[] items = Items(name, n: 64);
        var fusion = new ProfileFusion();
        foreach ((float[] text, float[] behaviour) in new[]
        {
            (new float[D], new float[D]),
            (Vector(1e4f, 0f), new float[D]),
            (new float[D], Vector(-1e4f, 0f)),
        })
        {
            FusionResult result = fusion.Fuse(items, D, text, behaviour);
            AssertFinite(result.Vector.Span, "fused vector");
            Assert.All(result.LossTrace, l => Assert.True(double.IsFinite(l), $"loss {l}"));
            Assert.True(double.IsFinite(result.GradientNorm), $"gradient norm {result.GradientNorm}");
        }
    }

    [Trait("Category", "Numerics")]
    [Theory]
    [InlineData(ScoreNormalization.MinMax)]
    [InlineData(ScoreNormalization.ZScore)]
    public void ScoreNormalizer_ExtremeAndDegenerateScores_Finite(ScoreNormalization normalization)
    {
        float[][] cases =
        [
            [float.MaxValue, -float.MaxValue, 0f, 1f],
            [3e38f, 3e38f, 3e38f],
            [0f, 0f, 0f],
            [float.NaN, float.PositiveInfinity, float.NegativeInfinity],
            [1e30f, 1e30f * (1 + 1e-7f), float.NaN, 1e30f],
            [float.Epsilon, -float.Epsilon, 0f],
        ];
        foreach (float[] scores in cases)
        {
            bool[] eligible = [.. scores.Select((_, i) => i != 1 || scores.Length < 4)];
            float[] copy = (float[])scores.Clone();
            ScoreNormalizer.Normalize(copy, eligible, normalization);
            AssertFinite(copy, $"{normalization} of [{string.Join(", ", scores)}]");
            if (normalization == ScoreNormalization.MinMax)
            {
                Assert.All(copy, s => Assert.InRange(s, 0f, 1f));
            }
        }
    }

    [Trait("Category", "Numerics")]
    [Fact]
    public void NearestNeighbors_ZeroAndIdenticalRows_FiniteSimilarities()
    {
        float[] vectors = new float[12 * D];
        for (int r = 6; r < 12; r++)
        {
            vectors[(r * D) + 1] = r < 9 ? 3e38f : 1e-30f; // identical huge rows, then identical tiny rows
        }

        NeighborList list = new NearestNeighbors(new NearestNeighborsOptions { Neighbors = 5, MaxDegreeOfParallelism = 1 }).Search(vectors, D);
        AssertFinite(list.Similarities.Span, "cosine similarities");
        Assert.All(list.Similarities.ToArray(), s => Assert.InRange(s, -1.0001f, 1.0001f));
        Assert.Equal(1f, list.SimilaritiesOf(6)[0], 4); // an identical huge row is a perfect match, not an overflow
    }

    [Trait("Category", "Numerics")]
    [Fact]
    public void KMeans_AllIdenticalPoints_FiniteCentroidsAndInertia()
    {
        float[] data = new float[50 * D];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (i % D) == 2 ? 1e4f : 0f;
        }

        foreach (float[] points in new[] { data, new float[50 * D] })
        {
            KMeansModel model = new KMeansTrainer(new KMeansOptions { Clusters = 4, Seed = 1, MaxDegreeOfParallelism = 1 }).Fit(points, D);
            AssertFinite(model.Centroids.Span, "centroids");
            Assert.All(model.InertiaHistory, h => Assert.True(double.IsFinite(h), $"inertia {h}"));
            Assert.Equal(0d, model.Inertia, 6);
            Assert.InRange(model.Assign(points.AsSpan(0, D)), 0, model.Clusters - 1);
        }
    }

    [Trait("Category", "Numerics")]
    [Fact]
    public void TextProjection_ZeroEmbeddingsOrConstantFactors_FiniteWeightsAndRSquared()
    {
        var random = new Random(5);
        float[] embeddings = new float[40 * 6];
        float[] factors = new float[40 * D];
        for (int i = 0; i < factors.Length; i++)
        {
            factors[i] = (float)random.NextDouble();
        }

        foreach ((float[] x, float[] y) in new[] { (embeddings, factors), (Fill(40 * 6, random), new float[40 * D]), (new float[40 * 6], new float[40 * D]) })
        {
            TextProjection projection = new TextProjectionTrainer().Fit(x, 6, y, D);
            AssertFinite(projection.Weights.Span, "weights");
            AssertFinite(projection.Bias.Span, "bias");
            Assert.True(double.IsFinite(projection.TrainingRSquared), $"R² {projection.TrainingRSquared}");
            AssertFinite(projection.Project(new float[6]), "projection of a zero embedding");
            AssertFinite(projection.Project(Fill(6, random, 1e4f)), "projection of a huge embedding");
        }
    }

    [Fact]
    public async Task Recommenders_EmptyZeroAndHugeProfiles_FiniteScores()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        ProfileModel model = built.Model;
        int rank = model.Factors.Rank;
        var components = new ModelRecommender[]
        {
            new PopularityRecommender(model), new ItemKnnRecommender(model), new EaseRecommender(model), new FactorRecommender(model),
            new SoftmaxRecommender(model),
        };
        var recommenders = new List<IRecommender>(components) { new HybridRecommender(components, [1, 1, 1, 1, 1]) };
        UserProfile donor = RecommendationData.WithHistory(model, 3)[0];
        UserProfile[] profiles =
        [
            new(new PersonId(900_001)),
            new(new PersonId(900_002)) { BehaviourVector = new float[rank], TextVector = new float[rank], FusedVector = new float[rank] },
            new(new PersonId(900_003)) { BehaviourVector = Scaled(rank, 1e4f) },
            new(new PersonId(900_004)) { BehaviourVector = Scaled(rank, -1e4f), TextVector = Scaled(rank, 1e4f) },
            new(new PersonId(900_005)) { BehaviourVector = Scaled(rank, 3e38f) },
            donor with { BehaviourVector = Scaled(rank, 1e4f) },
            donor with { BehaviourVector = new float[rank] },
        ];

        foreach (IRecommender recommender in recommenders)
        {
            foreach (UserProfile profile in profiles)
            {
                RecommendationList list = await recommender.RecommendAsync(profile);
                Assert.All(list, r => Assert.True(float.IsFinite(r.Score), $"{list.Recommender} scored {r.Item} {r.Score} for {profile.Person}"));
                Assert.NotEmpty(list);
            }
        }

        var softmax = (SoftmaxRecommender)components[4];
        float[] probabilities = new float[model.Matrix.Items.Count];
        softmax.Probabilities(donor with { BehaviourVector = Scaled(rank, 1e4f) }, probabilities);
        AssertFinite(probabilities, "softmax probabilities");
        Assert.Equal(1d, probabilities.Sum(p => (double)p), 4);
    }

    private static float[] Items(string name, int n)
    {
        float[] items = new float[n * D];
        switch (name)
        {
            case "zero":
                break;
            case "duplicate-rows":
                for (int j = 0; j < n; j++)
                {
                    for (int k = 0; k < D; k++)
                    {
                        items[(j * D) + k] = 0.1f * (k + 1);
                    }
                }

                break;
            case "logits-1e4":
            case "logits-minus-1e4":
                // U = 0.5 everywhere, so a row of 2500 / D... gives a logit of +-1e4 for one item and 0 for the others.
                float sign = name == "logits-1e4" ? 1f : -1f;
                for (int k = 0; k < D; k++)
                {
                    items[k] = sign * 2e4f / D;
                }

                break;
            case "one-hot-3e19":
                for (int j = 0; j < n; j++)
                {
                    items[(j * D) + (j % D)] = j % 2 == 0 ? 3e19f : -3e19f;
                }

                break;
            default:
                for (int j = 0; j < n; j += 3)
                {
                    items[(j * D) + 3] = 1e18f;
                }

                break;
        }

        return items;
    }

    private static float[] Vector(float first, float rest)
    {
        float[] v = new float[D];
        Array.Fill(v, rest);
        v[0] = first;
        return v;
    }

    private static float[] Scaled(int length, float value)
    {
        float[] v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = i % 2 == 0 ? value : value / 3;
        }

        return v;
    }

    private static float[] Fill(int length, Random random, float scale = 1f)
    {
        float[] v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (float)((random.NextDouble() - 0.5) * scale);
        }

        return v;
    }

    private static void AssertFinite(ReadOnlySpan<float> values, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(float.IsFinite(values[i]), $"{what}[{i}] = {values[i]}");
        }
    }

    private static void AssertFinite(FusionLoss loss, float[] gradient, float[] textGradient)
    {
        Assert.True(double.IsFinite(loss.Total) && double.IsFinite(loss.TextDistance) && double.IsFinite(loss.AnchorDistance) && double.IsFinite(loss.Collision),
            loss.ToString());
        AssertFinite(gradient, "user gradient");
        AssertFinite(textGradient, "text gradient");
    }
}
