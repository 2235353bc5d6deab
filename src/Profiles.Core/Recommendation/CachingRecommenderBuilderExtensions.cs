// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Adds <see cref="CachingRecommender"/> to a recommendation pipeline.</summary>
public static class CachingRecommenderBuilderExtensions
{
    /// <summary>Adds a stage that caches lists by person and options (bounded, least recently used evicted first).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="capacity">The most lists kept.</param>
    /// <param name="configure">Configures the stage; may be <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public static RecommenderBuilder UseCaching(this RecommenderBuilder builder, int capacity = 10_000, Action<CachingRecommender>? configure = null)
    {
        Throw.IfNull(builder);
        Throw.IfLessThan(capacity, 1);
        return builder.Use(inner =>
        {
            var recommender = new CachingRecommender(inner, capacity);
            configure?.Invoke(recommender);
            return recommender;
        });
    }
}
