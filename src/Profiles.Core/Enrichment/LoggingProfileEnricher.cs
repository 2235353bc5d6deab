// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Profiles.Core;

/// <summary>Logs every enrichment that passes through: its outcome at Debug, fallbacks at Warning, the insight's text
/// only at Trace.</summary>
/// <remarks><para>This type is thread-safe when the inner enricher is.</para></remarks>
public sealed class LoggingProfileEnricher : DelegatingProfileEnricher
{
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="LoggingProfileEnricher"/> class.</summary>
    /// <param name="innerEnricher">The enricher calls go to.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerEnricher"/> or <paramref name="logger"/> is <see langword="null"/>.</exception>
    public LoggingProfileEnricher(IProfileEnricher innerEnricher, ILogger logger)
        : base(innerEnricher) => _logger = Throw.IfNull(logger);

    /// <inheritdoc />
    public override async Task<EnrichmentResult> EnrichAsync(EnrichmentRequest request, EnrichmentOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        EnrichmentLog.EnrichStarted(_logger, request.Profile.Person, request.Events.Count);
        EnrichmentResult result;
        try
        {
            result = await base.EnrichAsync(request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            EnrichmentLog.EnrichCanceled(_logger, request.Profile.Person);
            throw;
        }
        catch (Exception ex)
        {
            EnrichmentLog.EnrichFailed(_logger, request.Profile.Person, ex);
            throw;
        }

        if (result.Outcome == EnrichmentOutcome.Fallback)
        {
            EnrichmentLog.EnrichFellBack(_logger, request.Profile.Person, result.FallbackReason, result.FallbackDetail);
        }
        else
        {
            EnrichmentLog.EnrichCompleted(_logger, request.Profile.Person, result.Outcome, result.Calls, result.InputTokens, result.OutputTokens);
        }

        if (_logger.IsEnabled(LogLevel.Trace) && result.Insight is { } insight)
        {
            string tags = string.Join(", ", InterestTags(insight));
            EnrichmentLog.InsightPayload(_logger, request.Profile.Person, insight.Summary, tags);
        }

        return result;
    }

    private static string[] InterestTags(ProfileInsight insight)
    {
        var tags = new string[insight.Interests.Count];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = insight.Interests[i].Tag;
        }

        return tags;
    }
}
