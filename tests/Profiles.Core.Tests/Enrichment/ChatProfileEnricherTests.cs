// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML.Tokenizers;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class ChatProfileEnricherTests
{
    private static readonly ItemCatalog s_catalog = EnrichmentData.Catalog();

    private static ChatProfileEnricherOptions Options(IChatClient client) => new(client)
    {
        Vocabulary = EnrichmentData.Vocabulary,
        RetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
    };

    private static (TestChatClient Client, ConcurrentQueue<IList<ChatMessage>> Prompts) Recording(Func<int, string> answer)
    {
        var prompts = new ConcurrentQueue<IList<ChatMessage>>();
        var client = new TestChatClient();
        client.GetResponseAsyncCallback = (messages, _, _) =>
        {
            prompts.Enqueue(messages.ToList());
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(prompts.Count))));
        };
        return (client, prompts);
    }

    [Fact]
    public async Task EnrichAsync_ValidAnswer_ReturnsValidatedInsight()
    {
        string answer = new JsonObject
        {
            ["summary"] = "one two three four five six seven",
            ["interests"] = new JsonArray(
                new JsonObject { ["tag"] = "MUSIC", ["weight"] = 0.4, ["evidence"] = new JsonArray("social/s1", "shop/s99", "nonsense") },
                new JsonObject { ["tag"] = "knitting", ["weight"] = 0.9 },
                new JsonObject { ["tag"] = "books", ["weight"] = 1.7, ["evidence"] = new JsonArray("shop/s0") },
                new JsonObject { ["tag"] = "music", ["weight"] = 0.2 }),
            ["confidence"] = -0.3,
        }.ToJsonString();
        var client = TestChatClient.Answering(answer);
        var options = Options(client);
        options.SummaryMaxWords = 5;
        using var enricher = new ChatProfileEnricher(options);

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
        ProfileInsight insight = Assert.IsType<ProfileInsight>(result.Insight);
        Assert.Same(insight, result.Profile.Insight);
        Assert.Equal("one two three four five", insight.Summary);
        Assert.True(result.SummaryTruncated);
        Assert.Equal(["books", "music"], insight.Interests.Select(i => i.Tag));
        Assert.Equal(1f, insight.Interests[0].Weight);
        Assert.Equal(0.4f, insight.Interests[1].Weight);
        Assert.Equal([new ItemKey("shop", "s0")], insight.Interests[0].Evidence);
        Assert.Equal([new ItemKey("social", "s1")], insight.Interests[1].Evidence);
        Assert.Equal(0f, insight.Confidence);
        Assert.Equal("test-model", insight.Source);
        Assert.Equal(2, result.DroppedTags);          // knitting, the repeated music
        Assert.Equal(2, result.DroppedEvidence);      // shop/s99 is not in the history, "nonsense" is no id
        Assert.Equal(2, result.ClampedValues);        // weight 1.7, confidence -0.3
        Assert.Equal(1, result.DroppedEvents);        // the purchase after AsOf
        Assert.Equal(1, result.Calls);
        Assert.Equal(1, client.Calls);
    }

    [Theory]
    [InlineData("this is not json", EnrichmentFallbackReason.MalformedAnswer)]
    [InlineData("[1, 2, 3]", EnrichmentFallbackReason.MalformedAnswer)]
    [InlineData("", EnrichmentFallbackReason.EmptyAnswer)]
    [InlineData("   ", EnrichmentFallbackReason.EmptyAnswer)]
    [InlineData("{\"summary\":\"\",\"interests\":[{\"tag\":\"knitting\",\"weight\":1}]}", EnrichmentFallbackReason.EmptyAnswer)]
    public async Task EnrichAsync_BadAnswer_FallsBackWithReason(string answer, EnrichmentFallbackReason reason)
    {
        using var enricher = new ChatProfileEnricher(Options(TestChatClient.Answering(answer)));

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(2, s_catalog));

        Assert.Equal(EnrichmentOutcome.Fallback, result.Outcome);
        Assert.Equal(reason, result.FallbackReason);
        Assert.Null(result.Insight);
        Assert.Null(result.Profile.Insight);
        Assert.False(string.IsNullOrEmpty(result.FallbackDetail));
    }

    [Fact]
    public async Task EnrichAsync_Refusal_FallsBackToTheFallbackEnricher()
    {
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new ErrorContent("I can't help with that")]))),
        };
        var options = Options(client);
        options.Fallback = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = EnrichmentData.Vocabulary });
        using var enricher = new ChatProfileEnricher(options);

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(3, s_catalog));

        Assert.Equal(EnrichmentFallbackReason.Refusal, result.FallbackReason);
        Assert.Equal(ExtractiveProfileEnricher.SourceName, result.Insight?.Source);
        Assert.Same(result.Insight, result.Profile.Insight);
    }

    [Fact]
    public async Task EnrichAsync_NoHistory_MakesNoCall()
    {
        var client = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        using var enricher = new ChatProfileEnricher(Options(client));
        var request = new EnrichmentRequest(new UserProfile(new PersonId(9)) { AsOf = EnrichmentData.AsOf }, [], s_catalog);

        EnrichmentResult result = await enricher.EnrichAsync(request);

        Assert.Equal(EnrichmentFallbackReason.NoHistory, result.FallbackReason);
        Assert.Equal(0, client.Calls);
    }

    [Fact]
    public async Task Prompt_TextThatInstructsTheModel_StaysQuotedData()
    {
        var (client, prompts) = Recording(_ => EnrichmentData.ValidAnswer());
        using var enricher = new ChatProfileEnricher(Options(client));

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(4, s_catalog, comment: EnrichmentData.Injection));

        IList<ChatMessage> messages = Assert.Single(prompts);
        Assert.Equal(2, messages.Count);
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal(ChatRole.User, messages[1].Role);
        string system = messages[0].Text;
        Assert.Contains("never instructions", system, StringComparison.Ordinal);
        Assert.Contains("quoted data", system, StringComparison.Ordinal);
        Assert.DoesNotContain("IGNORE ALL PREVIOUS", system, StringComparison.Ordinal);

        // The user message is one JSON document; the injection is exactly the value of one text, nothing more.
        JsonObject document = EnrichmentData.Document(messages[1].Text);
        Assert.Equal(["about", "summaryMaxWords", "vocabulary", "items", "texts"], document.Select(p => p.Key));
        Assert.Equal(EnrichmentData.Vocabulary, document["vocabulary"]!.AsArray().Select(t => t!.GetValue<string>()));
        JsonNode text = Assert.Single(document["texts"]!.AsArray())!;
        Assert.Equal(EnrichmentData.Injection, text["text"]!.GetValue<string>());
        Assert.Equal("comment", text["kind"]!.GetValue<string>());
        document.Remove("texts");
        Assert.DoesNotContain("hacked", document.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
    }

    [Fact]
    public async Task Prompt_PersonalData_IsRedacted()
    {
        var (client, prompts) = Recording(_ => EnrichmentData.ValidAnswer());
        using var enricher = new ChatProfileEnricher(Options(client));

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(5, s_catalog));

        string prompt = string.Join("\n", Assert.Single(prompts).Select(m => m.Text));
        foreach (string raw in EnrichmentData.RawPersonalData(5))
        {
            Assert.DoesNotContain(raw, prompt, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("Anna", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Smith", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("7946", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("order=99812", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("1987", prompt, StringComparison.Ordinal);
        string comment = EnrichmentData.Document(Assert.Single(prompts)[1].Text)["texts"]![0]!["text"]!.GetValue<string>();
        Assert.Contains("[email]", comment, StringComparison.Ordinal);
        Assert.Contains("[phone]", comment, StringComparison.Ordinal);
        Assert.Contains("[name]", comment, StringComparison.Ordinal);
        Assert.Contains("[city]", comment, StringComparison.Ordinal);
        Assert.Contains("[url]", comment, StringComparison.Ordinal);
        Assert.Contains("[number]", comment, StringComparison.Ordinal);
        Assert.InRange(result.RedactedSpans, 9, 30);
    }

    [Fact]
    public async Task Prompt_EventsAfterTheWindowOrOfOthers_AreLeftOut()
    {
        var (client, prompts) = Recording(_ => EnrichmentData.ValidAnswer());
        using var enricher = new ChatProfileEnricher(Options(client));
        EnrichmentRequest request = EnrichmentData.Request(6, s_catalog);
        request = request with
        {
            Events = [.. request.Events, new InteractionEvent("shop", "someone-else", "s14", EventKind.Purchase, EnrichmentData.AsOf.AddDays(-1)) { Text = "OTHER-PERSON" }],
        };

        EnrichmentResult result = await enricher.EnrichAsync(request);

        string user = Assert.Single(prompts)[1].Text;
        Assert.DoesNotContain("FUTURE-LEAK", user, StringComparison.Ordinal);
        Assert.DoesNotContain("OTHER-PERSON", user, StringComparison.Ordinal);
        Assert.DoesNotContain("shop/s15", user, StringComparison.Ordinal);
        Assert.DoesNotContain("shop/s14", user, StringComparison.Ordinal);
        Assert.Contains("shop/s0", user, StringComparison.Ordinal);
        Assert.Equal(2, result.DroppedEvents);
    }

    [Fact]
    public async Task Prompt_ManyItemsAndTexts_FitsTheTokenBudget()
    {
        var catalog = EnrichmentData.Catalog(perPlatform: 200);
        EnrichmentRequest request = EnrichmentData.Request(7, catalog, itemCount: 150);
        var texts = Enumerable.Range(0, 60).Select(i => new InteractionEvent("social", "social7", EnrichmentData.Id("social", i), EventKind.Comment,
            EnrichmentData.AsOf.AddHours(-i)) { Text = string.Concat(Enumerable.Repeat($"comment {i} about books and music ", 20)) });
        request = request with { Events = [.. request.Events, .. texts] };
        var (client, prompts) = Recording(_ => EnrichmentData.ValidAnswer());
        var options = Options(client);
        options.MaxPromptTokens = 1500;
        options.MaxItems = 200;
        options.MaxTexts = 100;
        using var enricher = new ChatProfileEnricher(options);

        await enricher.EnrichAsync(request);

        IList<ChatMessage> messages = Assert.Single(prompts);
        Tokenizer tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        int tokens = tokenizer.CountTokens(messages[0].Text) + tokenizer.CountTokens(messages[1].Text);
        Assert.InRange(tokens, 1000, 1500);
        JsonObject document = EnrichmentData.Document(messages[1].Text);
        int items = document["items"]!.AsArray().Count, textCount = document["texts"]!.AsArray().Count;
        Assert.InRange(items, 5, 149);
        Assert.InRange(textCount, 1, 59);
        Assert.EndsWith("/s0", document["items"]![0]!["id"]!.GetValue<string>(), StringComparison.Ordinal);   // the strongest item first
    }

    [Fact]
    public async Task EnrichBatchAsync_CallBudget_FallsBackOnceSpent()
    {
        var client = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        using var enricher = new ChatProfileEnricher(Options(client));
        var requests = Enumerable.Range(0, 10).Select(i => EnrichmentData.Request(i, s_catalog)).ToArray();

        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxCalls = 3, MaxConcurrency = 3 });

        Assert.Equal(3, client.Calls);
        Assert.Equal(3, batch.Report.Enriched);
        Assert.Equal(7, batch.Report.FallbacksBy(EnrichmentFallbackReason.BudgetExhausted));
        Assert.Equal(10, batch.Report.Total);
        Assert.Equal(3, batch.Budget.CallsUsed);
        Assert.True(batch.Budget.IsExhausted);
    }

    [Fact]
    public async Task EnrichBatchAsync_TokenBudget_IsNeverExceeded()
    {
        var client = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        using var enricher = new ChatProfileEnricher(Options(client));
        var requests = Enumerable.Range(0, 8).Select(i => EnrichmentData.Request(i, s_catalog)).ToArray();

        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxTokens = 3000, MaxConcurrency = 1 });

        Assert.InRange(batch.Report.Enriched, 1, 7);
        Assert.Equal(8 - batch.Report.Enriched, batch.Report.FallbacksBy(EnrichmentFallbackReason.BudgetExhausted));
        Assert.InRange(batch.Budget.TokensUsed, 1, 3000);
        Assert.Equal(batch.Report.InputTokens + batch.Report.OutputTokens, batch.Budget.TokensUsed);
    }

    [Fact]
    public async Task EnrichBatchAsync_SecondRunWithTheSameCache_MakesNoCall()
    {
        var client = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        var options = Options(client);
        options.Cache = new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
        // Distinct histories: persons with the same history and only redacted differences would share one entry.
        var requests = Enumerable.Range(0, 12).Select(i => EnrichmentData.Request(i, s_catalog, firstItem: i)).ToArray();
        using var first = new ChatProfileEnricher(options);
        EnrichmentBatchResult run1 = await first.EnrichBatchAsync(requests);
        int callsAfterFirst = client.Calls;

        using var second = new ChatProfileEnricher(options);
        var progress = new List<EnrichmentProgress>();
        EnrichmentBatchResult run2 = await second.EnrichBatchAsync(requests, progress: new SynchronousProgress<EnrichmentProgress>(progress.Add));

        Assert.Equal(12, callsAfterFirst);
        Assert.Equal(12, run1.Report.Enriched);
        Assert.Equal(callsAfterFirst, client.Calls);
        Assert.Equal(0, run2.Report.Calls);
        Assert.Equal(12, run2.Report.FromCache);
        for (int i = 0; i < requests.Length; i++)
        {
            Assert.Equal(run1.Results[i].Insight, run2.Results[i].Insight, InsightComparer.Instance);
        }

        Assert.Equal(12, progress.Count);
        Assert.Equal(new EnrichmentProgress(12, 12, 0, 12, 0), progress.MaxBy(p => p.Completed));
    }

    [Fact]
    public async Task EnrichAsync_DifferentModel_MissesTheCache()
    {
        var client = TestChatClient.Answering(EnrichmentData.ValidAnswer());
        var cache = new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
        var options = Options(client);
        options.Cache = cache;
        using var a = new ChatProfileEnricher(options);
        options.ChatOptions = new ChatOptions { ModelId = "other-model" };
        using var b = new ChatProfileEnricher(options);

        await a.EnrichAsync(EnrichmentData.Request(1, s_catalog));
        EnrichmentResult result = await b.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
        Assert.Equal("other-model", result.Insight!.Source);
        Assert.Equal(2, client.Calls);
    }

    [Fact]
    public async Task EnrichAsync_TransientFailures_AreRetried()
    {
        int attempts = 0;
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Interlocked.Increment(ref attempts) switch
            {
                1 => throw new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests),
                2 => throw new HttpRequestException("down", null, HttpStatusCode.BadGateway),
                _ => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, EnrichmentData.ValidAnswer()))),
            },
        };
        using var enricher = new ChatProfileEnricher(Options(client));

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
        Assert.Equal(3, result.Calls);
    }

    [Fact]
    public async Task EnrichAsync_NonTransientFailure_IsNotRetried()
    {
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new HttpRequestException("bad request", null, HttpStatusCode.BadRequest),
        };
        using var enricher = new ChatProfileEnricher(Options(client));

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        Assert.Equal(EnrichmentFallbackReason.Failed, result.FallbackReason);
        Assert.Equal(1, result.Calls);
        Assert.Contains("HttpRequestException", result.FallbackDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrichAsync_EndlessServerErrors_FallBackAsServiceUnavailable()
    {
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new HttpRequestException("storm", null, HttpStatusCode.InternalServerError),
        };
        var options = Options(client);
        options.MaxRetries = 2;
        using var enricher = new ChatProfileEnricher(options);

        EnrichmentResult result = await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        Assert.Equal(EnrichmentFallbackReason.ServiceUnavailable, result.FallbackReason);
        Assert.Equal(3, result.Calls);
        Assert.Equal(3, client.Calls);
    }

    [Fact]
    public async Task EnrichAsync_SlowModel_TimesOutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(EnrichmentData.AsOf);
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            },
        };
        var options = Options(client);
        options.TimeProvider = time;
        options.CallTimeout = TimeSpan.FromSeconds(30);
        options.MaxRetries = 1;
        options.RetryDelay = TimeSpan.FromSeconds(1);
        using var enricher = new ChatProfileEnricher(options);

        Task<EnrichmentResult> pending = enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));
        for (int i = 0; i < 2000 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        EnrichmentResult result = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EnrichmentFallbackReason.Timeout, result.FallbackReason);
        Assert.Equal(2, result.Calls);
        Assert.True(time.GetUtcNow() - EnrichmentData.AsOf >= TimeSpan.FromSeconds(60), "two 30 s timeouts passed on the fake clock");
    }

    [Fact]
    public async Task EnrichAsync_CallerCancels_Throws()
    {
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                throw new InvalidOperationException("unreachable");
            },
        };
        using var enricher = new ChatProfileEnricher(Options(client));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog), null, cts.Token));
    }

    [Fact]
    public async Task EnrichAsync_StructuredOutput_SendsTheSchema()
    {
        ChatOptions? seen = null;
        var client = new TestChatClient
        {
            GetResponseAsyncCallback = (_, options, _) =>
            {
                seen = options;
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, EnrichmentData.ValidAnswer())));
            },
        };
        using var enricher = new ChatProfileEnricher(Options(client));

        await enricher.EnrichAsync(EnrichmentData.Request(1, s_catalog));

        var format = Assert.IsType<ChatResponseFormatJson>(seen?.ResponseFormat);
        string schema = format.Schema!.Value.GetRawText();
        Assert.Contains("\"summary\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"interests\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"evidence\"", schema, StringComparison.Ordinal);
        Assert.Equal(600, seen!.MaxOutputTokens);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw()
    {
        var client = TestChatClient.Answering("{}");
        Assert.Throws<ArgumentNullException>("options", () => new ChatProfileEnricher(null!));
        Assert.Throws<ArgumentException>("options", () => new ChatProfileEnricher(new ChatProfileEnricherOptions(client)));
        Assert.Throws<ArgumentNullException>("chatClient", () => new ChatProfileEnricherOptions(null!));
        var options = new ChatProfileEnricherOptions(client);
        Assert.Throws<ArgumentException>("value", () => options.Vocabulary = ["a", " "]);
        Assert.Throws<ArgumentException>("value", () => options.Vocabulary = ["Books", "books"]);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.CallTimeout = TimeSpan.FromMilliseconds(1));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxRetries = 21);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.MaxPromptTokens = 10);
        options.Vocabulary = Enumerable.Range(0, 400).Select(i => "tag number " + i).ToArray();
        Assert.Throws<ArgumentException>("options", () => new ChatProfileEnricher(options));
    }

    [Fact]
    public async Task GetService_ReturnsMetadataAndTheChatClient()
    {
        var client = TestChatClient.Answering("{}");
        using var enricher = new ChatProfileEnricher(Options(client));

        Assert.Equal(new ProfileEnricherMetadata("chat", "test-model", ChatProfileEnricher.PromptVersion), enricher.GetService<ProfileEnricherMetadata>());
        Assert.Same(client, enricher.GetService<IChatClient>());
        Assert.Same(enricher, enricher.GetService<ChatProfileEnricher>());
        await Assert.ThrowsAsync<ArgumentNullException>("request", () => enricher.EnrichAsync(null!));
    }

    /// <summary>Reports synchronously, unlike <see cref="Progress{T}"/>, so that a test sees every report before it asserts.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly object _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}

/// <summary>Compares insights by value, lists included.</summary>
internal sealed class InsightComparer : IEqualityComparer<ProfileInsight?>
{
    public static InsightComparer Instance { get; } = new();

    public bool Equals(ProfileInsight? x, ProfileInsight? y) =>
        x is null ? y is null : y is not null && x.Summary == y.Summary && x.Confidence == y.Confidence && x.Source == y.Source &&
        x.Interests.Count == y.Interests.Count && x.Interests.Zip(y.Interests).All(p =>
            p.First.Tag == p.Second.Tag && p.First.Weight == p.Second.Weight && p.First.Evidence.SequenceEqual(p.Second.Evidence));

    public int GetHashCode(ProfileInsight? obj) => obj?.Summary.GetHashCode(StringComparison.Ordinal) ?? 0;
}
