// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Enriches without a model: tags and summary come from the metadata of the person's top items in the training
/// window. The baseline that LLM enrichment must beat, and the offline default.</summary>
/// <remarks>
/// <para>Each item's score is the sum of its events' faded signal weights (<see cref="SignalWeights.Weight"/>); a tag's
/// score is the sum of the scores of the items with a category that maps to it, and its weight is that score over the
/// best tag's, so the first interest weighs 1. Evidence is the tag's strongest items. The summary names the top tags,
/// the platforms and the top item titles, cut to the word limit. Confidence is the share of the person's positive score
/// that the returned tags cover, times <c>n / (n + 5)</c> for <c>n</c> items, so thin histories get low confidence.</para>
/// <para>The result depends only on the request and the options (ties break by item key and tag order): the same input
/// gives the same insight on every run. It makes no call and never uses a budget; a person with no positively weighted
/// catalogued item falls back with <see cref="EnrichmentFallbackReason.NoHistory"/>. This type is thread-safe.</para>
/// </remarks>
public sealed class ExtractiveProfileEnricher : IProfileEnricher
{
    /// <summary>The <see cref="ProfileInsight.Source"/> of the insights this enricher makes.</summary>
    public const string SourceName = "extractive";

    private readonly ExtractiveProfileEnricherOptions _options;
    private readonly Dictionary<string, string>? _vocabulary;
    private readonly Dictionary<string, int> _tagOrder = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ExtractiveProfileEnricher"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    public ExtractiveProfileEnricher(ExtractiveProfileEnricherOptions? options = null)
    {
        _options = options?.Clone() ?? new ExtractiveProfileEnricherOptions();
        if (_options.Vocabulary.Count > 0)
        {
            _vocabulary = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < _options.Vocabulary.Count; i++)
            {
                string tag = _options.Vocabulary[i];
                _ = _vocabulary.TryAdd(Normalize(tag), tag);
                _tagOrder[tag] = i;
            }
        }

        Metadata = new ProfileEnricherMetadata(SourceName, null, null);
    }

    /// <summary>Gets what this enricher is: <c>extractive</c>, with no model and no prompt.</summary>
    public ProfileEnricherMetadata Metadata { get; }

    /// <inheritdoc />
    public Task<EnrichmentResult> EnrichAsync(EnrichmentRequest request, EnrichmentOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Enrich(request));
    }

    /// <summary>Enriches one profile synchronously.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The result: <see cref="EnrichmentOutcome.Enriched"/>, or a <see cref="EnrichmentFallbackReason.NoHistory"/> fallback.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public EnrichmentResult Enrich(EnrichmentRequest request)
    {
        Throw.IfNull(request);
        ProfileDigest digest = ProfileDigest.Create(request, _options.SignalWeights);
        if (digest.Items.Count == 0)
        {
            return new EnrichmentResult(request.Profile, EnrichmentOutcome.Fallback)
            {
                FallbackReason = EnrichmentFallbackReason.NoHistory,
                FallbackDetail = "no positively weighted catalogued item in the training window",
                DroppedEvents = digest.DroppedEvents,
            };
        }

        var tags = new Dictionary<string, TagScore>(StringComparer.Ordinal);
        double total = 0, covered = 0;
        foreach (ItemDigest item in digest.Items)
        {
            total += item.Score;
            bool any = false;
            foreach (string category in item.Item.Categories)
            {
                if (MapTag(category) is not { } tag)
                {
                    continue;
                }

                if (!tags.TryGetValue(tag, out TagScore? score))
                {
                    score = new TagScore(tag, _tagOrder.TryGetValue(tag, out int order) ? order : int.MaxValue);
                    tags.Add(tag, score);
                }

                if (score.Add(item, _options.MaxEvidencePerInterest))
                {
                    any = true;
                }
            }

            if (any)
            {
                covered += item.Score;
            }
        }

        var ranked = new List<TagScore>(tags.Values);
        ranked.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            if (c == 0)
            {
                c = a.Order.CompareTo(b.Order);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Tag, b.Tag);
        });
        int count = Math.Min(ranked.Count, _options.MaxInterests);
        var interests = new InsightInterest[count];
        double best = count > 0 ? ranked[0].Score : 1;
        double kept = 0;
        var keptItems = new HashSet<ItemKey>();
        for (int i = 0; i < count; i++)
        {
            interests[i] = new InsightInterest(ranked[i].Tag, (float)Math.Clamp(ranked[i].Score / best, 0, 1)) { Evidence = ranked[i].Evidence.ToArray() };
            foreach (ItemDigest item in ranked[i].Items)
            {
                if (keptItems.Add(item.Key))
                {
                    kept += item.Score;
                }
            }
        }

        double coverage = total > 0 ? Math.Min(kept, covered) / total : 0;
        int n = digest.Items.Count;
        float confidence = (float)Math.Clamp(coverage * n / (n + 5.0), 0, 1);
        var insight = new ProfileInsight(Summary(digest, interests), interests, confidence) { Source = SourceName };
        return new EnrichmentResult(request.Profile with { Insight = insight }, EnrichmentOutcome.Enriched)
        {
            Insight = insight,
            DroppedEvents = digest.DroppedEvents,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ProfileEnricherMetadata) ? Metadata : serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the enricher holds no resources.</summary>
    public void Dispose()
    {
    }

    private string? MapTag(string category)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            return null;
        }

        if (_vocabulary is null)
        {
            return category.Trim();
        }

        return _vocabulary.TryGetValue(Normalize(category), out string? tag) ? tag : null;
    }

    private string Summary(ProfileDigest digest, InsightInterest[] interests)
    {
        var text = new StringBuilder();
        if (interests.Length > 0)
        {
            text.Append("Interested in ");
            AppendList(text, interests.Length, Math.Min(3, interests.Length), i => interests[i].Tag);
        }

        var platforms = new List<string>();
        foreach (ItemDigest item in digest.Items)
        {
            if (!platforms.Contains(item.Key.Platform.Value))
            {
                platforms.Add(item.Key.Platform.Value);
            }
        }

        text.Append(text.Length == 0 ? "Active on " : ", on ");
        AppendList(text, platforms.Count, Math.Min(3, platforms.Count), i => platforms[i]);
        text.Append('.');
        int titles = Math.Min(_options.SummaryItems, digest.Items.Count);
        if (titles > 0)
        {
            text.Append(" Top items: ");
            for (int i = 0; i < titles; i++)
            {
                text.Append(i == 0 ? string.Empty : "; ").Append(digest.Items[i].Item.Title.Trim());
            }

            text.Append('.');
        }

        string summary = InsightValidator.CutWords(text.ToString(), _options.SummaryMaxWords, out bool truncated);
        return truncated ? summary + "..." : summary;
    }

    private static void AppendList(StringBuilder text, int available, int count, Func<int, string> item)
    {
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? string.Empty : i == count - 1 ? " and " : ", ").Append(item(i));
        }

        if (available > count)
        {
            text.Append(CultureInfo.InvariantCulture, $" (and {available - count} more)");
        }
    }

    private static string Normalize(string value)
    {
        var text = new StringBuilder(value.Length);
        bool space = false;
        foreach (char raw in value.Trim())
        {
            char c = raw is '-' or '_' || char.IsWhiteSpace(raw) ? ' ' : char.ToLowerInvariant(raw);
            if (c == ' ')
            {
                if (!space && text.Length > 0)
                {
                    text.Append(c);
                }

                space = true;
                continue;
            }

            space = false;
            text.Append(c);
        }

        return text.ToString().TrimEnd();
    }

    private sealed class TagScore(string tag, int order)
    {
        public string Tag { get; } = tag;

        public int Order { get; } = order;

        public double Score { get; private set; }

        public List<ItemKey> Evidence { get; } = [];

        public List<ItemDigest> Items { get; } = [];

        /// <summary>Adds an item once (items arrive strongest first); returns whether it was new for this tag.</summary>
        public bool Add(ItemDigest item, int maxEvidence)
        {
            if (Items.Contains(item))
            {
                return false;
            }

            Items.Add(item);
            Score += item.Score;
            if (Evidence.Count < maxEvidence)
            {
                Evidence.Add(item.Key);
            }

            return true;
        }
    }
}
