// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class HashingEmbeddingGeneratorTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a_PublishedTestVectors(string text, ulong expected)
    {
        Assert.Equal(expected, HashingEmbeddingGenerator.Fnv1a(0xcbf29ce484222325UL, Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, HashingEmbeddingGenerator.Fnv1a(0xcbf29ce484222325UL, text.AsSpan()));
    }

    [Fact]
    public void FeatureHash_IsFixedAcrossProcesses()
    {
        // Pinned value: a change of the hash would change every stored vector and fitted projection.
        Assert.Equal(0x9f0bc46f233f24e0UL, HashingEmbeddingGenerator.FeatureHash("w:", "books"));
        Assert.Equal(SeededRandom.Mix(0x85944171f73967e8UL), HashingEmbeddingGenerator.FeatureHash(string.Empty, "foobar"));
        Assert.Equal(HashingEmbeddingGenerator.FeatureHash("w:", "café"), HashingEmbeddingGenerator.FeatureHash("w:c", "afé"));
        Assert.NotEqual(HashingEmbeddingGenerator.FeatureHash("w:", "cafe"), HashingEmbeddingGenerator.FeatureHash("w:", "café"));
    }

    [Fact]
    public void Embed_Text_IsUnitLengthAndDeterministic()
    {
        var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 256 });

        float[] a = generator.Embed("Hiking boots for mountain trails");
        float[] b = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 256 }).Embed("HIKING boots, for mountain-trails!");

        Assert.Equal(256, a.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(a), 5);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Embed_SimilarTexts_AreCloserThanUnrelatedOnes()
    {
        var generator = new HashingEmbeddingGenerator();
        float[] hiking = generator.Embed("waterproof hiking boots for mountain trails");
        float[] trekking = generator.Embed("mountain trail hiking shoes, waterproof");
        float[] baking = generator.Embed("chocolate cake recipe with buttercream");

        Assert.True(TensorPrimitives.CosineSimilarity(hiking, trekking) > TensorPrimitives.CosineSimilarity(hiking, baking) + 0.2f);
    }

    [Fact]
    public void Embed_NoWord_IsTheZeroVector()
    {
        var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 64 });
        Assert.All(generator.Embed("  ... !? "), v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentNullException>("text", () => generator.Embed(null!));
        Assert.Throws<ArgumentException>("destination", () => generator.Embed("x", new float[10]));
    }

    [Fact]
    public void Fit_CommonWords_WeighLess()
    {
        string[] corpus = Enumerable.Range(0, 50).Select(i => $"the product number {i} is great").ToArray();
        var options = new HashingEmbeddingOptions { Dimensions = 4096, MaxCharNGram = 0, MaxWordNGram = 1 };
        HashingEmbeddingGenerator fitted = HashingEmbeddingGenerator.Fit(corpus, options);
        var plain = new HashingEmbeddingGenerator(options);

        Assert.Equal(4096, fitted.InverseDocumentFrequencies.Length);
        Assert.True(plain.InverseDocumentFrequencies.IsEmpty);
        int the = (int)(HashingEmbeddingGenerator.FeatureHash("w:", "the") % 4096);
        int rare = (int)(HashingEmbeddingGenerator.FeatureHash("w:", "7") % 4096);
        float[] fittedVector = fitted.Embed("the 7");
        float[] plainVector = plain.Embed("the 7");
        Assert.True(MathF.Abs(fittedVector[rare]) > MathF.Abs(fittedVector[the]));
        Assert.Equal(MathF.Abs(plainVector[rare]), MathF.Abs(plainVector[the]));
        Assert.Equal(fittedVector, new HashingEmbeddingGenerator(options, fitted.InverseDocumentFrequencies).Embed("the 7"));
    }

    [Fact]
    public async Task GenerateAsync_IsAnEmbeddingGenerator()
    {
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128 });

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["one text", "another text", ""]);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(128, e.Dimensions));
        Assert.Equal(128, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        await Assert.ThrowsAsync<ArgumentException>("options", () => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 3 }));
        Assert.Throws<ArgumentException>("inverseDocumentFrequencies", () => new HashingEmbeddingGenerator(null, new float[5]));
    }
}
