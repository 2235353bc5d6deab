// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>Batch runs of <see cref="ChatProfileEnricher"/> through the real OpenAI client against the loopback server under
/// every fault kind and a seeded storm of all of them: the run completes, every profile has an insight or a recorded
/// reason, the report adds up, the server saw exactly the requests the retries explain, and hostile answers are sanitised.</summary>
public sealed class LlmFaultTests(ITestOutputHelper output)
{
    private const int Attempts = 3;   // MaxRetries = 2

    // The nominal call timeout: long enough that a normal answer never hits it on two busy cores (1 s and 2 s did). A
    // hanging answer's timeout is fired by the TimeoutTrigger as soon as the server starts hanging.
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(30);

    public static TheoryData<LlmFault> Faults => new(Enum.GetValues<LlmFault>().Where(f => f != LlmFault.None));

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task EnrichBatchAsync_OneFaultKind_EveryProfileAccountedFor(LlmFault fault)
    {
        // Transient faults: every third person gets the fault on every attempt, the others once and then a valid answer.
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        EnrichmentRequest[] requests = ReliabilityData.Requests(built, 60);
        IReadOnlyList<LlmFault> PlanOf(int key) => LlmFaultPlan.IsTransient(fault) && key % 3 != 0 ? [fault, LlmFault.None] : [fault];

        (EnrichmentBatchResult batch, LlmFaultPlan plan, _) = await RunAsync(built, requests, PlanOf, fallback: null);

        Assert.True(plan.Injected(fault) > 0);
        string[] vocabulary = ReliabilityData.Vocabulary(built.Catalog);
        for (int i = 0; i < requests.Length; i++)
        {
            EnrichmentResult result = batch.Results[i];
            if (result.FallbackReason != EnrichmentFallbackReason.None)
            {
                continue;
            }

            ProfileInsight insight = result.Insight!;
            Assert.All(insight.Interests, t => Assert.Contains(t.Tag, vocabulary));
            HashSet<ItemKey> history = requests[i].Events.Select(e => new ItemKey(e.Platform, e.Item)).ToHashSet();
            Assert.All(insight.Interests.SelectMany(t => t.Evidence), e => Assert.Contains(e, history));
            Assert.True(insight.Summary.Length <= 40 * (InsightValidator.MaxWordLength + 1), $"summary of {insight.Summary.Length} characters");
            Assert.Single(insight.Interests);
            string tag = vocabulary[0];
            switch (fault)
            {
                case LlmFault.HostileTags:
                    Assert.Equal(tag, insight.Interests[0].Tag);   // the vocabulary's spelling of the upper-cased tag
                    Assert.Equal(1f, insight.Interests[0].Weight);  // 7 clamped
                    Assert.Equal(0f, insight.Confidence);           // -2 clamped
                    Assert.Equal(4, result.DroppedTags);            // "admin", the script, the repeat, the blank
                    Assert.Equal(2, result.ClampedValues);
                    break;
                case LlmFault.HostileEvidence:
                    Assert.Single(insight.Interests[0].Evidence);
                    Assert.Equal(6, result.DroppedEvidence);        // unknown item, path, blank, null, repeat, no slash
                    break;
                case LlmFault.HugeSummary:
                    Assert.True(result.SummaryTruncated);
                    Assert.Equal(40, insight.Summary.Split(' ').Length);
                    Assert.StartsWith("lorem ipsum dolor sit amet lorem", insight.Summary, StringComparison.Ordinal);
                    break;
                case LlmFault.HugeWord:
                    Assert.True(result.SummaryTruncated);
                    Assert.Equal(new string('x', InsightValidator.MaxWordLength), insight.Summary);
                    break;
                case LlmFault.InjectedSummary:
                    // The instructions stay text: no "admin" tag, no foreign evidence, the answer's own confidence.
                    Assert.Equal(tag, insight.Interests[0].Tag);
                    Assert.Equal(0.4f, insight.Interests[0].Weight);
                    Assert.Equal(0.3f, insight.Confidence);
                    Assert.DoesNotContain(new ItemKey("shop", "root"), insight.Interests[0].Evidence);
                    Assert.Equal(string.Join(' ', LlmFaultPlan.Injection.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(40)), insight.Summary);
                    break;
                default:
                    Assert.Equal("Follows " + tag + " closely.", insight.Summary);
                    break;
            }
        }

        EnrichmentReport report = batch.Report;
        Assert.Equal(batch.Results.Sum(r => r.DroppedTags), report.DroppedTags);
        Assert.Equal(batch.Results.Sum(r => r.DroppedEvidence), report.DroppedEvidence);
        Assert.Equal(batch.Results.Count(r => r.SummaryTruncated), report.TruncatedSummaries);
        output.WriteLine($"{fault}: {requests.Length} profiles, {plan.Injected(fault)} faults injected; {report}");
        output.WriteLine("fallback details: " + string.Join(" | ", batch.Results.Select(r => r.FallbackDetail).OfType<string>().Distinct().Take(3)));
    }

    [Fact]
    public async Task EnrichBatchAsync_MixedStorm_CompletesWithAnInsightForEveryProfile()
    {
        // A seeded storm: every person's three attempts each draw a fault (or none) from all kinds.
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        EnrichmentRequest[] requests = ReliabilityData.Requests(built);
        LlmFault[] kinds = Enum.GetValues<LlmFault>();
        var random = new Random(20261129);
        var plans = new LlmFault[requests.Length][];
        for (int i = 0; i < plans.Length; i++)
        {
            // Half the draws are valid answers, the other half any fault.
            plans[i] = [.. Enumerable.Range(0, Attempts).Select(_ => random.NextDouble() < 0.5 ? LlmFault.None : kinds[random.Next(1, kinds.Length)])];
        }

        var extractive = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = ReliabilityData.Vocabulary(built.Catalog) });
        (EnrichmentBatchResult batch, LlmFaultPlan plan, int requestsSeen) = await RunAsync(built, requests, key => plans[key], extractive);

        int withHistory = requests.Count(r => r.Events.Count > 0);
        foreach (EnrichmentResult result in batch.Results)
        {
            // The extractive fallback gives every person with history an insight, whatever the model did.
            Assert.True(result.Insight is not null || result.FallbackReason == EnrichmentFallbackReason.NoHistory,
                $"person {result.Profile.Person}: {result.FallbackReason} without an insight");
            Assert.Equal(result.Insight, result.Profile.Insight);
        }

        Assert.True(plan.InjectedFaults > requests.Length / 2, $"{plan.InjectedFaults} faults");
        foreach (LlmFault kind in kinds)
        {
            Assert.True(plan.Injected(kind) > 0, $"{kind} was never injected");
        }

        output.WriteLine($"storm: {requests.Length} profiles ({withHistory} with history), {requestsSeen} requests, {plan.InjectedFaults} faults injected: " +
            string.Join(", ", kinds.Select(k => $"{k} {plan.Injected(k)}")));
        output.WriteLine(batch.Report.ToString());
    }

    [Fact]
    public async Task EnrichAsync_RetryAfter_WaitsAsToldUpToMaxRetryDelay()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        EnrichmentRequest request = ReliabilityData.Requests(built, 1)[0];
        Assert.NotEmpty(request.Events);
        var plan = new LlmFaultPlan(_ => [LlmFault.TooManyRequestsRetryAfter, LlmFault.Unavailable, LlmFault.None], TimeSpan.FromSeconds(30));
        await using var server = new LoopbackLlmServer(plan.Reply);
        using IChatClient client = ReliabilityData.OpenAIClient(server);
        using var enricher = new ChatProfileEnricher(new ChatProfileEnricherOptions(client)
        {
            Vocabulary = ReliabilityData.Vocabulary(built.Catalog),
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(300),   // caps the server's "Retry-After: 1"
        });

        EnrichmentResult result = await enricher.EnrichAsync(request);

        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
        Assert.Equal(3, result.Calls);
        long[] received = [.. server.Requests.Select(r => r.Received).Order()];
        Assert.Equal(3, received.Length);

        // With a 1 ms backoff, only the honoured (and capped) Retry-After explains waits of 300 ms.
        for (int k = 1; k < received.Length; k++)
        {
            TimeSpan gap = Stopwatch.GetElapsedTime(received[k - 1], received[k]);
            Assert.True(gap >= TimeSpan.FromMilliseconds(280), $"retry {k} came after {gap.TotalMilliseconds:F0} ms");
        }
    }

    /// <summary>Runs the batch against a loopback server scripted by <paramref name="planOf"/>, and checks what every run
    /// must hold: completion, an insight or a reason per profile, the report's sums, and the server's request counts.</summary>
    private static async Task<(EnrichmentBatchResult Batch, LlmFaultPlan Plan, int RequestsSeen)> RunAsync(RecommendationData.Built built,
        EnrichmentRequest[] requests, Func<int, IReadOnlyList<LlmFault>> planOf, IProfileEnricher? fallback, int attempts = Attempts)
    {
        var trigger = new TimeoutTrigger(s_callTimeout);
        var plan = new LlmFaultPlan(planOf, TimeSpan.FromSeconds(60)) { OnHang = trigger.Fire };
        await using var server = new LoopbackLlmServer(plan.Reply, maxRequests: 10_000);
        using IChatClient client = trigger.Wrap(ReliabilityData.OpenAIClient(server));
        _ = await client.GetResponseAsync("warm-up");   // the client's cold start must not count against the call timeout
        var logs = new ListLogger(Microsoft.Extensions.Logging.LogLevel.Information);
        using var enricher = new ChatProfileEnricher(new ChatProfileEnricherOptions(client)
        {
            Vocabulary = ReliabilityData.Vocabulary(built.Catalog),
            CallTimeout = s_callTimeout,
            MaxRetries = attempts - 1,
            RetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            Fallback = fallback,
            TimeProvider = trigger,
        }, logs);

        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 32 });

        EnrichmentReport report = batch.Report;
        Assert.Equal(requests.Length, batch.Results.Count);
        Assert.Equal(requests.Length, report.Total);
        Assert.Equal(requests.Length, report.Enriched + report.FromCache + Enum.GetValues<EnrichmentFallbackReason>().Sum(report.FallbacksBy));
        Assert.Equal(report.Fallback, batch.Results.Count(r => r.Outcome == EnrichmentOutcome.Fallback));
        int expectedCalls = 0;
        var requestsPerKey = server.Requests.Select(r => LlmFaultPlan.KeyOf(r.Prompt)).Where(k => k >= 0).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        for (int i = 0; i < requests.Length; i++)
        {
            EnrichmentResult result = batch.Results[i];
            Assert.Equal(requests[i].Profile.Person, result.Profile.Person);
            Assert.True(result.Insight is not null || result.FallbackReason != EnrichmentFallbackReason.None, $"person {i} has neither");
            (EnrichmentFallbackReason reason, int calls) = requests[i].Events.Count == 0 ? (EnrichmentFallbackReason.NoHistory, 0) : LlmFaultPlan.Expected(planOf(i), attempts);
            Assert.True(reason == result.FallbackReason, $"person {i} ({string.Join(",", planOf(i))}): expected {reason}, got {result.FallbackReason} ({result.FallbackDetail}; unrecorded: {string.Join(" | ", server.Unrecorded.Take(3))})");
            int seen = requestsPerKey.GetValueOrDefault(i);
            Assert.True(calls == result.Calls && calls == seen,
                $"person {i} ({string.Join(",", planOf(i))}): expected {calls} calls, made {result.Calls}, the server saw {seen}; " +
                string.Join(" | ", logs.Entries.Select(e => e.Message).Where(m => m.StartsWith($"Person {result.Profile.Person}:", StringComparison.Ordinal))) +
                $"; unrecorded: {string.Join(" | ", server.Unrecorded.Take(3))}");
            expectedCalls += calls;
        }

        Assert.Equal(expectedCalls, report.Calls);
        Assert.Equal(expectedCalls + 1, server.Requests.Count);   // + the warm-up
        Assert.Equal(plan.Injected(LlmFault.Timeout), trigger.Fired);     // every hang was cut by its call's timeout
        return (batch, plan, server.Requests.Count - 1);
    }
}
