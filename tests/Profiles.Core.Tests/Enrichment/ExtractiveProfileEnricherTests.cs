// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class ExtractiveProfileEnricherTests
{
    private static readonly ItemCatalog s_catalog = EnrichmentData.Catalog();

    [Fact]
    public void Enrich_Vocabulary_TagsFromTheTopItemsCategories()
    {
        var enricher = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = EnrichmentData.Vocabulary });

        EnrichmentResult result = enricher.Enrich(EnrichmentData.Request(1, s_catalog, itemCount: 3));

        ProfileInsight insight = Assert.IsType<ProfileInsight>(result.Insight);
        Assert.Equal(EnrichmentOutcome.Enriched, result.Outcome);
        Assert.Equal(ExtractiveProfileEnricher.SourceName, insight.Source);
        // Items 0, 1, 2 (books, music, cooking); item 0 also has the comment, so it is the strongest.
        Assert.Equal(["books", "music", "cooking"], insight.Interests.Select(i => i.Tag));
        Assert.Equal(1f, insight.Interests[0].Weight);
        Assert.All(insight.Interests, i => Assert.InRange(i.Weight, 0f, 1f));
        Assert.True(insight.Interests[1].Weight >= insight.Interests[2].Weight);
        Assert.Equal([new ItemKey("social", "s0"), new ItemKey("shop", "s0")], insight.Interests[0].Evidence.OrderByDescending(k => k.Platform.Value));
        Assert.StartsWith("Interested in books, music and cooking, on ", insight.Summary, StringComparison.Ordinal);
        Assert.Contains("Top items: ", insight.Summary, StringComparison.Ordinal);
        Assert.InRange(insight.Confidence, 0.01f, 1f);
        Assert.Equal(1, result.DroppedEvents);
        Assert.DoesNotContain("misc", string.Join(",", insight.Interests.Select(i => i.Tag)), StringComparison.Ordinal);
    }

    [Fact]
    public void Enrich_NoVocabulary_UsesCategories()
    {
        var enricher = new ExtractiveProfileEnricher();

        ProfileInsight insight = enricher.Enrich(EnrichmentData.Request(1, s_catalog, itemCount: 2)).Insight!;

        Assert.Contains(insight.Interests, i => i.Tag == "misc-shop");
        Assert.Contains(insight.Interests, i => i.Tag == "BOOKS");
    }

    [Fact]
    public async Task EnrichAsync_SameInput_SameInsight()
    {
        var enricher = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { Vocabulary = EnrichmentData.Vocabulary, SummaryMaxWords = 12 });
        EnrichmentRequest request = EnrichmentData.Request(3, s_catalog, itemCount: 6);
        EnrichmentRequest shuffled = request with { Events = request.Events.Reverse().ToArray() };

        EnrichmentResult a = await enricher.EnrichAsync(request);
        EnrichmentResult b = await enricher.EnrichAsync(shuffled);

        Assert.Equal(a.Insight, b.Insight, InsightComparer.Instance);
        Assert.True(a.Insight!.Summary.Split(' ').Length <= 12);
        Assert.EndsWith("...", a.Insight.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Enrich_NoHistory_FallsBack()
    {
        var enricher = new ExtractiveProfileEnricher();
        var request = new EnrichmentRequest(new UserProfile(new PersonId(1)), [new InteractionEvent("shop", "a", "unknown", EventKind.View, EnrichmentData.AsOf)], s_catalog);

        EnrichmentResult result = enricher.Enrich(request);

        Assert.Equal(EnrichmentFallbackReason.NoHistory, result.FallbackReason);
        Assert.Null(result.Insight);
        Assert.Null(result.Profile.Insight);
        Assert.Throws<ArgumentNullException>("request", () => enricher.Enrich(null!));
    }
}
