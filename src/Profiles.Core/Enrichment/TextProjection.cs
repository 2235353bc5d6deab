// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>A fitted linear map from text embeddings into the item factor space, <c>y = x W + b</c>: it gives a person's
/// text vector <c>T</c> from their insight, and factor vectors for items that have text but no interactions yet (item
/// cold start). Made by <see cref="TextProjectionTrainer"/>.</summary>
/// <remarks>
/// <para>Texts must be embedded the way the training items were: <see cref="ItemText"/> for items,
/// <see cref="InsightText"/> for insights, with the same generator.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class TextProjection
{
    private readonly float[] _weights;
    private readonly float[] _bias;

    internal TextProjection(float[] weights, float[] bias, int embeddingDimensions, int factorDimensions, int trainingItems, double ridge,
        double trainingRSquared)
    {
        _weights = weights;
        _bias = bias;
        EmbeddingDimensions = embeddingDimensions;
        FactorDimensions = factorDimensions;
        TrainingItems = trainingItems;
        Ridge = ridge;
        TrainingRSquared = trainingRSquared;
    }

    /// <summary>Gets the embedding dimension <c>e</c> (the input length).</summary>
    public int EmbeddingDimensions { get; }

    /// <summary>Gets the factor dimension <c>f</c> (the output length).</summary>
    public int FactorDimensions { get; }

    /// <summary>Gets the weights <c>W</c>, row-major <c>e x f</c>: row <c>i</c> is what embedding dimension <c>i</c> adds
    /// to the factors.</summary>
    public ReadOnlyMemory<float> Weights => _weights;

    /// <summary>Gets the intercept <c>b</c> (<c>f</c> values; zero when no intercept was fitted).</summary>
    public ReadOnlyMemory<float> Bias => _bias;

    /// <summary>Gets the number of items the projection was fitted on.</summary>
    public int TrainingItems { get; }

    /// <summary>Gets the ridge penalty it was fitted with.</summary>
    public double Ridge { get; }

    /// <summary>Gets the coefficient of determination on the training items, over all factor dimensions together.</summary>
    public double TrainingRSquared { get; }

    /// <summary>Returns the text an item is embedded from: its title, categories and description.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is <see langword="null"/>.</exception>
    public static string ItemText(Item item)
    {
        Throw.IfNull(item);
        var text = new StringBuilder(item.Title.Trim());
        if (item.Categories.Count > 0)
        {
            text.Append(". ").AppendJoin(", ", item.Categories);
        }

        if (!string.IsNullOrWhiteSpace(item.Description))
        {
            text.Append(". ").Append(item.Description.Trim());
        }

        return text.ToString();
    }

    /// <summary>Returns the text an insight is embedded from: its summary and its interests' tags, strongest first.</summary>
    /// <param name="insight">The insight.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="insight"/> is <see langword="null"/>.</exception>
    public static string InsightText(ProfileInsight insight)
    {
        Throw.IfNull(insight);
        var text = new StringBuilder(insight.Summary.Trim());
        if (insight.Interests.Count > 0)
        {
            text.Append(text.Length > 0 ? ". " : string.Empty).Append("Interests: ");
            for (int i = 0; i < insight.Interests.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(insight.Interests[i].Tag);
            }
        }

        return text.ToString();
    }

    /// <summary>Projects one embedding: effectively computes <c>destination[j] = b[j] + sum_i embedding[i] W[i, j]</c>.</summary>
    /// <param name="embedding">The embedding, <see cref="EmbeddingDimensions"/> long.</param>
    /// <param name="destination">Receives the factors; at least <see cref="FactorDimensions"/> long.</param>
    /// <exception cref="ArgumentException">A length does not match, or <paramref name="embedding"/> holds NaN or infinity.</exception>
    public void Project(ReadOnlySpan<float> embedding, Span<float> destination)
    {
        if (embedding.Length != EmbeddingDimensions)
        {
            Throw.Argument(nameof(embedding), $"The embedding must have {EmbeddingDimensions} values; it has {embedding.Length}.");
        }

        if (destination.Length < FactorDimensions)
        {
            Throw.Argument(nameof(destination), $"The destination must hold {FactorDimensions} values; it holds {destination.Length}.");
        }

        Throw.IfAnyNotFinite(embedding, nameof(embedding));
        destination = destination[..FactorDimensions];
        _bias.CopyTo(destination);
        for (int i = 0; i < embedding.Length; i++)
        {
            float xi = embedding[i];
            if (xi != 0)
            {
                TensorPrimitives.MultiplyAdd(_weights.AsSpan(i * FactorDimensions, FactorDimensions), xi, destination, destination);
            }
        }
    }

    /// <summary>Projects one embedding into a new array.</summary>
    /// <param name="embedding">The embedding, <see cref="EmbeddingDimensions"/> long.</param>
    /// <returns>The factors.</returns>
    /// <exception cref="ArgumentException">The length does not match, or <paramref name="embedding"/> holds NaN or infinity.</exception>
    public float[] Project(ReadOnlySpan<float> embedding)
    {
        float[] result = new float[FactorDimensions];
        Project(embedding, result);
        return result;
    }

    /// <summary>Embeds the insight's text (<see cref="InsightText"/>) and projects it: the person's text vector <c>T</c>.</summary>
    /// <param name="insight">The insight.</param>
    /// <param name="generator">The generator the projection's items were embedded with.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The text vector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="insight"/> or <paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The generator's vector does not have <see cref="EmbeddingDimensions"/> values.</exception>
    public async Task<float[]> ProjectInsightAsync(ProfileInsight insight, IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken = default)
    {
        string text = InsightText(insight);
        IReadOnlyList<float[]> projected = await ProjectTextsAsync([text], Throw.IfNull(generator), cancellationToken).ConfigureAwait(false);
        return projected[0];
    }

    /// <summary>Embeds items' texts (<see cref="ItemText"/>) and projects them: factors for items without interactions.</summary>
    /// <param name="items">The items.</param>
    /// <param name="generator">The generator the projection's items were embedded with.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>One factor vector per item, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The generator's vectors do not have <see cref="EmbeddingDimensions"/> values.</exception>
    public Task<IReadOnlyList<float[]>> ProjectItemsAsync(IReadOnlyList<Item> items, IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(items);
        Throw.IfNull(generator);
        string[] texts = new string[items.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = ItemText(items[i]);
        }

        return ProjectTextsAsync(texts, generator, cancellationToken);
    }

    /// <summary>Embeds texts and projects them.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="generator">The generator the projection's items were embedded with.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>One factor vector per text, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or <paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The generator's vectors do not have <see cref="EmbeddingDimensions"/> values.</exception>
    /// <exception cref="InvalidOperationException">The generator returned a different number of embeddings than asked.</exception>
    public async Task<IReadOnlyList<float[]>> ProjectTextsAsync(IReadOnlyList<string> texts, IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(texts);
        Throw.IfNull(generator);
        if (texts.Count == 0)
        {
            return Array.Empty<float[]>();
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(texts, null, cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != texts.Count)
        {
            throw new InvalidOperationException($"The generator returned {embeddings.Count} embeddings for {texts.Count} texts.");
        }

        float[][] result = new float[texts.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Project(embeddings[i].Vector.Span);
        }

        return result;
    }
}
