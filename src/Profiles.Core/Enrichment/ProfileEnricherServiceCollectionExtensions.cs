// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;

namespace Profiles.Core;

/// <summary>Registers an enrichment pipeline with dependency injection.</summary>
public static class ProfileEnricherServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="IProfileEnricher"/> built from <paramref name="innerEnricherFactory"/> and the stages
    /// added to the returned builder; usage: <c>services.AddProfileEnricher(f).UseLogging();</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="innerEnricherFactory">Creates the innermost enricher.</param>
    /// <param name="lifetime">The registration's lifetime.</param>
    /// <returns>The builder, to add stages to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="innerEnricherFactory"/> is <see langword="null"/>.</exception>
    public static ProfileEnricherBuilder AddProfileEnricher(this IServiceCollection services,
        Func<IServiceProvider, IProfileEnricher> innerEnricherFactory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(services);
        var builder = new ProfileEnricherBuilder(Throw.IfNull(innerEnricherFactory));
        services.Add(new ServiceDescriptor(typeof(IProfileEnricher), provider => builder.Build(provider), lifetime));
        return builder;
    }
}
