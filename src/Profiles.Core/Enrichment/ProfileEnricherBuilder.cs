// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Builds an enrichment pipeline: an inner <see cref="IProfileEnricher"/> wrapped in stages added with
/// <see cref="Use(Func{IProfileEnricher, IServiceProvider, IProfileEnricher})"/> and the <c>Use*</c> extensions.</summary>
/// <remarks><para>The first stage added becomes the outermost. This type is not thread-safe; the enrichers it builds are
/// as thread-safe as their stages.</para></remarks>
public sealed class ProfileEnricherBuilder
{
    private readonly Func<IServiceProvider, IProfileEnricher> _innerEnricherFactory;
    private readonly List<Func<IProfileEnricher, IServiceProvider, IProfileEnricher>> _stages = [];

    /// <summary>Initializes a new instance of the <see cref="ProfileEnricherBuilder"/> class around an enricher.</summary>
    /// <param name="innerEnricher">The innermost enricher.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerEnricher"/> is <see langword="null"/>.</exception>
    public ProfileEnricherBuilder(IProfileEnricher innerEnricher)
    {
        Throw.IfNull(innerEnricher);
        _innerEnricherFactory = _ => innerEnricher;
    }

    /// <summary>Initializes a new instance of the <see cref="ProfileEnricherBuilder"/> class around a factory of the enricher.</summary>
    /// <param name="innerEnricherFactory">Creates the innermost enricher from the services.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerEnricherFactory"/> is <see langword="null"/>.</exception>
    public ProfileEnricherBuilder(Func<IServiceProvider, IProfileEnricher> innerEnricherFactory) =>
        _innerEnricherFactory = Throw.IfNull(innerEnricherFactory);

    /// <summary>Adds a stage.</summary>
    /// <param name="enricherFactory">Wraps the enricher built so far.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="enricherFactory"/> is <see langword="null"/>.</exception>
    public ProfileEnricherBuilder Use(Func<IProfileEnricher, IProfileEnricher> enricherFactory)
    {
        Throw.IfNull(enricherFactory);
        return Use((inner, _) => enricherFactory(inner));
    }

    /// <summary>Adds a stage that reads services.</summary>
    /// <param name="enricherFactory">Wraps the enricher built so far, given the services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="enricherFactory"/> is <see langword="null"/>.</exception>
    public ProfileEnricherBuilder Use(Func<IProfileEnricher, IServiceProvider, IProfileEnricher> enricherFactory)
    {
        _stages.Add(Throw.IfNull(enricherFactory));
        return this;
    }

    /// <summary>Builds the pipeline, applying the stages in reverse so that the first added is the outermost.</summary>
    /// <param name="services">The services stages read; <see langword="null"/> for none.</param>
    /// <returns>The outermost enricher.</returns>
    /// <exception cref="InvalidOperationException">A stage returned <see langword="null"/>.</exception>
    public IProfileEnricher Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        IProfileEnricher enricher = _innerEnricherFactory(services);
        for (int i = _stages.Count - 1; i >= 0; i--)
        {
            enricher = _stages[i](enricher, services) ??
                throw new InvalidOperationException($"The stage at index {i} of the {nameof(ProfileEnricherBuilder)} returned null.");
        }

        return enricher;
    }
}
