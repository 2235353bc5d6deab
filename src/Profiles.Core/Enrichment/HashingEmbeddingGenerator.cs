// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>Embeds text without a model: word and character n-grams hashed into a fixed number of signed buckets,
/// weighted by sublinear term frequency and, once fitted on a corpus, by inverse document frequency, L2-normalised.</summary>
/// <remarks>
/// <para>Text is lower-cased (invariant culture) and split into words at every character that is not a letter or a
/// digit. Features are the word n-grams up to <see cref="HashingEmbeddingOptions.MaxWordNGram"/> (words joined by one
/// space, prefixed <c>w:</c>) and the character n-grams of each word padded as <c>&lt;word&gt;</c> (prefixed <c>c:</c>).
/// A feature's hash is 64-bit FNV-1a over its UTF-8 bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
/// followed by the SplitMix64 finaliser; the bucket is that value modulo the dimensions and the sign is its top bit. The
/// hash is fixed and platform-independent (unlike <see cref="string.GetHashCode()"/>, randomised per process), so the
/// same text gives the same vector in every process.</para>
/// <para>Counts are kept per bucket (colliding features share one); each of the word and character parts is weighted,
/// L2-normalised, scaled (1 and <see cref="HashingEmbeddingOptions.CharNGramWeight"/>), added, and the sum
/// L2-normalised. Text without a word gives the zero vector. Inverse document frequencies, when fitted, are
/// <c>ln((1 + N) / (1 + df)) + 1</c> per bucket over <c>N</c> documents.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in metadata and embeddings.</summary>
    public const string ModelId = "profiles-hashing-v1";

    private const ulong FnvOffsetBasis = 0xcbf29ce484222325UL;
    private const ulong FnvPrime = 0x100000001b3UL;
    private readonly HashingEmbeddingOptions _options;
    private readonly float[]? _idf;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="HashingEmbeddingGenerator"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    /// <param name="inverseDocumentFrequencies">Per-bucket IDF weights (as <see cref="InverseDocumentFrequencies"/> of a
    /// fitted generator); empty for none.</param>
    /// <exception cref="ArgumentException"><paramref name="inverseDocumentFrequencies"/> is neither empty nor one finite,
    /// non-negative weight per dimension.</exception>
    public HashingEmbeddingGenerator(HashingEmbeddingOptions? options = null, ReadOnlyMemory<float> inverseDocumentFrequencies = default)
    {
        _options = options?.Clone() ?? new HashingEmbeddingOptions();
        if (!inverseDocumentFrequencies.IsEmpty)
        {
            ReadOnlySpan<float> idf = inverseDocumentFrequencies.Span;
            if (idf.Length != _options.Dimensions)
            {
                Throw.Argument(nameof(inverseDocumentFrequencies), $"Expected {_options.Dimensions} weights, one per dimension; got {idf.Length}.");
            }

            Throw.IfAnyNotFinite(idf, nameof(inverseDocumentFrequencies));
            if (TensorPrimitives.Min(idf) < 0)
            {
                Throw.Argument(nameof(inverseDocumentFrequencies), "The weights must not be negative.");
            }

            _idf = idf.ToArray();
        }

        _metadata = new EmbeddingGeneratorMetadata("profiles-hashing", null, ModelId, _options.Dimensions);
    }

    /// <summary>Gets the number of dimensions.</summary>
    public int Dimensions => _options.Dimensions;

    /// <summary>Gets the per-bucket IDF weights; empty when the generator was not fitted.</summary>
    public ReadOnlyMemory<float> InverseDocumentFrequencies => _idf;

    /// <summary>Creates a generator whose IDF weights are fitted on <paramref name="corpus"/>.</summary>
    /// <param name="corpus">The documents, for example the catalogue's item texts.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="corpus"/> is <see langword="null"/> or holds a <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static HashingEmbeddingGenerator Fit(IEnumerable<string> corpus, HashingEmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(corpus);
        var plain = new HashingEmbeddingGenerator(options);
        int dimensions = plain.Dimensions;
        int[] documentFrequency = new int[dimensions];
        int[] lastSeen = new int[dimensions];
        int documents = 0;
        foreach (string document in corpus)
        {
            if (document is null)
            {
                Throw.ArgumentNull(nameof(corpus));
            }

            cancellationToken.ThrowIfCancellationRequested();
            documents++;
            int stamp = documents;
            plain.ForEachFeature(document, (bucket, _, _) =>
            {
                if (lastSeen[bucket] != stamp)
                {
                    lastSeen[bucket] = stamp;
                    documentFrequency[bucket]++;
                }
            });
        }

        float[] idf = new float[dimensions];
        for (int i = 0; i < idf.Length; i++)
        {
            idf[i] = (float)(Math.Log((1.0 + documents) / (1.0 + documentFrequency[i])) + 1.0);
        }

        return new HashingEmbeddingGenerator(plain._options, idf);
    }

    /// <summary>Embeds <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unit-length vector, or the zero vector when the text has no word.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public float[] Embed(string text)
    {
        float[] vector = new float[Dimensions];
        Embed(Throw.IfNull(text), vector);
        return vector;
    }

    /// <summary>Embeds <paramref name="text"/> into <paramref name="destination"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">Receives the vector; at least <see cref="Dimensions"/> long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Dimensions"/>.</exception>
    public void Embed(string text, Span<float> destination)
    {
        Throw.IfNull(text);
        int dimensions = Dimensions;
        if (destination.Length < dimensions)
        {
            Throw.Argument(nameof(destination), $"The destination must hold {dimensions} values; it holds {destination.Length}.");
        }

        destination = destination[..dimensions];
        float[] words = ArrayPool<float>.Shared.Rent(dimensions);
        float[] chars = ArrayPool<float>.Shared.Rent(dimensions);
        try
        {
            Span<float> w = words.AsSpan(0, dimensions);
            Span<float> c = chars.AsSpan(0, dimensions);
            w.Clear();
            c.Clear();
            ForEachFeature(text, (bucket, sign, isWord) =>
            {
                if (isWord)
                {
                    words[bucket] += sign;
                }
                else
                {
                    chars[bucket] += sign;
                }
            });
            Weigh(w);
            Weigh(c);
            destination.Clear();
            AddNormalized(w, 1f, destination);
            AddNormalized(c, _options.CharNGramWeight, destination);
            float norm = TensorPrimitives.Norm(destination);
            if (norm > 0)
            {
                TensorPrimitives.Divide(destination, norm, destination);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(words);
            ArrayPool<float>.Shared.Return(chars);
        }
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        if (options?.Dimensions is { } requested && requested != Dimensions)
        {
            Throw.Argument(nameof(options), $"This generator makes {Dimensions}-dimensional vectors; {requested} were asked for.");
        }

        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (value is null)
            {
                Throw.ArgumentNull(nameof(values));
            }

            embeddings.Add(new Embedding<float>(Embed(value)) { ModelId = ModelId });
        }

        return Task.FromResult(embeddings);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the generator holds no resources.</summary>
    public void Dispose()
    {
    }

    /// <summary>Computes 64-bit FNV-1a over <paramref name="bytes"/>, continuing from <paramref name="hash"/>.</summary>
    internal static ulong Fnv1a(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    /// <summary>Computes 64-bit FNV-1a over the UTF-8 encoding of <paramref name="text"/>, continuing from <paramref name="hash"/>.</summary>
    internal static ulong Fnv1a(ulong hash, ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                hash = (hash ^ (byte)rune.Value) * FnvPrime;
            }
            else
            {
                hash = Fnv1a(hash, utf8[..rune.EncodeToUtf8(utf8)]);
            }
        }

        return hash;
    }

    /// <summary>The hash of the feature with the given kind prefix and words: FNV-1a then the SplitMix64 finaliser.</summary>
    internal static ulong FeatureHash(ReadOnlySpan<char> prefix, ReadOnlySpan<char> feature) =>
        SeededRandom.Mix(Fnv1a(Fnv1a(FnvOffsetBasis, prefix), feature));

    private void ForEachFeature(string text, Action<int, float, bool> visit)
    {
        int dimensions = Dimensions;
        char[] lower = ArrayPool<char>.Shared.Rent(text.Length + 2);
        char[] gram = ArrayPool<char>.Shared.Rent(Math.Max(64, text.Length + 2));
        List<(int Start, int Length)> words = [];
        try
        {
            int length = text.AsSpan().ToLowerInvariant(lower);
            for (int i = 0; i < length;)
            {
                if (!char.IsLetterOrDigit(lower[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < length && char.IsLetterOrDigit(lower[i]))
                {
                    i++;
                }

                words.Add((start, i - start));
            }

            for (int w = 0; w < words.Count; w++)
            {
                // Word n-grams starting at w: the words joined by single spaces.
                int used = 0;
                for (int n = 1; n <= _options.MaxWordNGram && w + n <= words.Count; n++)
                {
                    (int start, int count) = words[w + n - 1];
                    if (n > 1)
                    {
                        gram[used++] = ' ';
                    }

                    lower.AsSpan(start, count).CopyTo(gram.AsSpan(used));
                    used += count;
                    Visit(visit, FeatureHash("w:", gram.AsSpan(0, used)), dimensions, isWord: true);
                }

                // Character n-grams of the padded word.
                (int wordStart, int wordLength) = words[w];
                int padded = wordLength + 2;
                gram[0] = '<';
                lower.AsSpan(wordStart, wordLength).CopyTo(gram.AsSpan(1));
                gram[padded - 1] = '>';
                for (int n = _options.MinCharNGram; n <= _options.MaxCharNGram && n <= padded; n++)
                {
                    for (int s = 0; s + n <= padded; s++)
                    {
                        Visit(visit, FeatureHash("c:", gram.AsSpan(s, n)), dimensions, isWord: false);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
            ArrayPool<char>.Shared.Return(gram);
        }
    }

    private static void Visit(Action<int, float, bool> visit, ulong hash, int dimensions, bool isWord) =>
        visit((int)(hash % (ulong)dimensions), (hash >> 63) == 0 ? 1f : -1f, isWord);

    private void Weigh(Span<float> counts)
    {
        for (int i = 0; i < counts.Length; i++)
        {
            float c = counts[i];
            if (c == 0)
            {
                continue;
            }

            float value = _options.SublinearTermFrequency ? MathF.CopySign(1f + MathF.Log(MathF.Abs(c)), c) : c;
            counts[i] = _idf is null ? value : value * _idf[i];
        }
    }

    private static void AddNormalized(ReadOnlySpan<float> part, float weight, Span<float> destination)
    {
        float norm = TensorPrimitives.Norm(part);
        if (norm > 0 && weight > 0)
        {
            TensorPrimitives.MultiplyAdd(part, weight / norm, destination, destination);
        }
    }
}
