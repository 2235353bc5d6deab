// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>Shared models under load: 8 concurrent callers x 10,000 requests on every library recommender (and a
/// <see cref="CachingRecommender"/>) give exactly the sequential results; the enrichers enriching concurrently give the
/// sequential insights and consistent report counts, with a shared cache and a shared budget.</summary>
public sealed class ConcurrencyStressTests(ITestOutputHelper output)
{
    private const int Callers = 8;
    private const int RequestsPerCaller = 10_000;

    public static TheoryData<string> Recommenders => ["popularity", "item-knn", "ease", "als", "softmax", "hybrid", "caching"];

    [Theory]
    [MemberData(nameof(Recommenders))]
    public async Task RecommendAsync_EightCallersTenThousandRequestsEach_EqualSequentialResults(string name)
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        using IRecommender recommender = name == "caching"
            ? new CachingRecommender(RecommenderBehaviourTests.Create("hybrid", model), capacity: 64)   // smaller than the key set: constant eviction
            : RecommenderBehaviourTests.Create(name, model);
        (UserProfile Profile, RecommendationOptions? Options)[] cases = Cases(model);

        // The reference: every case once, sequentially.
        var expected = new RecommendationList[cases.Length];
        for (int c = 0; c < cases.Length; c++)
        {
            expected[c] = await recommender.RecommendAsync(cases[c].Profile, cases[c].Options);
        }

        // Eight callers walk the cases in different orders (stride coprime with the case count) on the one instance.
        int mismatches = 0, calls = 0;
        using var start = new ManualResetEventSlim(false);
        Task[] callers = [.. Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            start.Wait();
            int stride = Stride(cases.Length, caller);
            for (int k = 0; k < RequestsPerCaller; k++)
            {
                int c = (int)(((long)k * stride + (caller * 7919L)) % cases.Length);
                RecommendationList actual = await recommender.RecommendAsync(cases[c].Profile, cases[c].Options).ConfigureAwait(false);
                if (!Same(expected[c], actual))
                {
                    Interlocked.Increment(ref mismatches);
                }

                Interlocked.Increment(ref calls);
            }
        }))];
        start.Set();
        await Task.WhenAll(callers);

        Assert.Equal(Callers * RequestsPerCaller, calls);
        Assert.Equal(0, mismatches);
        if (recommender is CachingRecommender caching)
        {
            Assert.Equal(cases.Length + (Callers * RequestsPerCaller), caching.Hits + caching.Misses);
            Assert.True(caching.Count <= caching.Capacity);
        }

        output.WriteLine($"{name}: {Callers} callers x {RequestsPerCaller:N0} requests over {cases.Length} cases, {mismatches} mismatches");
    }

    [Fact]
    public async Task EnrichBatchAsync_ChatEnricherConcurrentWithSharedCacheAndBudget_EqualsSequential()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        EnrichmentRequest[] requests = ReliabilityData.Requests(built);
        string[] vocabulary = ReliabilityData.Vocabulary(built.Catalog);
        using var client = new TestChatClient { GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(Answer(messages)) };
        ChatProfileEnricher Create(IDistributedCache? cache) => new(new ChatProfileEnricherOptions(client) { Vocabulary = vocabulary, Cache = cache, MaxRetries = 0 });

        using ChatProfileEnricher sequentialEnricher = Create(null);
        EnrichmentBatchResult sequential = await sequentialEnricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 1 });
        Assert.True(sequential.Report.Enriched > requests.Length / 2, sequential.Report.ToString());

        // Four concurrent batches of eight on one enricher and one cache: each gets the sequential insights; between them
        // every prompt is asked of the model at least once and at most four times, the rest come from the cache.
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using ChatProfileEnricher shared = Create(cache);
        int callsBefore = client.Calls;
        EnrichmentBatchResult[] concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => shared.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 8 }))));
        foreach (EnrichmentBatchResult batch in concurrent)
        {
            AssertSameInsights(sequential, batch);
            Assert.Equal(sequential.Report.Enriched, batch.Report.Enriched + batch.Report.FromCache);
            Assert.Equal(sequential.Report.Fallback, batch.Report.Fallback);
            Assert.Equal(batch.Report.Enriched, (int)batch.Report.Calls);
        }

        int fresh = concurrent.Sum(b => b.Report.Enriched);
        Assert.InRange(fresh, sequential.Report.Enriched, 4 * sequential.Report.Enriched);
        Assert.Equal(fresh, client.Calls - callsBefore);

        // A shared budget of 50 calls is never overspent by eight concurrent enrichments.
        using ChatProfileEnricher budgeted = Create(null);
        EnrichmentBatchResult limited = await budgeted.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 8, MaxCalls = 50 });
        Assert.Equal(50, limited.Report.Enriched);
        Assert.Equal(50, limited.Report.Calls);
        Assert.Equal(requests.Length - 50 - sequential.Report.FallbacksBy(EnrichmentFallbackReason.NoHistory), limited.Report.FallbacksBy(EnrichmentFallbackReason.BudgetExhausted));
        output.WriteLine($"sequential: {sequential.Report}; concurrent fresh calls {fresh} for {sequential.Report.Enriched} prompts x 4 batches");
    }

    [Fact]
    public async Task EnrichBatchAsync_ExtractiveEnricherConcurrent_EqualsSequential()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        EnrichmentRequest[] requests = ReliabilityData.Requests(built);
        using var enricher = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = ReliabilityData.Vocabulary(built.Catalog) });

        EnrichmentBatchResult sequential = await enricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 1 });
        EnrichmentBatchResult[] concurrent = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ =>
            Task.Run(() => enricher.EnrichBatchAsync(requests, new EnrichmentBatchOptions { MaxConcurrency = 8 }))));

        Assert.True(sequential.Report.Enriched > requests.Length / 2, sequential.Report.ToString());
        foreach (EnrichmentBatchResult batch in concurrent)
        {
            AssertSameInsights(sequential, batch);
            Assert.Equal(sequential.Report.ToString().Split('\n')[0], batch.Report.ToString().Split('\n')[0]);
        }
    }

    /// <summary>Varied requests: profiles with history, two persons the model does not know, and four option sets.</summary>
    private static (UserProfile, RecommendationOptions?)[] Cases(ProfileModel model)
    {
        List<UserProfile> profiles = RecommendationData.WithHistory(model, 1).Take(60).ToList();
        profiles.Add(new UserProfile(new PersonId(900_001)));
        profiles.Add(new UserProfile(new PersonId(900_002)) { AsOf = profiles[0].AsOf });
        RecommendationOptions?[] options =
        [
            null,
            new RecommendationOptions { Count = 5, Platforms = [SyntheticWorld.Shop] },
            new RecommendationOptions { Count = 20, ExcludeSeen = false },
            new RecommendationOptions { Count = 8, Platforms = [SyntheticWorld.News, SyntheticWorld.Social], CandidateFilter = static item => item.Item.Value.EndsWith('1') },
        ];
        return [.. profiles.SelectMany(p => options.Select(o => (p, o)))];
    }

    private static int Stride(int count, int caller)
    {
        int stride = 1 + (caller * 37);
        while (Gcd(stride, count) != 1)
        {
            stride++;
        }

        return stride;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static bool Same(RecommendationList expected, RecommendationList actual)
    {
        if (expected.Count != actual.Count || expected.Source != actual.Source || expected.Person != actual.Person)
        {
            return false;
        }

        for (int i = 0; i < expected.Count; i++)
        {
            Recommendation e = expected[i], a = actual[i];
            if (e.Item != a.Item || e.Score != a.Score || e.Explanation.Source != a.Explanation.Source ||
                !string.Equals(e.Explanation.Summary, a.Explanation.Summary, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void AssertSameInsights(EnrichmentBatchResult expected, EnrichmentBatchResult actual)
    {
        Assert.Equal(expected.Results.Count, actual.Results.Count);
        for (int i = 0; i < expected.Results.Count; i++)
        {
            EnrichmentResult e = expected.Results[i], a = actual.Results[i];
            Assert.Equal(e.Profile.Person, a.Profile.Person);
            Assert.Equal(e.FallbackReason, a.FallbackReason);
            Assert.Equal(e.Insight is null, a.Insight is null);
            if (e.Insight is { } x && a.Insight is { } y)
            {
                Assert.Equal(x.Summary, y.Summary);
                Assert.Equal(x.Confidence, y.Confidence);
                Assert.Equal(x.Interests.Select(t => (t.Tag, t.Weight, string.Join(",", t.Evidence))), y.Interests.Select(t => (t.Tag, t.Weight, string.Join(",", t.Evidence))));
            }
        }
    }

    /// <summary>A deterministic answer from the prompt: the vocabulary's tags of the first two items, with those items as evidence.</summary>
    private static ChatResponse Answer(IEnumerable<ChatMessage> messages)
    {
        JsonNode document = JsonNode.Parse(messages.Last().Text)!;
        var vocabulary = document["vocabulary"]!.AsArray().Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var interests = new JsonArray();
        var tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int rank = 0;
        foreach (JsonNode? item in document["items"]!.AsArray().Take(2))
        {
            foreach (JsonNode? category in item!["categories"]!.AsArray())
            {
                string tag = category!.GetValue<string>().Trim();
                if (vocabulary.Contains(tag) && tags.Add(tag))
                {
                    interests.Add(new JsonObject { ["tag"] = tag, ["weight"] = 0.9 - (0.1 * rank++), ["evidence"] = new JsonArray(item["id"]!.GetValue<string>()) });
                }
            }
        }

        string summary = "Into " + string.Join(" and ", tags) + ".";
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, new JsonObject { ["summary"] = summary, ["interests"] = interests, ["confidence"] = 0.5 }.ToJsonString()));
    }
}
