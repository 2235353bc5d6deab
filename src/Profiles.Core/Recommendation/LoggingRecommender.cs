// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Profiles.Core;

/// <summary>Logs every recommendation that passes through: the request and its outcome at Debug, failures at Error, the
/// recommended items with their scores and explanations only at Trace.</summary>
/// <remarks><para>This type is thread-safe when the inner recommender is.</para></remarks>
public sealed class LoggingRecommender : DelegatingRecommender
{
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="LoggingRecommender"/> class.</summary>
    /// <param name="innerRecommender">The recommender calls go to.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerRecommender"/> or <paramref name="logger"/> is <see langword="null"/>.</exception>
    public LoggingRecommender(IRecommender innerRecommender, ILogger logger)
        : base(innerRecommender) => _logger = Throw.IfNull(logger);

    /// <inheritdoc />
    public override async Task<RecommendationList> RecommendAsync(UserProfile profile, RecommendationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(profile);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            string platforms = options?.Platforms is { Count: > 0 } list ? string.Join(", ", list) : "all";
            RecommendationLog.RecommendStarted(_logger, profile.Person, options?.Count ?? 10, platforms);
        }

        RecommendationList result;
        try
        {
            result = await base.RecommendAsync(profile, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RecommendationLog.RecommendCanceled(_logger, profile.Person);
            throw;
        }
        catch (Exception ex)
        {
            RecommendationLog.RecommendFailed(_logger, profile.Person, ex);
            throw;
        }

        RecommendationLog.RecommendCompleted(_logger, profile.Person, result.Count, result.Recommender, result.Source);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            var items = new StringBuilder();
            foreach (Recommendation item in result)
            {
                items.Append(items.Length == 0 ? string.Empty : " | ").Append(item.Item.ToString()).Append(' ')
                    .Append(item.Score.ToString("G6", CultureInfo.InvariantCulture)).Append(" (").Append(item.Explanation.Summary).Append(')');
            }

            string payload = items.ToString();
            RecommendationLog.RecommendPayload(_logger, profile.Person, payload);
        }

        return result;
    }
}
