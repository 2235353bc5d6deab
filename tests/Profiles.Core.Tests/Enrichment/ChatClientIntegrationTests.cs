// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Runs <see cref="ChatProfileEnricher"/> through the real OllamaSharp and OpenAI clients against a loopback
/// server that answers with valid JSON, invalid JSON, 429 then success, 500 storms and answers slower than the timeout.</summary>
public sealed partial class ChatClientIntegrationTests
{
    private const int Persons = 12;
    private static readonly ItemCatalog s_catalog = EnrichmentData.Catalog();

    private enum Scenario
    {
        Valid,
        InvalidJson,
        TooManyRequestsThenSuccess,
        ServerErrorStorm,
        Slow,
        ValidAgain,
    }

    [Fact]
    public async Task Ollama_EveryScenario_CompletesWithAnInsightOrAReason()
    {
        await using var server = new LoopbackLlmServer(Reply);
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var client = new OllamaApiClient(http, "loopback-model");

        await RunAndCheckAsync(client, server);

        Assert.All(server.Requests, r => Assert.Equal("/api/chat", r.Path));
        Assert.All(server.Requests.Where(r => r.Prompt != "warm-up"), r => Assert.Contains("\"summary\"", r.ResponseFormat ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenAI_EveryScenario_CompletesWithAnInsightOrAReason()
    {
        await using var server = new LoopbackLlmServer(Reply);
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(server.BaseUri, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),   // the enricher's pipeline does the retrying
            NetworkTimeout = TimeSpan.FromSeconds(30),
        };
        using IChatClient client = new OpenAIClient(new ApiKeyCredential("loopback-key"), options).GetChatClient("loopback-model").AsIChatClient();

        await RunAndCheckAsync(client, server);

        Assert.All(server.Requests, r => Assert.Equal("/v1/chat/completions", r.Path));
        Assert.All(server.Requests.Where(r => r.Prompt != "warm-up"), r => Assert.Contains("json_schema", r.ResponseFormat ?? string.Empty, StringComparison.Ordinal));
    }

    private static async Task RunAndCheckAsync(IChatClient client, LoopbackLlmServer server)
    {
        // One request first, so that the client's cold start (JIT, connection) does not count against the call timeout.
        _ = await client.GetResponseAsync("warm-up");
        var options = new ChatProfileEnricherOptions(client)
        {
            Vocabulary = EnrichmentData.Vocabulary,
            CallTimeout = TimeSpan.FromSeconds(2.5),   // a normal answer must never hit it, even with the whole suite running on 2 cores
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(40),
        };
        using var enricher = new ChatProfileEnricher(options);
        var requests = Enumerable.Range(0, Persons).Select(i =>
        {
            EnrichmentRequest request = EnrichmentData.Request(i, s_catalog, firstItem: i);
            var marker = new InteractionEvent("shop", $"acct{i}", EnrichmentData.Id("shop", i), EventKind.Search, EnrichmentData.AsOf.AddDays(-1))
            {
                Text = $"marker-p{i} garden tools",
            };
            return request with { Events = [.. request.Events, marker] };
        }).ToArray();

        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 4 });

        EnrichmentReport report = batch.Report;
        Assert.Equal(Persons, batch.Results.Count);
        Assert.Equal(Persons, report.Total);
        Assert.Equal(report.Total, report.Enriched + report.FromCache + report.Fallback);
        Assert.Equal(report.Fallback, Enum.GetValues<EnrichmentFallbackReason>().Sum(report.FallbacksBy));
        for (int i = 0; i < Persons; i++)
        {
            EnrichmentResult result = batch.Results[i];
            Assert.True(result.Insight is not null || result.FallbackReason != EnrichmentFallbackReason.None, $"person {i} has neither");
            EnrichmentFallbackReason expected = (Scenario)(i % 6) switch
            {
                Scenario.InvalidJson => EnrichmentFallbackReason.MalformedAnswer,
                Scenario.ServerErrorStorm => EnrichmentFallbackReason.ServiceUnavailable,
                Scenario.Slow => EnrichmentFallbackReason.Timeout,
                _ => EnrichmentFallbackReason.None,
            };
            Assert.True(expected == result.FallbackReason, $"person {i}: expected {expected}, got {result.FallbackReason} ({result.FallbackDetail})");
            int expectedCalls = (Scenario)(i % 6) switch
            {
                Scenario.TooManyRequestsThenSuccess => 2,
                Scenario.ServerErrorStorm or Scenario.Slow => 3,
                _ => 1,
            };
            Assert.True(expectedCalls == result.Calls, $"person {i}: expected {expectedCalls} calls, made {result.Calls}");
            if (expected == EnrichmentFallbackReason.None)
            {
                Assert.Equal(["books", "music"], result.Insight!.Interests.Select(t => t.Tag));
                Assert.Equal([new ItemKey("shop", EnrichmentData.Id("shop", i))], result.Insight.Interests[0].Evidence);
            }
        }

        Assert.Equal(6, report.Enriched);
        Assert.Equal(2, report.FallbacksBy(EnrichmentFallbackReason.Timeout));
        Assert.Equal(batch.Results.Sum(r => r.Calls), report.Calls);
        Assert.Equal(report.Calls + 1, server.Requests.Count);

        // Nothing personal reached the server: not in the messages, not in the raw bodies.
        foreach (LlmRequest request in server.Requests.Where(r => r.Prompt != "warm-up"))
        {
            for (int person = 0; person < Persons; person++)
            {
                foreach (string raw in EnrichmentData.RawPersonalData(person))
                {
                    Assert.DoesNotContain(raw, request.Prompt, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(raw, request.Body, StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.DoesNotContain("Smith", request.Prompt, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("7946", request.Prompt, StringComparison.Ordinal);
            Assert.DoesNotContain("FUTURE-LEAK", request.Prompt, StringComparison.Ordinal);
        }
    }

    private static readonly ConcurrentDictionary<string, int> s_attempts = new();

    private static LlmReply Reply(LlmRequest request)
    {
        if (request.Prompt == "warm-up")
        {
            return new LlmReply(200, "{}");
        }

        Match match = MarkerPattern().Match(request.Prompt);
        if (!match.Success)
        {
            return new LlmReply(400, null);
        }

        int person = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        string key = (request.IsOllama ? "ollama-" : "openai-") + person;
        int attempt = s_attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        return (Scenario)(person % 6) switch
        {
            Scenario.InvalidJson => new LlmReply(200, "{\"summary\": \"unterminated"),
            Scenario.TooManyRequestsThenSuccess when attempt == 1 => new LlmReply(429, null),
            Scenario.ServerErrorStorm => new LlmReply(500, null),
            Scenario.Slow => new LlmReply(200, EnrichmentData.ValidAnswer(person)) { Delay = TimeSpan.FromSeconds(5) },
            _ => new LlmReply(200, EnrichmentData.ValidAnswer(person)),
        };
    }

    [GeneratedRegex(@"marker-p(\d+)")]
    private static partial Regex MarkerPattern();
}
