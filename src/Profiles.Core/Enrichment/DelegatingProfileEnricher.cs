// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Passes every call to an inner <see cref="IProfileEnricher"/>: the base of enrichment middleware such as
/// <see cref="LoggingProfileEnricher"/>.</summary>
/// <remarks><para>This type is thread-safe when the inner enricher is; derived types override what they change.</para></remarks>
public class DelegatingProfileEnricher : IProfileEnricher
{
    /// <summary>Initializes a new instance of the <see cref="DelegatingProfileEnricher"/> class.</summary>
    /// <param name="innerEnricher">The enricher calls go to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerEnricher"/> is <see langword="null"/>.</exception>
    protected DelegatingProfileEnricher(IProfileEnricher innerEnricher) => InnerEnricher = Throw.IfNull(innerEnricher);

    /// <summary>Gets the enricher calls go to.</summary>
    protected IProfileEnricher InnerEnricher { get; }

    /// <inheritdoc />
    public virtual Task<EnrichmentResult> EnrichAsync(EnrichmentRequest request, EnrichmentOptions? options = null,
        CancellationToken cancellationToken = default) => InnerEnricher.EnrichAsync(request, options, cancellationToken);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerEnricher.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes the inner enricher.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner enricher when <paramref name="disposing"/> is <see langword="true"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            InnerEnricher.Dispose();
        }
    }
}
