// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.ML.Tokenizers;

namespace Profiles.Core;

/// <summary>Options of <see cref="ChatProfileEnricher"/>: the chat client, the vocabulary, the prompt's limits, the
/// resilience settings (timeout, retries, jitter), the cache and the fallback.</summary>
/// <remarks>Options are validated when set. <see cref="ChatProfileEnricher"/> copies them, so later changes do not
/// affect it.</remarks>
public class ChatProfileEnricherOptions
{
    /// <summary>Initializes a new instance of the <see cref="ChatProfileEnricherOptions"/> class.</summary>
    /// <param name="chatClient">The chat client to ask: any <see cref="IChatClient"/> (Ollama, an OpenAI-compatible server,
    /// LLamaSharp, or a pipeline built with <see cref="ChatClientBuilder"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> is <see langword="null"/>.</exception>
    public ChatProfileEnricherOptions(IChatClient chatClient) => ChatClient = Throw.IfNull(chatClient);

    /// <summary>Initializes a new instance of the <see cref="ChatProfileEnricherOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ChatProfileEnricherOptions(ChatProfileEnricherOptions other)
    {
        _ = Throw.IfNull(other);
        ChatClient = other.ChatClient;
        ChatOptions = other.ChatOptions?.Clone();
        Vocabulary = other.Vocabulary;
        SummaryMaxWords = other.SummaryMaxWords;
        MaxInterests = other.MaxInterests;
        MaxEvidencePerInterest = other.MaxEvidencePerInterest;
        MaxPromptTokens = other.MaxPromptTokens;
        MaxOutputTokens = other.MaxOutputTokens;
        MaxItems = other.MaxItems;
        MaxTexts = other.MaxTexts;
        MaxTextLength = other.MaxTextLength;
        UseJsonSchemaResponseFormat = other.UseJsonSchemaResponseFormat;
        CallTimeout = other.CallTimeout;
        MaxRetries = other.MaxRetries;
        RetryDelay = other.RetryDelay;
        MaxRetryDelay = other.MaxRetryDelay;
        JitterSeed = other.JitterSeed;
        IsTransient = other.IsTransient;
        Cache = other.Cache;
        CacheEntryOptions = other.CacheEntryOptions;
        Fallback = other.Fallback;
        SignalWeights = other.SignalWeights;
        Tokenizer = other.Tokenizer;
        TimeProvider = other.TimeProvider;
    }

    /// <summary>Gets the chat client asked for insights.</summary>
    public IChatClient ChatClient { get; }

    /// <summary>Gets or sets the chat options of every request (model id, temperature...); the enricher sets the response
    /// format and, when unset here, <see cref="ChatOptions.MaxOutputTokens"/>.</summary>
    /// <value>The default is <see langword="null"/>: the client's defaults.</value>
    public ChatOptions? ChatOptions { get; set; }

    /// <summary>Gets or sets the tag vocabulary: the only tags an insight may hold. Matching is case-insensitive; the
    /// insight uses the vocabulary's spelling.</summary>
    /// <value>The default is empty; <see cref="ChatProfileEnricher"/> needs at least one tag. No tag may be blank or repeated.</value>
    /// <exception cref="ArgumentException">A tag is blank or repeated (ignoring case).</exception>
    public IReadOnlyList<string> Vocabulary
    {
        get;
        set => field = CopyVocabulary(Throw.IfNull(value), nameof(value));
    } = Array.Empty<string>();

    /// <summary>Gets or sets the most words of an insight's summary; longer summaries are cut, and so are words longer
    /// than 40 characters, so that a hostile answer cannot smuggle a long blob through the word limit.</summary>
    /// <value>The default is 40. From 1 to 400.</value>
    public int SummaryMaxWords { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 1), 400, nameof(value)); } = 40;

    /// <summary>Gets or sets the most interests of an insight.</summary>
    /// <value>The default is 8. At least 1.</value>
    public int MaxInterests { get; set => field = Throw.IfLessThan(value, 1); } = 8;

    /// <summary>Gets or sets the most evidence items kept per interest.</summary>
    /// <value>The default is 5. At least 0.</value>
    public int MaxEvidencePerInterest { get; set => field = Throw.IfLessThan(value, 0); } = 5;

    /// <summary>Gets or sets the token budget of a prompt (system and user messages together), counted with <see cref="Tokenizer"/>.</summary>
    /// <value>The default is 2,000. At least 200.</value>
    public int MaxPromptTokens { get; set => field = Throw.IfLessThan(value, 200); } = 2000;

    /// <summary>Gets or sets the most output tokens a request may spend; reserved from the budget before each request.</summary>
    /// <value>The default is 600. At least 16.</value>
    public int MaxOutputTokens { get; set => field = Throw.IfLessThan(value, 16); } = 600;

    /// <summary>Gets or sets the most items of a prompt (the person's strongest first).</summary>
    /// <value>The default is 40. At least 1.</value>
    public int MaxItems { get; set => field = Throw.IfLessThan(value, 1); } = 40;

    /// <summary>Gets or sets the most texts of the person's (comments, reviews, searches) in a prompt (newest first).</summary>
    /// <value>The default is 20. At least 0.</value>
    public int MaxTexts { get; set => field = Throw.IfLessThan(value, 0); } = 20;

    /// <summary>Gets or sets the most characters kept of one text, after redaction.</summary>
    /// <value>The default is 300. At least 16.</value>
    public int MaxTextLength { get; set => field = Throw.IfLessThan(value, 16); } = 300;

    /// <summary>Gets or sets a value indicating whether requests carry the answer's JSON schema as the response format
    /// (OpenAI <c>json_schema</c>, Ollama <c>format</c>); when <see langword="false"/> the schema goes in the prompt only.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseJsonSchemaResponseFormat { get; set; } = true;

    /// <summary>Gets or sets the timeout of one request; a request past it is cancelled and retried.</summary>
    /// <value>The default is 60 seconds. From 10 milliseconds to 1 day.</value>
    public TimeSpan CallTimeout
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, TimeSpan.FromMilliseconds(10)), TimeSpan.FromDays(1), nameof(value));
    } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the most retries of a request after a transient failure (see <see cref="IsTransient"/>).</summary>
    /// <value>The default is 3. From 0 to 20.</value>
    public int MaxRetries { get; set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, 0), 20, nameof(value)); } = 3;

    /// <summary>Gets or sets the base delay of the exponential backoff: retry <c>k</c> waits about <c>RetryDelay * 2^(k-1)</c>,
    /// with decorrelated jitter.</summary>
    /// <value>The default is 1 second. From 0 to 1 hour.</value>
    public TimeSpan RetryDelay
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, TimeSpan.Zero), TimeSpan.FromHours(1), nameof(value));
    } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between retries; it also caps the wait a service asks for with
    /// <c>Retry-After</c> or <c>retry-after-ms</c> (honoured when the client's exception exposes the raw response, as the
    /// OpenAI and Azure SDKs' do).</summary>
    /// <value>The default is 30 seconds. From 0 to 1 day.</value>
    public TimeSpan MaxRetryDelay
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfLessThan(value, TimeSpan.Zero), TimeSpan.FromDays(1), nameof(value));
    } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the seed of the retry jitter, so that a run's delays are reproducible.</summary>
    /// <value>The default is 20261129.</value>
    public long JitterSeed { get; set; } = 20261129;

    /// <summary>Gets or sets the test of whether a failed request is worth retrying.</summary>
    /// <value>The default is <see langword="null"/>: timeouts, lost connections, and HTTP 408, 429 and 5xx as reported by
    /// <see cref="System.Net.Http.HttpRequestException.StatusCode"/> or by an SDK exception's integer <c>Status</c>.</value>
    public Func<Exception, bool>? IsTransient { get; set; }

    /// <summary>Gets or sets the cache of validated insights, keyed by the hash of the redacted prompt (the profile's
    /// content as sent), <see cref="ChatProfileEnricher.PromptVersion"/> and the model id; a hit makes no call.</summary>
    /// <value>The default is <see langword="null"/>: no cache.</value>
    public IDistributedCache? Cache { get; set; }

    /// <summary>Gets or sets the expiry of cache entries.</summary>
    /// <value>The default is <see langword="null"/>: the cache's default.</value>
    public DistributedCacheEntryOptions? CacheEntryOptions { get; set; }

    /// <summary>Gets or sets the enricher asked when the model cannot be (its insight is the fallback's), for example an
    /// <see cref="ExtractiveProfileEnricher"/>; it is called without the run's budget.</summary>
    /// <value>The default is <see langword="null"/>: a fallback leaves the profile behaviour-only.</value>
    public IProfileEnricher? Fallback { get; set; }

    /// <summary>Gets or sets how events are weighted to rank the person's items.</summary>
    /// <value>The default is <see cref="Profiles.Core.SignalWeights.Default"/>.</value>
    public SignalWeights SignalWeights { get; set => field = Throw.IfNull(value); } = SignalWeights.Default;

    /// <summary>Gets or sets the tokenizer that counts the prompt's tokens.</summary>
    /// <value>The default is <see langword="null"/>: the <c>o200k_base</c> tokenizer of the GPT-4o family.</value>
    public Tokenizer? Tokenizer { get; set; }

    /// <summary>Gets or sets the clock of timeouts and retry delays.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>; tests pass a fake.</value>
    public TimeProvider TimeProvider { get; set => field = Throw.IfNull(value); } = TimeProvider.System;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual ChatProfileEnricherOptions Clone() => new(this);

    internal static string[] CopyVocabulary(IReadOnlyList<string> vocabulary, string paramName)
    {
        var copy = new string[vocabulary.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < copy.Length; i++)
        {
            string? tag = vocabulary[i]?.Trim();
            if (string.IsNullOrEmpty(tag))
            {
                Throw.Argument(paramName, $"The tag at index {i} is blank.");
            }

            if (!seen.Add(tag))
            {
                Throw.Argument(paramName, $"The tag '{tag}' appears more than once.");
            }

            copy[i] = tag;
        }

        return copy;
    }
}
