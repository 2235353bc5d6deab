// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Profiles.Core;

/// <summary>Adds <see cref="LoggingProfileEnricher"/> to an enrichment pipeline.</summary>
public static class LoggingProfileEnricherBuilderExtensions
{
    /// <summary>Adds a stage that logs every enrichment.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> to take it from the services, or to log
    /// nothing when they have none.</param>
    /// <param name="configure">Configures the stage; may be <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ProfileEnricherBuilder UseLogging(this ProfileEnricherBuilder builder, ILoggerFactory? loggerFactory = null,
        Action<LoggingProfileEnricher>? configure = null) =>
        Throw.IfNull(builder).Use((inner, services) =>
        {
            ILoggerFactory factory = loggerFactory ?? services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var enricher = new LoggingProfileEnricher(inner, factory.CreateLogger<LoggingProfileEnricher>());
            configure?.Invoke(enricher);
            return enricher;
        });
}
