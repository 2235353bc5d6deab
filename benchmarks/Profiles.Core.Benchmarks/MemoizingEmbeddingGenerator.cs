// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core.Benchmarks;

/// <summary>Remembers the embedding of every text it has seen, so a slow local model (MiniLM) embeds the catalogue once
/// although the tuner, the projection and the systems each ask for it.</summary>
/// <param name="inner">The generator that embeds texts not seen before.</param>
public sealed class MemoizingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly ConcurrentDictionary<string, Embedding<float>> _seen = new(StringComparer.Ordinal);

    /// <summary>Gets how many distinct texts the inner generator embedded.</summary>
    public int Embedded => _seen.Count;

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = new List<string>(values);
        var missing = new List<string>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            if (!_seen.ContainsKey(text) && queued.Add(text))
            {
                missing.Add(text);
            }
        }

        if (missing.Count > 0)
        {
            GeneratedEmbeddings<Embedding<float>> fresh = await base.GenerateAsync(missing, options, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < missing.Count; i++)
            {
                _seen[missing[i]] = fresh[i];
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        foreach (string text in texts)
        {
            result.Add(_seen[text]);
        }

        return result;
    }
}
