// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Loads the model once (about a second) for all tests.</summary>
public sealed class MiniLMFixture : IDisposable
{
    public MiniLMEmbeddingGenerator Generator { get; } = new(new MiniLMEmbeddingGeneratorOptions { BatchSize = 2 });

    public void Dispose() => Generator.Dispose();
}

public sealed class MiniLMEmbeddingGeneratorTests(MiniLMFixture fixture) : IClassFixture<MiniLMFixture>
{
    [Fact]
    public async Task GenerateAsync_Texts_Give384DimensionalUnitVectorsInOrder()
    {
        string[] texts = ["I love hiking in the mountains", "Mountain trekking is my passion", "The central bank raised interest rates", "   "];

        GeneratedEmbeddings<Embedding<float>> embeddings = await fixture.Generator.GenerateAsync(texts);

        Assert.Equal(4, embeddings.Count);   // two batches of 2
        Assert.All(embeddings, e => Assert.Equal(384, e.Dimensions));
        Assert.All(embeddings, e => Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 4));
        float similar = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        float unrelated = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        Assert.True(similar > unrelated + 0.3f, $"similar {similar}, unrelated {unrelated}");

        // The same text alone gives the same vector as in a batch.
        GeneratedEmbeddings<Embedding<float>> alone = await fixture.Generator.GenerateAsync([texts[2]]);
        Assert.Equal(1f, TensorPrimitives.CosineSimilarity(alone[0].Vector.Span, embeddings[2].Vector.Span), 4);
    }

    [Fact]
    public async Task GenerateAsync_NoText_ReturnsEmptyInsteadOfThrowing()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await fixture.Generator.GenerateAsync([]);

        Assert.Empty(embeddings);
        await Assert.ThrowsAsync<ArgumentNullException>("values", () => fixture.Generator.GenerateAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("values", () => fixture.Generator.GenerateAsync(["ok", null!]));
        await Assert.ThrowsAsync<ArgumentException>("options", () => fixture.Generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 10 }));
        Assert.Equal(384, fixture.Generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    [Fact]
    public async Task TextProjection_OverMiniLM_PlacesNewItemsByTopic()
    {
        string[] outdoor = ["hiking boots", "camping tent", "trail running shoes", "climbing rope"];
        string[] kitchen = ["chocolate cake recipe", "chef's knife", "sourdough starter", "baking tray"];
        var items = outdoor.Concat(kitchen).Select((title, i) => new Item("shop", "i" + i, title)).ToList();
        var factors = items.Select((item, i) => (Key: new ItemKey(item.Platform, item.Id), Vector: i < 4 ? new float[] { 1, 0 } : new float[] { 0, 1 }))
            .ToDictionary(p => p.Key, p => (ReadOnlyMemory<float>)p.Vector);

        TextProjection projection = await new TextProjectionTrainer(new TextProjectionOptions { Ridge = 0.1 }).FitAsync(items, factors, fixture.Generator);
        var fresh = await projection.ProjectItemsAsync([new Item("shop", "n1", "mountain backpack"), new Item("shop", "n2", "frying pan")], fixture.Generator);

        Assert.Equal(384, projection.EmbeddingDimensions);
        Assert.True(fresh[0][0] > fresh[0][1], $"backpack at ({fresh[0][0]}, {fresh[0][1]})");
        Assert.True(fresh[1][1] > fresh[1][0], $"pan at ({fresh[1][0]}, {fresh[1][1]})");
    }
}
