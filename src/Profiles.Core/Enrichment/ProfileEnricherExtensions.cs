// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Runs an <see cref="IProfileEnricher"/> over many requests, and reads its services.</summary>
public static class ProfileEnricherExtensions
{
    /// <summary>Enriches many profiles as one run: bounded concurrency, one budget for the run, progress, and a report
    /// that accounts for every request.</summary>
    /// <param name="enricher">The enricher.</param>
    /// <param name="requests">The requests.</param>
    /// <param name="options">Concurrency and budget; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives the counts after each request; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The results in request order, the report and the budget.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="enricher"/> or <paramref name="requests"/> is
    /// <see langword="null"/>, or <paramref name="requests"/> holds a <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<EnrichmentBatchResult> EnrichBatchAsync(this IProfileEnricher enricher, IReadOnlyList<EnrichmentRequest> requests,
        EnrichmentBatchOptions? options = null, IProgress<EnrichmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(enricher);
        Throw.IfNull(requests);
        for (int i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
            {
                Throw.ArgumentNull($"{nameof(requests)}[{i}]");
            }
        }

        EnrichmentBatchOptions settings = options?.Clone() ?? new EnrichmentBatchOptions();
        var budget = new EnrichmentBudget(settings.MaxCalls, settings.MaxTokens);
        var callOptions = new EnrichmentOptions { Budget = budget };
        var report = new EnrichmentReport();
        var results = new EnrichmentResult[requests.Count];
        int completed = 0, enriched = 0, fromCache = 0, fallback = 0;
        long start = settings.TimeProvider.GetTimestamp();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, requests.Count, parallel, async (i, ct) =>
        {
            EnrichmentResult result = await enricher.EnrichAsync(requests[i], callOptions, ct).ConfigureAwait(false);
            results[i] = result;
            report.Record(result);
            int e = result.Outcome == EnrichmentOutcome.Enriched ? Interlocked.Increment(ref enriched) : Volatile.Read(ref enriched);
            int c = result.Outcome == EnrichmentOutcome.FromCache ? Interlocked.Increment(ref fromCache) : Volatile.Read(ref fromCache);
            int f = result.Outcome == EnrichmentOutcome.Fallback ? Interlocked.Increment(ref fallback) : Volatile.Read(ref fallback);
            int done = Interlocked.Increment(ref completed);
            progress?.Report(new EnrichmentProgress(done, requests.Count, e, c, f));
        }).ConfigureAwait(false);
        report.Elapsed = settings.TimeProvider.GetElapsedTime(start);
        return new EnrichmentBatchResult(results, report, budget);
    }

    /// <summary>Asks <paramref name="enricher"/> for an object of type <typeparamref name="TService"/>.</summary>
    /// <typeparam name="TService">The type of object asked for.</typeparam>
    /// <param name="enricher">The enricher.</param>
    /// <param name="serviceKey">An optional key for the object.</param>
    /// <returns>The object, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="enricher"/> is <see langword="null"/>.</exception>
    public static TService? GetService<TService>(this IProfileEnricher enricher, object? serviceKey = null) =>
        Throw.IfNull(enricher).GetService(typeof(TService), serviceKey) is TService service ? service : default;
}
