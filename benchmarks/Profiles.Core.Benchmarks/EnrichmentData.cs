// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core.Benchmarks;

/// <summary>Seeded enrichment requests (3 platforms, 12-30 events and one comment with personal data per person) and a
/// chat client that answers instantly, for measuring the enricher's own overhead.</summary>
public static class EnrichmentData
{
    public static readonly DateTimeOffset AsOf = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] Vocabulary =
        ["books", "music", "cooking", "travel", "sports", "gaming", "science", "fashion", "film", "gardening", "finance", "health"];

    private static readonly string[] s_platforms = ["shop", "social", "news"];
    private static readonly EventKind[] s_kinds = [EventKind.View, EventKind.Click, EventKind.Like, EventKind.AddToCart, EventKind.Purchase, EventKind.Share];

    public static ItemCatalog Catalog(int perPlatform = 500)
    {
        var catalog = new ItemCatalog();
        foreach (string platform in s_platforms)
        {
            for (int i = 0; i < perPlatform; i++)
            {
                string topic = Vocabulary[i % Vocabulary.Length];
                catalog.TryAdd(new Item(platform, "i" + i.ToString(CultureInfo.InvariantCulture), $"The {topic} item number {i} on {platform}")
                {
                    Categories = [topic, platform + "-section-" + (i % 7).ToString(CultureInfo.InvariantCulture)],
                });
            }
        }

        return catalog;
    }

    public static EnrichmentRequest[] Requests(int persons, ItemCatalog catalog, int perPlatform = 500)
    {
        var requests = new EnrichmentRequest[persons];
        ulong state = 0x5EED;
        for (int p = 0; p < persons; p++)
        {
            string id = p.ToString(CultureInfo.InvariantCulture);
            int count = 12 + (int)(Next(ref state) % 19);
            var events = new List<InteractionEvent>(count + 1);
            for (int k = 0; k < count; k++)
            {
                string platform = s_platforms[Next(ref state) % 3];
                string item = "i" + (Next(ref state) % (ulong)perPlatform).ToString(CultureInfo.InvariantCulture);
                events.Add(new InteractionEvent(platform, platform + "-" + id, item, s_kinds[Next(ref state) % (ulong)s_kinds.Length],
                    AsOf.AddHours(-(double)(Next(ref state) % 2000))));
            }

            events.Add(new InteractionEvent("social", "social-" + id, "i1", EventKind.Comment, AsOf.AddDays(-1))
            {
                Text = $"Loved it! I'm Sam Jones{id}, write to sam.jones{id}@example.com or call +1 415 555 {p % 10000:0000}.",
            });
            var profile = new UserProfile(new PersonId(p))
            {
                Accounts = [new AccountKey("shop", "shop-" + id), new AccountKey("social", "social-" + id), new AccountKey("news", "news-" + id)],
                AsOf = AsOf,
            };
            requests[p] = new EnrichmentRequest(profile, events, catalog)
            {
                Accounts = [new AccountRecord("shop", "shop-" + id) { Email = $"sam.jones{id}@example.com", DisplayName = "Sam Jones" + id, City = "Austin" }],
            };
        }

        return requests;
    }

    private static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A chat client that answers every request at once with the same valid insight.</summary>
    public sealed class InstantChatClient : IChatClient
    {
        private readonly ChatResponse _response = new(new ChatMessage(ChatRole.Assistant,
            """{"summary":"Enjoys books and music, reads science news.","interests":[{"tag":"books","weight":0.9,"evidence":["shop/i0"]},{"tag":"music","weight":0.5,"evidence":[]}],"confidence":0.7}"""))
        {
            Usage = new UsageDetails { InputTokenCount = 900, OutputTokenCount = 60 },
        };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(_response);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
