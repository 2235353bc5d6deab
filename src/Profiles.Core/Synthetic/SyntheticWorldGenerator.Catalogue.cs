// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

// The catalogues (items per platform and topic, Zipf tables) and the pools of review, comment, spam and oversized texts.
internal sealed partial class SyntheticWorldGenerator
{
    private void BuildCatalogue()
    {
        int n = _o.ItemsPerPlatform;
        int width = Math.Max(6, Digits(n - 1));
        _items = new Item[PlatformCount * n];
        for (int pl = 0; pl <= PlatformCount; pl++)
        {
            _itemOffset[pl] = pl * n;
        }

        var categories = new IReadOnlyList<string>[_topicCount];
        for (int t = 0; t < _topicCount; t++)
        {
            categories[t] = Array.AsReadOnly(new[] { _topicData[t].Category, _topicData[t].Name });
        }

        DeterministicRandom catalogue = _root.Fork(StreamCatalogue);
        int year = _o.Start.UtcDateTime.Year;
        PlatformId[] platforms = [SyntheticWorld.Shop, SyntheticWorld.Social, SyntheticWorld.News];
        for (int pl = 0; pl < PlatformCount; pl++)
        {
            DeterministicRandom r = catalogue.Fork((ulong)pl);
            var topicOf = new int[n];
            for (int k = 0; k < n; k++)
            {
                topicOf[k] = k % _topicCount;
            }

            r.Shuffle(topicOf.AsSpan());
            var byTopic = new List<int>[_topicCount];
            for (int t = 0; t < _topicCount; t++)
            {
                byTopic[t] = [];
            }

            for (int k = 0; k < n; k++)
            {
                byTopic[topicOf[k]].Add(_itemOffset[pl] + k);
            }

            _rankItems[pl] = new int[_topicCount][];
            _zipf[pl] = new CumulativeTable[_topicCount];
            for (int t = 0; t < _topicCount; t++)
            {
                int[] ranked = byTopic[t].ToArray();
                r.Shuffle(ranked.AsSpan());
                var weights = new double[ranked.Length];
                for (int rank = 0; rank < ranked.Length; rank++)
                {
                    weights[rank] = 1d / (rank + 1);
                }

                _rankItems[pl][t] = ranked;
                _zipf[pl][t] = new CumulativeTable(weights);
            }

            int platform = pl;
            ForEachBlock(n, 1024, (k, _) =>
            {
                DeterministicRandom ir = catalogue.Fork(((ulong)(platform + 1) << 32) | (uint)k);
                int t = topicOf[k];
                string id = SyntheticPii.PaddedId(ItemPrefixes[platform], k, width);
                (string title, string? description) = ItemText(platform, _topicData[t], ir, year);
                _items[_itemOffset[platform] + k] = new Item(platforms[platform], id, title) { Description = description, Categories = categories[t] };
            });
        }
    }

    private static (string Title, string? Description) ItemText(int platform, SyntheticTaxonomy.TopicData topic, DeterministicRandom r, int year)
    {
        string city = SyntheticPeopleData.Cities[r.NextInt(SyntheticPeopleData.Cities.Length)].Name;
        switch (platform)
        {
            case Shop:
            {
                string title = r.Pick<string>(SyntheticText.ProductAdjectives) + " " + r.Pick<string>(topic.Products);
                if (r.Chance(0.3))
                {
                    title += ", " + r.Pick<string>(SyntheticText.ProductVariants);
                }

                string pitch = SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.ProductPitches), topic, r, city, year));
                return (title, pitch + " " + r.Pick<string>(SyntheticText.ProductFeatures));
            }

            case Social:
            {
                string title = SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.PostTemplates), topic, r, city, year));
                string tags = " #" + topic.Tag + (r.Chance(0.5) ? " #" + topic.Category : string.Empty);
                return (title, title + tags);
            }

            default:
            {
                string title = SyntheticPii.TitleCase(SyntheticText.Fill(r.Pick<string>(SyntheticText.HeadlineTemplates), topic, r, city, year));
                string lede = SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.LedeTemplates), topic, r, city, year));
                return (title, lede);
            }
        }
    }

    private void BuildTexts()
    {
        DeterministicRandom r = _root.Fork(StreamTexts);
        int year = _o.Start.UtcDateTime.Year;
        var texts = new List<string>();
        foreach (SyntheticTaxonomy.TopicData topic in _topicData)
        {
            for (int sentiment = 0; sentiment < 3; sentiment++)
            {
                for (int k = 0; k < PoolSize; k++)
                {
                    string city = SyntheticPeopleData.Cities[r.NextInt(SyntheticPeopleData.Cities.Length)].Name;
                    texts.Add(SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.ReviewTemplates[sentiment]), topic, r, city, year)));
                }
            }
        }

        _commentBase = texts.Count;
        foreach (SyntheticTaxonomy.TopicData topic in _topicData)
        {
            for (int k = 0; k < PoolSize; k++)
            {
                string city = SyntheticPeopleData.Cities[r.NextInt(SyntheticPeopleData.Cities.Length)].Name;
                texts.Add(SyntheticPii.Capitalise(SyntheticText.Fill(r.Pick<string>(SyntheticText.CommentTemplates), topic, r, city, year)));
            }
        }

        _spamBase = texts.Count;
        texts.AddRange(SyntheticText.SpamTexts);
        _oversizedBase = texts.Count;
        for (int k = 0; k < OversizedCount; k++)
        {
            texts.Add(SyntheticText.Oversized(_o.OversizedTextLength, r));
        }

        _texts = texts.ToArray();
    }

    private static int ReviewText(int topic, int sentiment, int k) => (((topic * 3) + sentiment) * PoolSize) + k;

    private int CommentText(int topic, int k) => _commentBase + (topic * PoolSize) + k;
}
