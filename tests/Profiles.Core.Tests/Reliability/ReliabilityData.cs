// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Profiles.Core.Tests;

/// <summary>Enrichment requests for every profile of the small resolved world of <see cref="RecommendationData"/>, and the
/// real OpenAI client pointed at a loopback server.</summary>
internal static class ReliabilityData
{
    /// <summary>The vocabulary: every category of the catalogue, in ordinal order.</summary>
    public static string[] Vocabulary(ItemCatalog catalog) =>
        [.. catalog.SelectMany(i => i.Categories).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <summary>One request per profile: the person's training events, the catalogue and the person's account records;
    /// persons with events also get a search <c>marker-p{index}</c> that keys their requests on the loopback server.</summary>
    public static EnrichmentRequest[] Requests(RecommendationData.Built built, int count = int.MaxValue)
    {
        var records = new Dictionary<AccountKey, AccountRecord>();
        foreach (AccountRecord record in built.World.Accounts)
        {
            records[new AccountKey(record.Platform, record.Account)] = record;
        }

        int n = Math.Min(count, built.Model.Profiles.Count);
        var requests = new EnrichmentRequest[n];
        for (int i = 0; i < n; i++)
        {
            UserProfile profile = built.Model.Profiles[i];
            var events = new List<InteractionEvent>(built.Model.EventsOf(profile.Person).ToArray());
            if (events.Count > 0)
            {
                InteractionEvent first = events[0];
                events.Add(new InteractionEvent(first.Platform, first.Account, first.Item, EventKind.Search, profile.AsOf.AddHours(-1))
                {
                    Text = LlmFaultPlan.Marker(i),
                });
            }

            var accounts = new List<AccountRecord>();
            foreach (AccountKey account in profile.Accounts)
            {
                if (records.TryGetValue(account, out AccountRecord? record))
                {
                    accounts.Add(record);
                }
            }

            requests[i] = new EnrichmentRequest(profile, events, built.Catalog) { Accounts = accounts };
        }

        return requests;
    }

    /// <summary>The OpenAI SDK's chat client for <paramref name="server"/>, with the SDK's own retries off (the enricher retries).</summary>
    public static IChatClient OpenAIClient(LoopbackLlmServer server) =>
        new OpenAIClient(new ApiKeyCredential("loopback-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri(server.BaseUri, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        }).GetChatClient("loopback-model").AsIChatClient();
}
