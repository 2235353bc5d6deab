// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Profiles.Core;

/// <summary>The recommendation stage's log messages. Recommended items (payloads) are logged only at Trace.</summary>
internal static partial class RecommendationLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Recommending {Count} items for person {Person} (platforms: {Platforms}).")]
    public static partial void RecommendStarted(ILogger logger, PersonId person, int count, string platforms);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Person {Person}: {Returned} items from {Recommender} ({Source}).")]
    public static partial void RecommendCompleted(ILogger logger, PersonId person, int returned, string recommender, RecommendationSource source);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Recommendation for person {Person} was canceled.")]
    public static partial void RecommendCanceled(ILogger logger, PersonId person);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Recommendation for person {Person} threw.")]
    public static partial void RecommendFailed(ILogger logger, PersonId person, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Trace, Message = "Person {Person} recommendations: {Items}")]
    public static partial void RecommendPayload(ILogger logger, PersonId person, string items);
}
