// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Validation, ranking, filters, the only-new mode, the text factory and thread-safety of <see cref="NewItemRecommender"/>.</summary>
public sealed class NewItemRecommenderTests
{
    private static float[] ItemFactors(ProfileModel model, ItemKey key)
    {
        Assert.True(model.Matrix.TryGetColumn(key, out int column));
        int rank = model.Factors.Rank;
        return model.Factors.ItemFactors.Span.Slice(column * rank, rank).ToArray();
    }

    private static Item NewItem(PlatformId platform, string id, string title = "A fresh item", params string[] categories) =>
        new(platform, new ItemId(id), title) { Categories = categories };

    /// <summary>Returns a profile with history and its positive history keys, strongest-scored by the behaviour vector first.</summary>
    private static (UserProfile Profile, ItemKey[] Liked) PersonWithHistory(ProfileModel model, int which)
    {
        UserProfile profile = RecommendationData.WithHistory(model, 5)[which];
        Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
        ItemKey[] liked = model.Matrix.ByPerson.RowColumns(row).ToArray()
            .Where(c => c < model.Factors.Items)
            .Select(c => model.Matrix.Items[c])
            .OrderByDescending(k => TensorPrimitives.Dot(profile.BehaviourVector.Span, ItemFactors(model, k)))
            .ToArray();
        Assert.True(profile.FusedVector.IsEmpty, "the test model has no fused vectors; the behaviour vector is u");
        return (profile, liked);
    }

    [Fact]
    public async Task Constructor_InvalidArguments_ThrowNamingTheArgument()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        int rank = model.Factors.Rank;
        Item fresh = NewItem(SyntheticWorld.Shop, "fresh-1");
        float[] ok = new float[rank];

        Assert.Throws<ArgumentNullException>("model", () => new NewItemRecommender(null!, [fresh], [ok]));
        Assert.Throws<ArgumentNullException>("newItems", () => new NewItemRecommender(model, null!, [ok]));
        Assert.Throws<ArgumentNullException>("factors", () => new NewItemRecommender(model, [fresh], null!));
        Assert.Throws<ArgumentException>("factors", () => new NewItemRecommender(model, [fresh], []));
        Assert.Throws<ArgumentException>("factors", () => new NewItemRecommender(model, [fresh], [new float[rank + 1]]));
        Assert.Throws<ArgumentException>("factors", () => new NewItemRecommender(model, [fresh], [null!]));
        float[] nan = new float[rank];
        nan[rank - 1] = float.NaN;
        Assert.Throws<ArgumentException>("factors", () => new NewItemRecommender(model, [fresh], [nan]));
        float[] infinite = new float[rank];
        infinite[0] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>("factors", () => new NewItemRecommender(model, [fresh], [infinite]));
        Assert.Throws<ArgumentException>("newItems", () => new NewItemRecommender(model, [fresh, fresh with { Title = "same key" }], [ok, ok]));
        Assert.Throws<ArgumentException>("newItems", () => new NewItemRecommender(model, [null!], [ok]));

        // An item the model has trained factors for is not new.
        ItemKey trained = model.Matrix.Items[0];
        ArgumentException known = Assert.Throws<ArgumentException>("newItems",
            () => new NewItemRecommender(model, [new Item(trained.Platform, trained.Item, "again")], [ok]));
        Assert.Contains(trained.ToString(), known.Message, StringComparison.Ordinal);

        var recommender = new NewItemRecommender(model, [fresh], [ok]);
        await Assert.ThrowsAsync<ArgumentNullException>("profile", () => recommender.RecommendAsync(null!));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recommender.RecommendAsync(model.Profiles[0], null, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task CreateAsync_InvalidArguments_ThrowNamingTheArgument()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 64 });
        TextProjection projection = await new ProfileFuser(generator).FitProjectionAsync(model);
        TextProjection wrongRank = new TextProjectionTrainer().Fit(new float[64 * 3], 64, new float[3 * (model.Factors.Rank + 1)], model.Factors.Rank + 1);
        Item fresh = NewItem(SyntheticWorld.Shop, "fresh-1");

        await Assert.ThrowsAsync<ArgumentNullException>("model", () => NewItemRecommender.CreateAsync(null!, projection, [fresh], generator));
        await Assert.ThrowsAsync<ArgumentNullException>("projection", () => NewItemRecommender.CreateAsync(model, null!, [fresh], generator));
        await Assert.ThrowsAsync<ArgumentNullException>("newItems", () => NewItemRecommender.CreateAsync(model, projection, null!, generator));
        await Assert.ThrowsAsync<ArgumentNullException>("embeddingGenerator", () => NewItemRecommender.CreateAsync(model, projection, [fresh], null!));
        await Assert.ThrowsAsync<ArgumentException>("projection", () => NewItemRecommender.CreateAsync(model, wrongRank, [fresh], generator));
        await Assert.ThrowsAsync<ArgumentException>("newItems", () => NewItemRecommender.CreateAsync(model, projection, [fresh, fresh], generator));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => NewItemRecommender.CreateAsync(model, projection, [fresh], generator, cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Options_InvalidValues_ThrowAndCloneCopies()
    {
        var options = new NewItemRecommenderOptions();
        Assert.False(options.NewItemsOnly);
        Assert.Equal(1f, options.NewItemWeight);
        Assert.Equal(0f, options.NewItemOffset);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.NewItemWeight = 0f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.NewItemWeight = -1f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.NewItemWeight = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => options.NewItemOffset = float.PositiveInfinity);

        options.NewItemsOnly = true;
        options.NewItemWeight = 2.5f;
        options.NewItemOffset = -0.25f;
        NewItemRecommenderOptions copy = options.Clone();
        options.NewItemWeight = 1f;
        Assert.True(copy.NewItemsOnly);
        Assert.Equal(2.5f, copy.NewItemWeight);
        Assert.Equal(-0.25f, copy.NewItemOffset);
    }

    [Fact]
    public async Task Recommend_NewItemWithALikedItemsFactors_RanksWhereThatItemWould()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        (UserProfile profile, ItemKey[] liked) = PersonWithHistory(model, 0);
        ItemKey twin = liked[0];
        Item fresh = NewItem(twin.Platform, "twin-of-" + twin.Item.Value);
        var recommender = new NewItemRecommender(model, [fresh], [ItemFactors(model, twin)]);
        var all = new RecommendationOptions { Count = 30, ExcludeSeen = false };

        RecommendationList catalogue = new FactorRecommender(model).Recommend(profile, all);
        RecommendationList mixed = recommender.Recommend(profile, all);

        int p = catalogue.ToItemKeys().ToList().IndexOf(twin);
        Assert.InRange(p, 0, 28);
        var freshKey = new ItemKey(fresh.Platform, fresh.Id);
        int q = mixed.ToItemKeys().ToList().IndexOf(freshKey);
        Assert.InRange(q, p, p + 1);   // a tie with its twin (up to the last bit of the dot product), which goes first on exact ties
        Assert.Equal(catalogue[p].Score, mixed[q].Score, 4);
        Assert.Equal(catalogue.Take(29).Select(r => r.Item), mixed.Where(r => r.Item != freshKey).Select(r => r.Item));
        Assert.True(mixed[q].Explanation.IsNewItem);
        Assert.StartsWith("new item: its text resembles ", mixed[q].Explanation.Summary, StringComparison.Ordinal);
        Assert.Equal(twin, mixed[q].Explanation.SimilarItems[0]);   // cosine 1 with itself
        Assert.All(mixed.Where(r => r.Item != freshKey), r => Assert.False(r.Explanation.IsNewItem));
        Assert.Equal(RecommendationSource.History, mixed.Source);
        Assert.Equal("new-items", mixed.Recommender);
    }

    [Fact]
    public async Task Recommend_SeenItems_AreNeverReturned()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        (UserProfile profile, ItemKey[] liked) = PersonWithHistory(model, 1);
        Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
        HashSet<ItemKey> seen = model.Matrix.Seen.RowColumns(row).ToArray().Select(c => model.Matrix.Items[c]).ToHashSet();
        Item[] fresh = liked.Take(4).Select((k, i) => NewItem(k.Platform, "fresh-" + i)).ToArray();
        var recommender = new NewItemRecommender(model, fresh, liked.Take(4).Select(k => ItemFactors(model, k)).ToArray());
        ItemKey[] openedSinceBuild = [new(fresh[0].Platform, fresh[0].Id), new(fresh[2].Platform, fresh[2].Id)];

        RecommendationList list = recommender.Recommend(profile, new RecommendationOptions { Count = 60, SeenItems = openedSinceBuild });

        Assert.Equal(60, list.Count);
        Assert.DoesNotContain(list, r => seen.Contains(r.Item));
        Assert.DoesNotContain(list, r => openedSinceBuild.Contains(r.Item));
        Assert.Contains(list, r => r.Item == new ItemKey(fresh[1].Platform, fresh[1].Id));
        Assert.Contains(list, r => r.Item == new ItemKey(fresh[3].Platform, fresh[3].Id));
        Assert.Equal(list.Count, list.Select(r => r.Item).Distinct().Count());

        // With ExcludeSeen off, the extra seen items are ignored and every new item competes.
        RecommendationList everything = recommender.Recommend(profile, new RecommendationOptions { Count = 200, ExcludeSeen = false, SeenItems = openedSinceBuild });
        Assert.Equal(4, everything.Count(r => r.Explanation.IsNewItem));
    }

    [Fact]
    public async Task Recommend_PlatformsCandidatesAndFilter_ApplyToNewItems()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        (UserProfile profile, ItemKey[] liked) = PersonWithHistory(model, 2);
        PlatformId[] platforms = model.Matrix.Items.Select(k => k.Platform).Distinct().ToArray();
        Assert.True(platforms.Length >= 2);
        float[] strong = ItemFactors(model, liked[0]);
        Item[] fresh = platforms.SelectMany(p => Enumerable.Range(0, 3).Select(i => NewItem(p, $"fresh-{p.Value}-{i}"))).ToArray();
        var recommender = new NewItemRecommender(model, fresh, fresh.Select(_ => strong).ToArray(), new NewItemRecommenderOptions { NewItemOffset = 100f });
        PlatformId shop = SyntheticWorld.Shop;

        RecommendationList onShop = recommender.Recommend(profile, new RecommendationOptions { Count = 20, Platforms = [shop] });
        Assert.Equal(20, onShop.Count);
        Assert.All(onShop, r => Assert.Equal(shop, r.Item.Platform));
        Assert.Equal(3, onShop.Take(3).Count(r => r.Explanation.IsNewItem));   // the offset puts them first

        ItemKey allowedNew = new(fresh[1].Platform, fresh[1].Id);
        ItemKey[] candidates = [allowedNew, .. model.Matrix.Items.Take(5)];
        RecommendationList allowed = recommender.Recommend(profile, new RecommendationOptions { Count = 20, CandidateItems = candidates, ExcludeSeen = false });
        Assert.Equal(6, allowed.Count);
        Assert.Equal(allowedNew, allowed[0].Item);
        Assert.All(allowed, r => Assert.Contains(r.Item, candidates));

        RecommendationList filtered = recommender.Recommend(profile, new RecommendationOptions
        {
            Count = 40,
            CandidateFilter = k => !k.Item.Value.EndsWith("-0", StringComparison.Ordinal),
        });
        Assert.Equal(40, filtered.Count);
        Assert.Equal(fresh.Length - platforms.Length, filtered.Count(r => r.Explanation.IsNewItem));
        Assert.DoesNotContain(filtered, r => r.Item.Item.Value.EndsWith("-0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recommend_NewItemsOnly_ReturnsOnlyNewItemsByProjectedScore()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        (UserProfile profile, ItemKey[] liked) = PersonWithHistory(model, 3);
        int rank = model.Factors.Rank;
        var random = new Random(5);
        Item[] fresh = Enumerable.Range(0, 25).Select(i => NewItem(i % 2 == 0 ? SyntheticWorld.Shop : model.Matrix.Items[^1].Platform, "n" + i)).ToArray();
        float[][] vectors = fresh.Select(_ => Enumerable.Range(0, rank).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray()).ToArray();
        var options = new NewItemRecommenderOptions { NewItemsOnly = true, NewItemWeight = 2f, NewItemOffset = -0.5f };
        var recommender = new NewItemRecommender(model, fresh, vectors, options);

        RecommendationList list = recommender.Recommend(profile, new RecommendationOptions { Count = 10 });

        float[] u = profile.BehaviourVector.ToArray();
        var expected = Enumerable.Range(0, fresh.Length)
            .Select(i => (Key: new ItemKey(fresh[i].Platform, fresh[i].Id), Score: (2f * TensorPrimitives.Dot(u, vectors[i])) - 0.5f))
            .OrderByDescending(x => x.Score).Take(10).ToArray();
        Assert.Equal(10, list.Count);
        Assert.Equal(expected.Select(x => x.Key), list.Select(r => r.Item));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(expected[i].Score, list[i].Score, 4);
            Assert.True(list[i].Explanation.IsNewItem);
        }

        Assert.Equal(fresh.Length, recommender.Metadata.Items);
        Assert.Equal(fresh.Length, recommender.Recommend(profile, new RecommendationOptions { Count = 100 }).Count);

        // A person with no vector at all gets popularity, which new items have none of: the fresh shelf is empty.
        RecommendationList stranger = recommender.Recommend(new UserProfile(new PersonId(987_001)));
        Assert.Equal(RecommendationSource.Popularity, stranger.Source);
        Assert.Empty(stranger);
        RecommendationList mixedStranger = new NewItemRecommender(model, fresh, vectors).Recommend(new UserProfile(new PersonId(987_002)));
        Assert.Equal(10, mixedStranger.Count);
        Assert.DoesNotContain(mixedStranger, r => r.Explanation.IsNewItem);
    }

    [Fact]
    public async Task Recommend_ColdPersonWithTextVector_ScoresNewItemsByIt()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        (UserProfile donor, ItemKey[] liked) = PersonWithHistory(model, 4);
        Item fresh = NewItem(liked[0].Platform, "for-the-stranger");
        var recommender = new NewItemRecommender(model, [fresh], [ItemFactors(model, liked[0])], new NewItemRecommenderOptions { NewItemsOnly = true });
        var stranger = new UserProfile(new PersonId(424_299)) { TextVector = donor.BehaviourVector };

        RecommendationList list = recommender.Recommend(stranger);

        Assert.Equal(RecommendationSource.CrossPlatform, list.Source);
        Assert.Equal(new ItemKey(fresh.Platform, fresh.Id), Assert.Single(list).Item);
        Assert.Equal(TensorPrimitives.Dot(donor.BehaviourVector.Span, ItemFactors(model, liked[0])), list[0].Score, 4);
        Assert.StartsWith("new item: its text matches your profile (cosine ", list[0].Explanation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_HashingEmbedder_EqualsVectorsProjectedByHand()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        ProfileModel model = built.Model;
        var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 256 });
        TextProjection projection = await new ProfileFuser(generator).FitProjectionAsync(model);
        Item[] fresh = built.Catalog.Take(12).Select((item, i) => item with { Id = new ItemId("brand-new-" + i) }).ToArray();

        NewItemRecommender created = await NewItemRecommender.CreateAsync(model, projection, fresh, generator);
        float[][] byHand = fresh.Select(item => projection.Project(generator.Embed(TextProjection.ItemText(item)))).ToArray();
        var constructed = new NewItemRecommender(model, fresh, byHand);

        Assert.Equal(byHand.SelectMany(v => v), created.NewItemFactors.ToArray());
        Assert.Equal(fresh, created.NewItems);
        Assert.Contains(byHand, v => TensorPrimitives.Norm(v) > 0f);
        foreach (UserProfile profile in RecommendationData.WithHistory(model, 5).Take(5))
        {
            RecommendationList a = await created.RecommendAsync(profile, new RecommendationOptions { Count = 30 });
            RecommendationList b = await constructed.RecommendAsync(profile, new RecommendationOptions { Count = 30 });
            Assert.Equal(b.Select(r => (r.Item, r.Score, r.Explanation.Summary)), a.Select(r => (r.Item, r.Score, r.Explanation.Summary)));
        }
    }

    [Fact]
    public async Task RecommendAsync_ParallelCalls_EqualSequentialOnes()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        int rank = model.Factors.Rank;
        var random = new Random(11);
        Item[] fresh = Enumerable.Range(0, 40).Select(i => NewItem(model.Matrix.Items[i % model.Matrix.Items.Count].Platform, "p" + i)).ToArray();
        float[][] vectors = fresh.Select(_ => Enumerable.Range(0, rank).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        var recommender = new NewItemRecommender(model, fresh, vectors, new NewItemRecommenderOptions { NewItemWeight = 3f });
        List<UserProfile> people = RecommendationData.WithHistory(model, 1).Take(60).ToList();
        var options = new RecommendationOptions { Count = 15 };

        List<RecommendationList> sequential = people.Select(p => recommender.Recommend(p, options)).ToList();
        var parallel = new RecommendationList[people.Count];
        await Parallel.ForAsync(0, people.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, ct) => parallel[i] = await recommender.RecommendAsync(people[i], options, ct));

        Assert.Contains(sequential, l => l.Any(r => r.Explanation.IsNewItem));
        for (int i = 0; i < people.Count; i++)
        {
            Assert.Equal(sequential[i].Select(r => (r.Item, r.Score, r.Explanation.Summary)), parallel[i].Select(r => (r.Item, r.Score, r.Explanation.Summary)));
        }
    }

    [Fact]
    public async Task DocSnippet_LlmNewItems_ServesBothShelves()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        Item[] published = built.Catalog.Take(8).Select((item, i) => item with { Id = new ItemId("today-" + i) }).ToArray();
        UserProfile profile = RecommendationData.WithHistory(built.Model, 5)[0];

        (RecommendationList forYou, RecommendationList fresh) = await DocSnippets.LlmNewItemsAsync(built.Model, published, profile);

        Assert.Equal(10, forYou.Count);
        Assert.Equal(5, fresh.Count);
        Assert.All(fresh, r => Assert.True(r.Explanation.IsNewItem));
        Assert.All(fresh, r => Assert.StartsWith("today-", r.Item.Item.Value, StringComparison.Ordinal));
    }

    [Property(MaxTest = 30)]
    public Property Recommend_AnyWeightAndOffset_ListIsSortedAndNewScoresFollowTheKnobs()
    {
        Gen<(int Weight, int Offset, int Count)> gen =
            from weight in Gen.Choose(1, 40)
            from offset in Gen.Choose(-20, 20)
            from count in Gen.Choose(1, 60)
            select (weight, offset, count);
        ProfileModel model = RecommendationData.SmallAsync().GetAwaiter().GetResult().Model;
        (UserProfile profile, ItemKey[] liked) = PersonWithHistory(model, 5);
        Item[] fresh = liked.Take(5).Select((k, i) => NewItem(k.Platform, "k" + i)).ToArray();
        float[][] vectors = liked.Take(5).Select(k => ItemFactors(model, k)).ToArray();
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            float w = x.Weight / 10f, o = x.Offset / 10f;
            var recommender = new NewItemRecommender(model, fresh, vectors, new NewItemRecommenderOptions { NewItemWeight = w, NewItemOffset = o });
            RecommendationList list = recommender.Recommend(profile, new RecommendationOptions { Count = x.Count });
            bool sorted = list.Zip(list.Skip(1), (a, b) => a.Score >= b.Score).All(ok => ok);
            bool knobs = list.Where(r => r.Explanation.IsNewItem).All(r =>
            {
                int i = int.Parse(r.Item.Item.Value.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                float expected = (w * TensorPrimitives.Dot(profile.BehaviourVector.Span, vectors[i])) + o;
                return Math.Abs(expected - r.Score) <= 1e-4f * Math.Max(1f, Math.Abs(expected));
            });
            return (list.Count == x.Count && sorted && knobs).Label($"count {list.Count}/{x.Count}, sorted {sorted}, knobs {knobs}");
        });
    }
}
