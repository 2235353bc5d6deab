// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Profiles.Core;

/// <summary>Adds <see cref="LoggingRecommender"/> to a recommendation pipeline.</summary>
public static class LoggingRecommenderBuilderExtensions
{
    /// <summary>Adds a stage that logs every recommendation.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> to take it from the services, or to log
    /// nothing when they have none.</param>
    /// <param name="configure">Configures the stage; may be <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static RecommenderBuilder UseLogging(this RecommenderBuilder builder, ILoggerFactory? loggerFactory = null,
        Action<LoggingRecommender>? configure = null) =>
        Throw.IfNull(builder).Use((inner, services) =>
        {
            ILoggerFactory factory = loggerFactory ?? services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var recommender = new LoggingRecommender(inner, factory.CreateLogger<LoggingRecommender>());
            configure?.Invoke(recommender);
            return recommender;
        });
}
