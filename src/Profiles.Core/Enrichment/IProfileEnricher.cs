// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Turns a person's profile and training-window history into a <see cref="ProfileInsight"/>: a short summary and
/// ordered interests from a fixed tag vocabulary.</summary>
/// <remarks>
/// <para>Enrichment is best effort: an implementation returns a result for every request, recording a
/// <see cref="EnrichmentFallbackReason"/> when it could not enrich, and throws only for invalid arguments or when
/// the call's cancellation token is cancelled. Run many requests with
/// <see cref="ProfileEnricherExtensions.EnrichBatchAsync"/>, and add cross-cutting stages with
/// <see cref="ProfileEnricherBuilder"/>.</para>
/// <para>Implementations are expected to be thread-safe: a batch calls <see cref="EnrichAsync"/> concurrently.</para>
/// </remarks>
public interface IProfileEnricher : IDisposable
{
    /// <summary>Enriches one person's profile.</summary>
    /// <param name="request">The profile, its training-window events, the catalogue and the account records used for redaction.</param>
    /// <param name="options">Per-call options, such as the run's budget; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome: the profile with its insight, or a fallback with its reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<EnrichmentResult> EnrichAsync(EnrichmentRequest request, EnrichmentOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Asks for an object of the given type from this enricher or the stages it wraps, such as its
    /// <see cref="ProfileEnricherMetadata"/> or an inner <c>IChatClient</c>.</summary>
    /// <param name="serviceType">The type of object asked for.</param>
    /// <param name="serviceKey">An optional key for the object.</param>
    /// <returns>The object, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    object? GetService(Type serviceType, object? serviceKey = null);
}
