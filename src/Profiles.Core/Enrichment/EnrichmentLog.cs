// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Profiles.Core;

/// <summary>The enrichment stage's log messages. Prompts, answers and insights (payloads) are logged only at Trace.</summary>
internal static partial class EnrichmentLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Enriching person {Person} from {EventCount} events.")]
    public static partial void EnrichStarted(ILogger logger, PersonId person, int eventCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug,
        Message = "Person {Person}: {Outcome} after {Calls} calls, {InputTokens} input and {OutputTokens} output tokens.")]
    public static partial void EnrichCompleted(ILogger logger, PersonId person, EnrichmentOutcome outcome, int calls, long inputTokens, long outputTokens);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Person {Person} fell back: {Reason} ({Detail}).")]
    public static partial void EnrichFellBack(ILogger logger, PersonId person, EnrichmentFallbackReason reason, string? detail);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Enrichment of person {Person} was canceled.")]
    public static partial void EnrichCanceled(ILogger logger, PersonId person);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Enrichment of person {Person} threw.")]
    public static partial void EnrichFailed(ILogger logger, PersonId person, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Trace, Message = "Person {Person} insight: {Summary} [{Tags}]")]
    public static partial void InsightPayload(ILogger logger, PersonId person, string summary, string tags);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Trace,
        Message = "Person {Person} prompt ({Tokens} tokens, {Items} items, {Texts} texts): {UserPrompt}")]
    public static partial void PromptPayload(ILogger logger, PersonId person, int tokens, int items, int texts, string userPrompt);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Trace, Message = "Person {Person} answer: {Answer}")]
    public static partial void AnswerPayload(ILogger logger, PersonId person, string answer);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Person {Person}: insight served from the cache.")]
    public static partial void CacheHit(ILogger logger, PersonId person);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "The insight cache could not be read; the entry is treated as missing.")]
    public static partial void CacheReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "The insight cache could not be written.")]
    public static partial void CacheWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information,
        Message = "Person {Person}: attempt {Attempt} failed with {ExceptionType}; retrying in {DelayMs} ms.")]
    public static partial void RetryScheduled(ILogger logger, PersonId person, int attempt, string exceptionType, double delayMs);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Person {Person}: the run's budget is exhausted; no call made.")]
    public static partial void BudgetExhausted(ILogger logger, PersonId person);
}
