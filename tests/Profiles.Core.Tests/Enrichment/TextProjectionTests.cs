// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class TextProjectionTests
{
    /// <summary>Embeddings <c>X</c> (n x e) and factors <c>Y = X A + b</c> for a known map <c>A</c> (e x f) and offset <c>b</c>.</summary>
    private static (float[] X, float[] Y, double[] A, double[] B) LinearData(int n, int e, int f, int seed)
    {
        var random = new Random(seed);
        float[] x = Enumerable.Range(0, n * e).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        double[] a = Enumerable.Range(0, e * f).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        double[] b = Enumerable.Range(0, f).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        float[] y = new float[n * f];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < f; j++)
            {
                double sum = b[j];
                for (int i = 0; i < e; i++)
                {
                    sum += x[(r * e) + i] * a[(i * f) + j];
                }

                y[(r * f) + j] = (float)sum;
            }
        }

        return (x, y, a, b);
    }

    [Fact]
    public void Fit_KnownLinearMap_IsRecovered()
    {
        const int n = 400, e = 24, f = 6;
        var (x, y, a, b) = LinearData(n, e, f, 7);

        TextProjection projection = new TextProjectionTrainer(new TextProjectionOptions { Ridge = 1e-6 }).Fit(x, e, y, f);

        Assert.Equal(e, projection.EmbeddingDimensions);
        Assert.Equal(f, projection.FactorDimensions);
        Assert.Equal(n, projection.TrainingItems);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], projection.Weights.Span[i], 3);
        }

        for (int j = 0; j < f; j++)
        {
            Assert.Equal(b[j], projection.Bias.Span[j], 3);
        }

        Assert.True(projection.TrainingRSquared > 0.999999, $"R^2 = {projection.TrainingRSquared}");
        float[] fresh = [.. Enumerable.Range(0, e).Select(i => (float)Math.Sin(i))];
        float[] projected = projection.Project(fresh);
        for (int j = 0; j < f; j++)
        {
            double expected = b[j] + Enumerable.Range(0, e).Sum(i => fresh[i] * a[(i * f) + j]);
            Assert.Equal(expected, projected[j], 3);
        }
    }

    [Fact]
    public void Fit_StrongRidge_ShrinksTheWeights()
    {
        var (x, y, _, _) = LinearData(200, 10, 3, 11);

        TextProjection weak = new TextProjectionTrainer(new TextProjectionOptions { Ridge = 1e-3 }).Fit(x, 10, y, 3);
        TextProjection strong = new TextProjectionTrainer(new TextProjectionOptions { Ridge = 1e4 }).Fit(x, 10, y, 3);

        Assert.True(TensorPrimitives.Norm(strong.Weights.Span) < 0.2f * TensorPrimitives.Norm(weak.Weights.Span));
        Assert.True(strong.TrainingRSquared < weak.TrainingRSquared);
    }

    [Fact]
    public void Fit_FewerItemsThanDimensions_SolvesTheDualAndMeetsTheNormalEquations()
    {
        const int n = 12, e = 40, f = 4;
        const double lambda = 0.5;
        var (x, y, _, _) = LinearData(n, e, f, 3);

        TextProjection projection = new TextProjectionTrainer(new TextProjectionOptions { Ridge = lambda, FitIntercept = false }).Fit(x, e, y, f);

        // The ridge optimum has zero gradient: X^T (X W - Y) + lambda W = 0.
        ReadOnlySpan<float> w = projection.Weights.Span;
        double worst = 0;
        for (int i = 0; i < e; i++)
        {
            for (int j = 0; j < f; j++)
            {
                double gradient = lambda * w[(i * f) + j];
                for (int r = 0; r < n; r++)
                {
                    double prediction = 0;
                    for (int k = 0; k < e; k++)
                    {
                        prediction += x[(r * e) + k] * w[(k * f) + j];
                    }

                    gradient += x[(r * e) + i] * (prediction - y[(r * f) + j]);
                }

                worst = Math.Max(worst, Math.Abs(gradient));
            }
        }

        Assert.True(worst < 1e-4, $"largest gradient {worst}");
        Assert.All(projection.Bias.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void FitItems_UsesOnlyItemsWithBoth_AndIgnoresOrder()
    {
        var (x, y, _, _) = LinearData(30, 5, 2, 5);
        var embeddings = new Dictionary<ItemKey, ReadOnlyMemory<float>>();
        var factors = new Dictionary<ItemKey, ReadOnlyMemory<float>>();
        for (int i = 0; i < 30; i++)
        {
            embeddings[new ItemKey("shop", "i" + i)] = x.AsMemory(i * 5, 5);
            factors[new ItemKey("shop", "i" + (29 - i))] = y.AsMemory((29 - i) * 2, 2);
        }

        embeddings[new ItemKey("shop", "text-only")] = new float[5];
        factors[new ItemKey("news", "factors-only")] = new float[2];
        var reversed = embeddings.Reverse().ToDictionary(p => p.Key, p => p.Value);

        TextProjection a = new TextProjectionTrainer().FitItems(embeddings, factors);
        TextProjection b = new TextProjectionTrainer().FitItems(reversed, factors);

        Assert.Equal(30, a.TrainingItems);
        Assert.Equal(a.Weights.ToArray(), b.Weights.ToArray());
        Assert.Throws<ArgumentException>("factors", () => new TextProjectionTrainer().FitItems(embeddings, new Dictionary<ItemKey, ReadOnlyMemory<float>>()));
    }

    [Fact]
    public async Task ProjectItemsAsync_NewItemsLandNearTheirTopic()
    {
        // Items of two topics with factors (1, 0) and (0, 1); a new item of each topic projects to its topic's side.
        var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 512 });
        string[] hiking = ["hiking boots", "mountain trail map", "hiking backpack", "trail running shoes", "mountain tent"];
        string[] baking = ["chocolate cake", "baking flour", "cake recipe book", "sourdough bread", "baking tray"];
        var items = hiking.Concat(baking).Select((title, i) => new Item("shop", "i" + i, title)).ToList();
        var factors = items.ToDictionary(i => new ItemKey(i.Platform, i.Id),
            i => (ReadOnlyMemory<float>)(int.Parse(i.Id.Value[1..], System.Globalization.CultureInfo.InvariantCulture) < 5 ? new float[] { 1, 0 } : new float[] { 0, 1 }));

        TextProjection projection = await new TextProjectionTrainer(new TextProjectionOptions { Ridge = 0.1 }).FitAsync(items, factors, generator);
        IReadOnlyList<float[]> fresh = await projection.ProjectItemsAsync([new Item("shop", "new1", "hiking trail boots"), new Item("shop", "new2", "chocolate baking recipe")], generator);
        float[] person = await projection.ProjectInsightAsync(new ProfileInsight("Loves baking cakes", [new InsightInterest("baking", 1f)], 0.9f), generator);

        Assert.True(fresh[0][0] > fresh[0][1], $"hiking item at ({fresh[0][0]}, {fresh[0][1]})");
        Assert.True(fresh[1][1] > fresh[1][0], $"baking item at ({fresh[1][0]}, {fresh[1][1]})");
        Assert.True(person[1] > person[0]);
        Assert.Equal("Loves baking cakes. Interests: baking", TextProjection.InsightText(new ProfileInsight("Loves baking cakes", [new InsightInterest("baking", 1f)], 0.9f)));
    }

    [Fact]
    public void Fit_BadInput_Throws()
    {
        var trainer = new TextProjectionTrainer();
        Assert.Throws<ArgumentException>("embeddings", () => trainer.Fit(new float[7], 3, new float[2], 1));
        Assert.Throws<ArgumentException>("factors", () => trainer.Fit(new float[6], 3, new float[3], 1));
        Assert.Throws<ArgumentException>("embeddings", () => trainer.Fit(new[] { 1f, float.NaN }, 2, new float[1], 1));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new TextProjectionOptions { Ridge = 0 });
        TextProjection projection = trainer.Fit(new float[] { 1, 2 }, 2, new float[] { 3 }, 1);
        Assert.Throws<ArgumentException>("embedding", () => projection.Project(new float[3]));
    }
}
