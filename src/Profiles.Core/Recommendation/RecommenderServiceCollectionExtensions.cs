// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;

namespace Profiles.Core;

/// <summary>Registers a recommendation pipeline with dependency injection.</summary>
public static class RecommenderServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="IRecommender"/> built from <paramref name="innerRecommenderFactory"/> and the stages
    /// added to the returned builder; usage: <c>services.AddRecommender(f).UseLogging().UseCaching();</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="innerRecommenderFactory">Creates the innermost recommender.</param>
    /// <param name="lifetime">The registration's lifetime.</param>
    /// <returns>The builder, to add stages to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="innerRecommenderFactory"/> is <see langword="null"/>.</exception>
    public static RecommenderBuilder AddRecommender(this IServiceCollection services,
        Func<IServiceProvider, IRecommender> innerRecommenderFactory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        Throw.IfNull(services);
        var builder = new RecommenderBuilder(Throw.IfNull(innerRecommenderFactory));
        services.Add(new ServiceDescriptor(typeof(IRecommender), provider => builder.Build(provider), lifetime));
        return builder;
    }

    /// <summary>Registers <paramref name="innerRecommender"/> as a singleton <see cref="IRecommender"/>, wrapped in the
    /// stages added to the returned builder.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="innerRecommender">The innermost recommender.</param>
    /// <returns>The builder, to add stages to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="innerRecommender"/> is <see langword="null"/>.</exception>
    public static RecommenderBuilder AddRecommender(this IServiceCollection services, IRecommender innerRecommender)
    {
        Throw.IfNull(innerRecommender);
        return AddRecommender(services, _ => innerRecommender);
    }
}
