// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.Tokenizers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Profiles.Core;

/// <summary>Enriches profiles with any <see cref="IChatClient"/>: builds a redacted, token-budgeted prompt from the
/// training window, asks for structured output, validates the answer, and falls back with a recorded reason when it
/// cannot enrich.</summary>
/// <remarks>
/// <para>One call: the request's events are folded into the person's top catalogued items and own texts (see
/// <see cref="EnrichmentRequest"/> for the training window); texts, titles and categories are redacted (e-mails, URLs
/// with query strings, the account records' identifiers, phone numbers, long digit runs); the prompt is trimmed to
/// <see cref="ChatProfileEnricherOptions.MaxPromptTokens"/>; the cache is read; then the model is asked through a Polly
/// pipeline (a per-request timeout inside exponential-backoff retries with seeded jitter), one call and its tokens
/// reserved from the run's <see cref="EnrichmentBudget"/> before every attempt.</para>
/// <para>The answer is validated: tags outside the vocabulary dropped, evidence outside the person's history dropped,
/// weights clamped, the summary cut. An empty, malformed or refused answer, a timeout, transient failures that outlast
/// the retries and an exhausted budget all fall back to <see cref="ChatProfileEnricherOptions.Fallback"/> with the
/// reason recorded; only invalid arguments and cancellation throw.</para>
/// <para>For traces and metrics, build the chat client with MEAI's <c>UseOpenTelemetry</c> (see docs/llm.md). This
/// enricher does not own the chat client and does not dispose it. This type is thread-safe.</para>
/// </remarks>
public sealed class ChatProfileEnricher : IProfileEnricher
{
    /// <summary>The version of the prompt and the answer's schema; part of every cache key, so a new version misses the
    /// old entries.</summary>
    public const string PromptVersion = "profile-insight-v1";

    private static readonly Lazy<Tokenizer> s_defaultTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly ResiliencePropertyKey<CallState> s_callKey = new("Profiles.Core.Enrichment.Call");
    private readonly ChatProfileEnricherOptions _options;
    private readonly ILogger _logger;
    private readonly InsightPrompt _prompt;
    private readonly InsightValidator _validator;
    private readonly ResiliencePipeline _pipeline;
    private readonly ChatOptions _chatOptions;
    private readonly Func<Exception, bool> _isTransient;
    private readonly string _modelId;

    /// <summary>Initializes a new instance of the <see cref="ChatProfileEnricher"/> class.</summary>
    /// <param name="options">The options; copied.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none. Prompts and answers are logged only at Trace.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The vocabulary is empty, or the system prompt and vocabulary alone take more
    /// than half of <see cref="ChatProfileEnricherOptions.MaxPromptTokens"/>.</exception>
    public ChatProfileEnricher(ChatProfileEnricherOptions options, ILogger? logger = null)
    {
        _options = Throw.IfNull(options).Clone();
        _logger = logger ?? NullLogger.Instance;
        if (_options.Vocabulary.Count == 0)
        {
            Throw.Argument(nameof(options), "The options need a vocabulary of at least one tag.");
        }

        string[] vocabulary = [.. _options.Vocabulary];
        _prompt = new InsightPrompt(vocabulary, _options.SummaryMaxWords, _options.MaxInterests, _options.MaxItems, _options.MaxTexts,
            _options.MaxTextLength, _options.MaxPromptTokens, _options.Tokenizer ?? s_defaultTokenizer.Value);
        if (_prompt.FixedTokens > _options.MaxPromptTokens / 2)
        {
            Throw.Argument(nameof(options), $"The system prompt and the vocabulary take {_prompt.FixedTokens} tokens, more than half of MaxPromptTokens ({_options.MaxPromptTokens}); raise it or shorten the vocabulary.");
        }

        _validator = new InsightValidator(vocabulary, _options.SummaryMaxWords, _options.MaxInterests, _options.MaxEvidencePerInterest);
        _chatOptions = _options.ChatOptions?.Clone() ?? new ChatOptions();
        _chatOptions.MaxOutputTokens ??= _options.MaxOutputTokens;
        _modelId = _chatOptions.ModelId ?? _options.ChatClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        _isTransient = _options.IsTransient ?? TransientErrors.IsTransient;
        _pipeline = BuildPipeline();
        Metadata = new ProfileEnricherMetadata("chat", _modelId, PromptVersion);
    }

    /// <summary>Gets what this enricher is: <c>chat</c>, the model id and <see cref="PromptVersion"/>.</summary>
    public ProfileEnricherMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<EnrichmentResult> EnrichAsync(EnrichmentRequest request, EnrichmentOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        ProfileDigest digest = ProfileDigest.Create(request, _options.SignalWeights);
        var call = new CallState(this, request.Profile.Person, options?.Budget) { DroppedEvents = digest.DroppedEvents };
        if (digest.IsEmpty)
        {
            return await FallBackAsync(request, call, EnrichmentFallbackReason.NoHistory, "nothing catalogued and no text in the training window",
                default, cancellationToken).ConfigureAwait(false);
        }

        PromptParts prompt = _prompt.Build(digest, new PiiRedactor(request.Accounts));
        call.RedactedSpans = prompt.RedactedSpans;
        call.PromptTokens = prompt.Tokens;
        call.Messages = [new ChatMessage(ChatRole.System, prompt.System), new ChatMessage(ChatRole.User, prompt.User)];
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            EnrichmentLog.PromptPayload(_logger, call.Person, prompt.Tokens, prompt.Items, prompt.Texts, prompt.User);
        }

        string? cacheKey = null;
        if (_options.Cache is { } cache)
        {
            cacheKey = CacheKey(prompt);
            if (await ReadCacheAsync(cache, cacheKey, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                EnrichmentLog.CacheHit(_logger, call.Person);
                return new EnrichmentResult(request.Profile with { Insight = cached }, EnrichmentOutcome.FromCache)
                {
                    Insight = cached,
                    DroppedEvents = call.DroppedEvents,
                    RedactedSpans = call.RedactedSpans,
                };
            }
        }

        ChatResponse<InsightAnswer> response;
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(s_callKey, call);
            response = await _pipeline.ExecuteAsync(static (ctx, state) => state.Owner.AttemptAsync(state, ctx.CancellationToken), context, call)
                .ConfigureAwait(false);
        }
        catch (BudgetExhaustedException)
        {
            EnrichmentLog.BudgetExhausted(_logger, call.Person);
            return await FallBackAsync(request, call, EnrichmentFallbackReason.BudgetExhausted, "the run's budget of calls or tokens is spent",
                default, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return await FallBackAsync(request, call, Classify(ex), Describe(ex), default, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return await CompleteAsync(request, call, digest, response, cacheKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the insight cached for <paramref name="request"/> from <see cref="ChatProfileEnricherOptions.Cache"/>:
    /// the entry <see cref="EnrichAsync"/> reads and writes for the same request, so enriching it again calls the model.</summary>
    /// <param name="request">The request the person was enriched with (the same profile, events, catalogue and account
    /// records: the cache key is a hash of the redacted prompt they make).</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns><see langword="true"/> when an entry was cached and removed; <see langword="false"/> when there is no cache,
    /// the request makes no prompt (nothing to enrich) or nothing was cached under its key.</returns>
    /// <remarks><para>The key is computed, not looked up: a request that differs from the one enriched (other events or
    /// account records) names another entry. Cache failures propagate, unlike in <see cref="EnrichAsync"/>: an erasure
    /// must not pass silently. This method is thread-safe.</para></remarks>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> ForgetAsync(EnrichmentRequest request, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.Cache is not { } cache)
        {
            return false;
        }

        ProfileDigest digest = ProfileDigest.Create(request, _options.SignalWeights);
        if (digest.IsEmpty)
        {
            return false;
        }

        string key = CacheKey(_prompt.Build(digest, new PiiRedactor(request.Accounts)));
        byte[]? cached = await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        await cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        return cached is not null;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(ProfileEnricherMetadata))
            {
                return Metadata;
            }

            if (serviceType.IsInstanceOfType(this))
            {
                return this;
            }
        }

        return _options.ChatClient.GetService(serviceType, serviceKey);
    }

    /// <summary>Does nothing: the chat client, cache and fallback belong to the caller.</summary>
    public void Dispose()
    {
    }

    private async Task<EnrichmentResult> CompleteAsync(EnrichmentRequest request, CallState call, ProfileDigest digest,
        ChatResponse<InsightAnswer> response, string? cacheKey, CancellationToken cancellationToken)
    {
        if (response.FinishReason == ChatFinishReason.ContentFilter || Refusal(response) is not null)
        {
            return await FallBackAsync(request, call, EnrichmentFallbackReason.Refusal, Refusal(response) ?? "content filter",
                default, cancellationToken).ConfigureAwait(false);
        }

        string text = response.Text;
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            EnrichmentLog.AnswerPayload(_logger, call.Person, text);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return await FallBackAsync(request, call, EnrichmentFallbackReason.EmptyAnswer, "the answer has no text", default, cancellationToken)
                .ConfigureAwait(false);
        }

        InsightAnswer? answer;
        try
        {
            answer = response.TryGetResult(out InsightAnswer? result) ? result : null;
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is null)
        {
            return await FallBackAsync(request, call, EnrichmentFallbackReason.MalformedAnswer, "the answer is not JSON of the requested shape",
                default, cancellationToken).ConfigureAwait(false);
        }

        ValidatedInsight validated = _validator.Validate(answer, digest.History, _modelId);
        if (validated.Insight is not { } insight)
        {
            return await FallBackAsync(request, call, EnrichmentFallbackReason.EmptyAnswer, "nothing of the answer survived validation",
                validated, cancellationToken).ConfigureAwait(false);
        }

        if (cacheKey is not null)
        {
            await WriteCacheAsync(_options.Cache!, cacheKey, insight, cancellationToken).ConfigureAwait(false);
        }

        return new EnrichmentResult(request.Profile with { Insight = insight }, EnrichmentOutcome.Enriched)
        {
            Insight = insight,
            Calls = call.Calls,
            InputTokens = call.InputTokens,
            OutputTokens = call.OutputTokens,
            DroppedEvents = call.DroppedEvents,
            RedactedSpans = call.RedactedSpans,
            DroppedTags = validated.DroppedTags,
            DroppedEvidence = validated.DroppedEvidence,
            ClampedValues = validated.ClampedValues,
            SummaryTruncated = validated.SummaryTruncated,
        };
    }

    private async ValueTask<ChatResponse<InsightAnswer>> AttemptAsync(CallState call, CancellationToken cancellationToken)
    {
        long reserved = call.PromptTokens + (long)_chatOptions.MaxOutputTokens!.Value;
        if (call.Budget is { } budget && !budget.TryReserve(reserved))
        {
            throw new BudgetExhaustedException();
        }

        call.Calls++;
        ChatResponse<InsightAnswer> response;
        try
        {
            response = await _options.ChatClient.GetResponseAsync<InsightAnswer>(call.Messages, EnrichmentJsonContext.Default.Options, _chatOptions,
                _options.UseJsonSchemaResponseFormat, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            call.Budget?.Commit(reserved, 0);
            throw;
        }

        long input = response.Usage?.InputTokenCount ?? call.PromptTokens;
        long output = response.Usage?.OutputTokenCount ?? (string.IsNullOrEmpty(response.Text) ? 0 : _prompt.CountTokens(response.Text));
        call.Budget?.Commit(reserved, Math.Max(0, input) + Math.Max(0, output));
        call.InputTokens += input;
        call.OutputTokens += output;
        return response;
    }

    private async Task<EnrichmentResult> FallBackAsync(EnrichmentRequest request, CallState call, EnrichmentFallbackReason reason, string detail,
        ValidatedInsight validated, CancellationToken cancellationToken)
    {
        UserProfile profile = request.Profile;
        ProfileInsight? insight = null;
        if (_options.Fallback is { } fallback)
        {
            EnrichmentResult inner = await fallback.EnrichAsync(request, null, cancellationToken).ConfigureAwait(false);
            if (inner.Insight is { } fallbackInsight)
            {
                insight = fallbackInsight;
                profile = profile with { Insight = insight };
            }
        }

        return new EnrichmentResult(profile, EnrichmentOutcome.Fallback)
        {
            Insight = insight,
            FallbackReason = reason,
            FallbackDetail = detail,
            Calls = call.Calls,
            InputTokens = call.InputTokens,
            OutputTokens = call.OutputTokens,
            DroppedEvents = call.DroppedEvents,
            RedactedSpans = call.RedactedSpans,
            DroppedTags = validated.DroppedTags,
            DroppedEvidence = validated.DroppedEvidence,
            ClampedValues = validated.ClampedValues,
            SummaryTruncated = validated.SummaryTruncated,
        };
    }

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider };
        if (_options.MaxRetries > 0)
        {
            var jitter = new SeededRandom(_options.JitterSeed);
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                Randomizer = jitter.NextDouble,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } ex && ShouldRetry(ex, args.Context.CancellationToken)),

                // A service that says how long to wait (429 or 503 with Retry-After) is obeyed, up to MaxRetryDelay.
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is { } ex &&
                    TransientErrors.RetryAfterOf(ex, _options.TimeProvider.GetUtcNow()) is { } wait
                        ? (wait < _options.MaxRetryDelay ? wait : _options.MaxRetryDelay)
                        : null),
                OnRetry = args =>
                {
                    if (_logger.IsEnabled(LogLevel.Information) && args.Context.Properties.TryGetValue(s_callKey, out CallState? call))
                    {
                        string exceptionType = args.Outcome.Exception?.GetType().Name ?? "no exception";
                        EnrichmentLog.RetryScheduled(_logger, call.Person, args.AttemptNumber + 1, exceptionType, args.RetryDelay.TotalMilliseconds);
                    }

                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _options.CallTimeout });
        return builder.Build();
    }

    private bool ShouldRetry(Exception exception, CancellationToken cancellationToken) =>
        exception is not BudgetExhaustedException && !cancellationToken.IsCancellationRequested &&
        (exception is TimeoutRejectedException or OperationCanceledException || _isTransient(exception));

    private EnrichmentFallbackReason Classify(Exception exception) => exception switch
    {
        TimeoutRejectedException or OperationCanceledException or TimeoutException => EnrichmentFallbackReason.Timeout,
        _ when _isTransient(exception) => EnrichmentFallbackReason.ServiceUnavailable,

        // The client could not parse the service's reply itself (a cut or garbled response envelope): a malformed answer.
        _ when IsMalformedReply(exception) => EnrichmentFallbackReason.MalformedAnswer,
        _ => EnrichmentFallbackReason.Failed,
    };

    private static bool IsMalformedReply(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is JsonException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception exception)
    {
        string message = exception.Message.ReplaceLineEndings(" ");
        return $"{exception.GetType().Name}: {(message.Length > 200 ? string.Concat(message.AsSpan(0, 200), "...") : message)}";
    }

    private static string? Refusal(ChatResponse response)
    {
        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is ErrorContent error)
                {
                    return string.IsNullOrWhiteSpace(error.Message) ? "the model refused" : "the model refused: " + error.Message;
                }
            }
        }

        return null;
    }

    private string CacheKey(PromptParts prompt)
    {
        string material = string.Join('\n', PromptVersion, _modelId, _options.UseJsonSchemaResponseFormat ? "schema" : "prompt", prompt.System, prompt.User);
        return $"profiles:insight:{PromptVersion}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))}";
    }

    private async Task<ProfileInsight?> ReadCacheAsync(IDistributedCache cache, string key, CancellationToken cancellationToken)
    {
        try
        {
            byte[]? bytes = await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (bytes is null || JsonSerializer.Deserialize(bytes, EnrichmentJsonContext.Default.CachedInsight) is not { } cached)
            {
                return null;
            }

            var interests = new InsightInterest[cached.Interests.Count];
            for (int i = 0; i < interests.Length; i++)
            {
                CachedInterest interest = cached.Interests[i];
                var evidence = new ItemKey[interest.Evidence.Count];
                for (int j = 0; j < evidence.Length; j++)
                {
                    string[] pair = interest.Evidence[j];
                    evidence[j] = new ItemKey(pair[0], pair[1]);
                }

                interests[i] = new InsightInterest(interest.Tag, interest.Weight) { Evidence = evidence };
            }

            return new ProfileInsight(cached.Summary, interests, cached.Confidence) { Source = cached.Source };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EnrichmentLog.CacheReadFailed(_logger, ex);
            return null;
        }
    }

    private async Task WriteCacheAsync(IDistributedCache cache, string key, ProfileInsight insight, CancellationToken cancellationToken)
    {
        var cached = new CachedInsight { Summary = insight.Summary, Confidence = insight.Confidence, Source = insight.Source };
        foreach (InsightInterest interest in insight.Interests)
        {
            var entry = new CachedInterest { Tag = interest.Tag, Weight = interest.Weight };
            foreach (ItemKey item in interest.Evidence)
            {
                entry.Evidence.Add([item.Platform.Value, item.Item.Value]);
            }

            cached.Interests.Add(entry);
        }

        try
        {
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(cached, EnrichmentJsonContext.Default.CachedInsight);
            await cache.SetAsync(key, bytes, _options.CacheEntryOptions ?? new DistributedCacheEntryOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EnrichmentLog.CacheWriteFailed(_logger, ex);
        }
    }

    /// <summary>The state of one enrichment across its attempts; attempts run one after another, so no locking.</summary>
    private sealed class CallState(ChatProfileEnricher owner, PersonId person, EnrichmentBudget? budget)
    {
        public ChatProfileEnricher Owner { get; } = owner;

        public PersonId Person { get; } = person;

        public EnrichmentBudget? Budget { get; } = budget;

        public IList<ChatMessage> Messages { get; set; } = [];

        public int PromptTokens { get; set; }

        public int Calls { get; set; }

        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }

        public int DroppedEvents { get; set; }

        public int RedactedSpans { get; set; }
    }

    /// <summary>Thrown inside the pipeline when the budget refuses a reservation; never retried, never escapes.</summary>
    private sealed class BudgetExhaustedException : Exception
    {
        public BudgetExhaustedException()
            : base("The run's enrichment budget is exhausted.")
        {
        }
    }
}
