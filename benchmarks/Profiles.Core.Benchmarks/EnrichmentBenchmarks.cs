// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Profiles.Core.Benchmarks;

/// <summary>The enricher's own cost per profile with a chat client that answers instantly: prompt building (digest,
/// redaction, token counting with o200k_base), the Polly pipeline, structured-output parsing and validation. Each
/// operation is one batch of <see cref="Profiles"/> profiles; profiles/s = Profiles / mean.</summary>
[MemoryDiagnoser]
public class EnrichmentBenchmarks : IDisposable
{
    private EnrichmentRequest[] _requests = [];
    private ChatProfileEnricher _chat = null!;
    private ExtractiveProfileEnricher _extractive = null!;

    [Params(1000)]
    public int Profiles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ItemCatalog catalog = EnrichmentData.Catalog();
        _requests = EnrichmentData.Requests(Profiles, catalog);
        _chat = new ChatProfileEnricher(new ChatProfileEnricherOptions(new EnrichmentData.InstantChatClient()) { Vocabulary = EnrichmentData.Vocabulary });
        _extractive = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = EnrichmentData.Vocabulary });
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _chat?.Dispose();
        _extractive?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Task<EnrichmentBatchResult> Chat() => _chat.EnrichBatchAsync(_requests);

    [Benchmark]
    public Task<EnrichmentBatchResult> Extractive() => _extractive.EnrichBatchAsync(_requests);
}
