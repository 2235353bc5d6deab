// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Options, routing (history, cross-platform cold start, popularity), explanations, limits and thread-safety.</summary>
public class RecommenderBehaviourTests
{
    public static TheoryData<string> Names => ["popularity", "item-knn", "ease", "als", "softmax", "hybrid"];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task RecommendAsync_ExcludeSeenOnAndOff_LeavesOutOrAdmitsSeenItems(string name)
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        ModelRecommender recommender = Create(name, model);
        UserProfile profile = RecommendationData.WithHistory(model, 5)[0];
        Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
        HashSet<ItemKey> seen = model.Matrix.Seen.RowColumns(row).ToArray().Select(c => model.Matrix.Items[c]).ToHashSet();

        RecommendationList excluded = await recommender.RecommendAsync(profile, new RecommendationOptions { Count = 50 });
        Assert.Equal(50, excluded.Count);
        Assert.DoesNotContain(excluded, r => seen.Contains(r.Item));
        Assert.Equal(50, excluded.Select(r => r.Item).Distinct().Count());

        RecommendationList all = await recommender.RecommendAsync(profile, new RecommendationOptions { Count = model.Matrix.Items.Count, ExcludeSeen = false });
        Assert.Equal(model.Matrix.Items.Count, all.Count);
        Assert.Subset(all.Select(r => r.Item).ToHashSet(), seen);

        // Extra seen items are left out too, but only while ExcludeSeen is on.
        ItemKey[] extra = excluded.Take(3).Select(r => r.Item).ToArray();
        RecommendationList withExtra = await recommender.RecommendAsync(profile, new RecommendationOptions { Count = 50, SeenItems = extra });
        Assert.DoesNotContain(withExtra, r => extra.Contains(r.Item));
        if (name != "hybrid")
        {
            // (The hybrid normalises over the eligible items, so leaving items out may reorder near-ties.)
            Assert.Equal(excluded.Skip(3).Take(10).Select(r => r.Item), withExtra.Take(10).Select(r => r.Item));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task RecommendAsync_PlatformAllowListAndFilter_OnlyReturnAllowedItems(string name)
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        ModelRecommender recommender = Create(name, model);
        UserProfile profile = RecommendationData.WithHistory(model, 5)[1];

        RecommendationList shop = await recommender.RecommendAsync(profile, new RecommendationOptions { Count = 20, Platforms = [SyntheticWorld.Shop] });
        Assert.Equal(20, shop.Count);
        Assert.All(shop, r => Assert.Equal(SyntheticWorld.Shop, r.Item.Platform));

        ItemKey[] candidates = model.Matrix.Items.Where((_, j) => j % 3 == 0).ToArray();
        RecommendationList allowed = await recommender.RecommendAsync(profile, new RecommendationOptions { Count = 15, CandidateItems = candidates });
        Assert.Equal(15, allowed.Count);
        Assert.All(allowed, r => Assert.Contains(r.Item, candidates));

        RecommendationList filtered = await recommender.RecommendAsync(profile, new RecommendationOptions
        {
            Count = 15,
            Platforms = [SyntheticWorld.News, SyntheticWorld.Social],
            CandidateFilter = item => item.Item.Value.EndsWith('1'),
        });
        Assert.NotEmpty(filtered);
        Assert.All(filtered, r => Assert.True(r.Item.Item.Value.EndsWith('1') && r.Item.Platform != SyntheticWorld.Shop));

        RecommendationList none = await recommender.RecommendAsync(profile, new RecommendationOptions { Platforms = [new PlatformId("nowhere")] });
        Assert.Empty(none);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task RecommendAsync_NewOnPlatform_ServedFromOtherPlatformsAndSaysSo(string name)
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        ModelRecommender recommender = Create(name, model);

        // A person with history on some platform but none on the one asked for.
        (UserProfile profile, PlatformId missing) = ColdCandidate(model);
        RecommendationList list = await recommender.RecommendAsync(profile, new RecommendationOptions { Platforms = [missing] });
        Assert.Equal(10, list.Count);
        Assert.All(list, r => Assert.Equal(missing, r.Item.Platform));
        if (name == "popularity")
        {
            Assert.Equal(RecommendationSource.Popularity, list.Source);
            Assert.All(list, r => Assert.StartsWith("popular on " + missing.Value, r.Explanation.Summary, StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(RecommendationSource.CrossPlatform, list.Source);
            Assert.All(list, r => Assert.Contains("new on " + missing.Value + ": from your activity on", r.Explanation.Summary, StringComparison.Ordinal));
            Assert.All(list, r => Assert.Equal(RecommendationSource.CrossPlatform, r.Explanation.Source));

            // The cross-platform list is the factor ranking restricted to the platform.
            RecommendationList factor = await new FactorRecommender(model).RecommendAsync(profile, new RecommendationOptions { Platforms = [missing] });
            Assert.Equal(factor.Select(r => r.Item), list.Select(r => r.Item));
        }

        // A person the model has never seen, with no vectors: popularity, and the explanation says so.
        RecommendationList stranger = await recommender.RecommendAsync(new UserProfile(new PersonId(987_654)), new RecommendationOptions { Platforms = [missing] });
        Assert.Equal(RecommendationSource.Popularity, stranger.Source);
        Assert.All(stranger, r => Assert.Equal($"popular on {missing.Value} (no history yet)", r.Explanation.Summary));
        Assert.All(stranger, r => Assert.Equal(missing, r.Explanation.PopularOn));
        RecommendationList popular = await new PopularityRecommender(model).RecommendAsync(new UserProfile(new PersonId(987_654)), new RecommendationOptions { Platforms = [missing] });
        Assert.Equal(popular.Select(r => r.Item), stranger.Select(r => r.Item));
    }

    [Fact]
    public async Task RecommendAsync_TextVectorOnly_ServedThroughTheTextProfile()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        UserProfile donor = RecommendationData.WithHistory(model, 5)[0];
        var stranger = new UserProfile(new PersonId(424_242)) { TextVector = donor.BehaviourVector };
        RecommendationList list = await new EaseRecommender(model).RecommendAsync(stranger);
        Assert.Equal(RecommendationSource.CrossPlatform, list.Source);
        Assert.All(list, r => Assert.Contains("from your text profile", r.Explanation.Summary, StringComparison.Ordinal));
        RecommendationList byVector = await new FactorRecommender(model).RecommendAsync(new UserProfile(new PersonId(424_243)) { BehaviourVector = donor.BehaviourVector });
        Assert.Equal(byVector.Select(r => r.Item), list.Select(r => r.Item));
    }

    [Fact]
    public async Task RecommendAsync_VectorWithNegativeLargestEntry_IsStillUsable()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var vector = new float[model.Factors.Rank];
        vector[0] = -1f;
        RecommendationList list = await new FactorRecommender(model).RecommendAsync(new UserProfile(new PersonId(515_151)) { BehaviourVector = vector });
        Assert.Equal(RecommendationSource.CrossPlatform, list.Source);
        Assert.Equal(RecommendationSource.Popularity, (await new FactorRecommender(model).RecommendAsync(new UserProfile(new PersonId(515_152)) { BehaviourVector = new float[model.Factors.Rank] })).Source);

        // A model person without any positive history is not served from the solver's leftover vector.
        UserProfile? empty = model.Profiles.FirstOrDefault(p => model.Matrix.TryGetRow(p.Person, out int row) && model.Matrix.ByPerson.RowLength(row) == 0);
        if (empty is not null)
        {
            Assert.Equal(RecommendationSource.Popularity, (await new FactorRecommender(model).RecommendAsync(empty)).Source);
        }
    }

    [Fact]
    public async Task RecommendAsync_History_ExplainsByInterestsSimilarItemsAndNeighbours()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        UserProfile profile = RecommendationData.WithHistory(model, 8)[0];
        Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
        HashSet<ItemKey> history = model.Matrix.ByPerson.RowColumns(row).ToArray().Select(c => model.Matrix.Items[c]).ToHashSet();
        HashSet<string> interests = profile.Interests.Select(i => i.Name).ToHashSet();
        foreach (string name in Names)
        {
            RecommendationList list = await Create(name, model).RecommendAsync(profile);
            Assert.Equal(name, list.Recommender);
            foreach (Recommendation r in list)
            {
                Assert.False(string.IsNullOrWhiteSpace(r.Explanation.Summary));
                Assert.All(r.Explanation.SimilarItems, item => Assert.Contains(item, history));
                Assert.All(r.Explanation.Interests, i => Assert.Contains(i, interests));
                Assert.All(r.Explanation.Interests, i => Assert.Contains(i, model.Catalog[r.Item.Platform, r.Item.Item].Categories));
                Assert.All(r.Explanation.Neighbours, n => Assert.Contains(n, profile.Neighbours.Select(x => x.Person)));
            }

            if (name is "item-knn" or "ease" or "als" or "hybrid")
            {
                Assert.Contains(list, r => r.Explanation.SimilarItems.Count > 0 && r.Explanation.Summary.Contains("similar to ", StringComparison.Ordinal));
            }

            if (name == "popularity")
            {
                Assert.All(list, r => Assert.StartsWith("popular on ", r.Explanation.Summary, StringComparison.Ordinal));
            }
        }

        RecommendationList ease = await new EaseRecommender(model).RecommendAsync(profile);
        Assert.Contains(ease, r => r.Explanation.Interests.Count > 0);
    }

    [Fact]
    public async Task Ease_MoreItemsThanTheLimit_ThrowsNamingTheModel()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        ArgumentException error = Assert.Throws<ArgumentException>("model", () => new EaseRecommender(model, new EaseRecommenderOptions { MaxItems = 50 }));
        Assert.Contains("above the limit of 50", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EaseRecommenderOptions { MaxItems = EaseRecommender.MaxItemLimit + 1 });
        Assert.Equal(20_000, new EaseRecommenderOptions().MaxItems);
        var fewer = new EaseRecommender(model, new EaseRecommenderOptions { MaxItems = 50, MinItemSupport = 1000 });
        Assert.Equal(0, fewer.ModelledItems);
    }

    [Fact]
    public async Task Arguments_Invalid_ThrowNamingTheParameter()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var recommender = new PopularityRecommender(model);
        await Assert.ThrowsAsync<ArgumentNullException>("profile", () => recommender.RecommendAsync(null!));
        Assert.Throws<ArgumentNullException>("model", () => new FactorRecommender(null!));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new RecommendationOptions { Count = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new RecommendationOptions { Count = 10_001 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new ItemKnnRecommenderOptions { Neighbors = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new ItemKnnRecommenderOptions { Shrinkage = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EaseRecommenderOptions { Regularization = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new HybridTunerOptions { GridStep = 0.3 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new HybridTunerOptions { ValidationShare = 1 });
        Assert.Throws<ArgumentException>("weights", () => new HybridRecommender([recommender], [1, 2]));
        Assert.Throws<ArgumentException>("weights", () => new HybridRecommender([recommender], [0]));
        Assert.Throws<ArgumentException>("weights", () => new HybridRecommender([recommender], [double.NaN]));
        Assert.Throws<ArgumentException>("components", () => new HybridRecommender([], []));
        ProfileModel other = model.WithProfiles(model.Profiles);
        Assert.Throws<ArgumentException>("components", () => new HybridRecommender([recommender, new PopularityRecommender(other)], [1, 1]));
        var softmax = new SoftmaxRecommender(model);
        Assert.Throws<ArgumentException>("destination", () => softmax.Probabilities(model.Profiles[0], new float[3]));
        Assert.Throws<ArgumentException>("profile", () => softmax.Probabilities(new UserProfile(new PersonId(5)), new float[model.Matrix.Items.Count]));
        IdentityGraph graph = (await RecommendationData.SmallAsync()).Graph;
        Assert.Throws<ArgumentException>("name", () => RecommenderRankingSystem.Create(" ", m => new PopularityRecommender(m), graph, new ItemCatalog()));
    }

    [Fact]
    public void Options_Clone_CopiesEveryValue()
    {
        Func<ItemKey, bool> filter = _ => true;
        var options = new RecommendationOptions
        {
            Count = 7,
            Platforms = [SyntheticWorld.Shop],
            ExcludeSeen = false,
            SeenItems = [new ItemKey("shop", "1")],
            CandidateItems = [new ItemKey("shop", "2")],
            CandidateFilter = filter,
        };
        RecommendationOptions copy = options.Clone();
        Assert.Equal(7, copy.Count);
        Assert.Same(options.Platforms, copy.Platforms);
        Assert.False(copy.ExcludeSeen);
        Assert.Same(options.SeenItems, copy.SeenItems);
        Assert.Same(options.CandidateItems, copy.CandidateItems);
        Assert.Same(filter, copy.CandidateFilter);
        Assert.Equal(10, new RecommendationOptions().Count);
        Assert.True(new RecommendationOptions().ExcludeSeen);

        EaseRecommenderOptions ease = new EaseRecommenderOptions { Regularization = 3, MinItemSupport = 2, MaxItems = 9, BinaryInteractions = false, MaxDegreeOfParallelism = 1 }.Clone();
        Assert.Equal((3d, 2, 9, false, 1), (ease.Regularization, ease.MinItemSupport, ease.MaxItems, ease.BinaryInteractions, ease.MaxDegreeOfParallelism));
        ItemKnnRecommenderOptions knn = new ItemKnnRecommenderOptions { Neighbors = 4, Shrinkage = 1, BinaryInteractions = false, MaxDegreeOfParallelism = 1 }.Clone();
        Assert.Equal((4, 1f, false, 1), (knn.Neighbors, knn.Shrinkage, knn.BinaryInteractions, knn.MaxDegreeOfParallelism));
        HybridTunerOptions tuner = new HybridTunerOptions { GridStep = 0.5, ValidationShare = 0.2, Cutoff = 5, Seed = 3, Normalization = ScoreNormalization.ZScore }.Clone();
        Assert.Equal((0.5, 0.2, 5, 3, ScoreNormalization.ZScore), (tuner.GridStep, tuner.ValidationShare, tuner.Cutoff, tuner.Seed, tuner.Normalization));
    }

    [Fact]
    public async Task RecommendAsync_ParallelCalls_EqualSequentialCalls()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        List<UserProfile> profiles = RecommendationData.WithHistory(model, 1).Take(60).ToList();
        (UserProfile cold, PlatformId missing) = ColdCandidate(model);
        profiles.Add(cold);
        foreach (string name in Names)
        {
            ModelRecommender recommender = Create(name, model);
            var options = new RecommendationOptions { Count = 15 };
            string[] sequential = profiles.Select(p => Describe(recommender.Recommend(p, options))).ToArray();
            var parallel = new string[profiles.Count * 4];
            await Parallel.ForAsync(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                parallel[i] = Describe(await recommender.RecommendAsync(profiles[i % profiles.Count], options, ct)));
            for (int i = 0; i < parallel.Length; i++)
            {
                Assert.Equal(sequential[i % profiles.Count], parallel[i]);
            }
        }
    }

    [Fact]
    public async Task RecommendAsync_Cancelled_Throws()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        using var source = new CancellationTokenSource();
        await source.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PopularityRecommender(model).RecommendAsync(model.Profiles[0], null, source.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => new EaseRecommender(model, null, source.Token));
    }

    internal static ModelRecommender Create(string name, ProfileModel model) => name switch
    {
        "popularity" => new PopularityRecommender(model),
        "item-knn" => new ItemKnnRecommender(model, new ItemKnnRecommenderOptions { Neighbors = 20 }),
        "ease" => new EaseRecommender(model),
        "als" => new FactorRecommender(model),
        "softmax" => new SoftmaxRecommender(model),
        "hybrid" => new HybridRecommender([new ItemKnnRecommender(model), new EaseRecommender(model), new FactorRecommender(model)], [0.2, 0.5, 0.3]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown recommender"),
    };

    internal static (UserProfile Profile, PlatformId Missing) ColdCandidate(ProfileModel model)
    {
        foreach (UserProfile profile in RecommendationData.WithHistory(model, 6))
        {
            Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
            HashSet<PlatformId> platforms = model.Matrix.Seen.RowColumns(row).ToArray().Select(c => model.Matrix.Items[c].Platform).ToHashSet();
            PlatformId[] missing = [.. new[] { SyntheticWorld.Shop, SyntheticWorld.Social, SyntheticWorld.News }.Where(p => !platforms.Contains(p))];
            if (missing.Length > 0)
            {
                return (profile, missing[0]);
            }
        }

        throw new InvalidOperationException("No person without history on some platform.");
    }

    private static string Describe(RecommendationList list) =>
        list.Source + ":" + string.Join(";", list.Select(r => $"{r.Item}={r.Score:R}|{r.Explanation.Summary}"));
}
