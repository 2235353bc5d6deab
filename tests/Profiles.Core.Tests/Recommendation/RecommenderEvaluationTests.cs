// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>The recommenders as evaluation systems: leak-free training, MovieLens against popularity, the cross-platform
/// cold start, and the hybrid's tuning on validation data only.</summary>
public class RecommenderEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MovieLens_RandomSplit_EaseAndAlsFarAbovePopularity()
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings);
        Assert.Equal(610, identities.PersonCount);
        EvaluationSplit split = EvaluationSplit.RandomPerUser(data.Ratings, e => int.Parse(e.Account.Value, CultureInfo.InvariantCulture));
        var options = new RecommenderRankingSystemOptions { BuilderOptions = MovieLensSetup.Builder() };
        IRankingSystem[] systems =
        [
            RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), identities, data.Movies, options),
            RecommenderRankingSystem.Create("ease", m => new EaseRecommender(m, new EaseRecommenderOptions { MinItemSupport = 10 }), identities, data.Movies, options),
            RecommenderRankingSystem.Create("als", m => new FactorRecommender(m), identities, data.Movies, options),
        ];
        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 200, FailOnTrainingItems = true }).EvaluateAsync(split, systems);
        output.WriteLine(report.ToText());

        double popularity = report.Systems[0].Metrics[RankingMetric.Ndcg].Estimate;
        double ease = report.Systems[1].Metrics[RankingMetric.Ndcg].Estimate;
        double als = report.Systems[2].Metrics[RankingMetric.Ndcg].Estimate;
        Assert.InRange(popularity, 0.20, 0.24);
        Assert.True(ease >= 1.7 * popularity, $"EASE NDCG@10 {ease:F4} < 1.7 x popularity {popularity:F4}");
        Assert.True(als >= 1.5 * popularity, $"ALS NDCG@10 {als:F4} < 1.5 x popularity {popularity:F4}");
        foreach (SystemComparison comparison in report.Comparisons.Where(c => c.Baseline == "popularity" && c.Metric is RankingMetric.Ndcg or RankingMetric.Precision or RankingMetric.Recall or RankingMetric.Map))
        {
            Assert.True(comparison.Difference.Lower > 0, $"{comparison.Candidate} - popularity {comparison.Metric}: {comparison.Difference}");
        }

        Assert.All(report.Systems, s => Assert.Equal(0, s.TrainingItemsRecommended));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task SyntheticWorld_CrossPlatformColdStart_ResolvedJointFactorsBeatPerAccountAndPopularity()
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 2_000, Seed = 11 });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph resolved = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 }).ResolveAsync(world.Accounts);
        IdentityGraph perAccount = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 })
            .ResolveAsync(world.Accounts.Select(a => new AccountRecord(a.Platform, a.Account)));
        Assert.Equal(world.Accounts.Count, perAccount.PersonCount);
        SyntheticGroundTruth truth = world.GroundTruth;
        EvaluationSplit split = EvaluationSplit.CrossPlatformColdStart(clean.Events, e => truth.PersonOf(e.Platform, e.Account) ?? -1);
        var catalog = new ItemCatalog(world.Items);
        var options = new RecommenderRankingSystemOptions { BuilderOptions = new ProfileBuilderOptions { Factors = 32, Iterations = 8, Seed = 42 } };
        var resolvedAls = RecommenderRankingSystem.Create("resolved ALS", m => new FactorRecommender(m), resolved, catalog, options);
        IRankingSystem[] systems =
        [
            RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), resolved, catalog, options),
            RecommenderRankingSystem.Create("per-account ALS", m => new FactorRecommender(m), perAccount, catalog, options),
            resolvedAls,
        ];
        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 300, FailOnTrainingItems = true }).EvaluateAsync(split, systems);
        output.WriteLine(report.ToText());

        Assert.True(split.Users.Count > 100, $"{split.Users.Count} cold-start users");
        foreach (string baseline in new[] { "popularity", "per-account ALS" })
        {
            SystemComparison ndcg = report.Comparisons.Single(c => c.Baseline == baseline && c.Candidate == "resolved ALS" && c.Metric == RankingMetric.Ndcg);
            SystemComparison recall = report.Comparisons.Single(c => c.Baseline == baseline && c.Candidate == "resolved ALS" && c.Metric == RankingMetric.Recall);
            Assert.True(ndcg.Difference.Lower > 0.05, $"resolved ALS - {baseline} NDCG@10: {ndcg.Difference}");
            Assert.True(recall.Difference.Lower > 0, $"resolved ALS - {baseline} recall@10: {recall.Difference}");
        }

        // Every list holds only the hidden platform's items; a user is served cross-platform exactly when resolution linked
        // the hidden account to the person's other accounts (otherwise the account is a stranger and gets popularity).
        (IRecommender recommender, RecommenderTraining training) = await resolvedAls.GetRecommenderAsync(split);
        Dictionary<int, PersonId> persons = RecommenderRankingSystem.DefaultPersons(split, resolved);
        int crossPlatform = 0;
        foreach (int user in split.Users.Take(100))
        {
            PlatformId target = split.TargetPlatforms[user];
            UserProfile profile = training.Model.TryGetProfile(persons[user], out UserProfile? p) ? p : new UserProfile(persons[user]);
            RecommendationList list = await recommender.RecommendAsync(profile, new RecommendationOptions { Platforms = [target] });
            Assert.All(list, r => Assert.Equal(target, r.Item.Platform));
            bool linked = training.Model.Matrix.TryGetRow(persons[user], out int row) && training.Model.Matrix.ByPerson.RowLength(row) > 0;
            Assert.Equal(linked ? RecommendationSource.CrossPlatform : RecommendationSource.Popularity, list.Source);
            crossPlatform += linked ? 1 : 0;
        }

        output.WriteLine($"{crossPlatform} of 100 cold-start users served cross-platform");
        Assert.True(crossPlatform >= 50, $"{crossPlatform} of 100 cold-start users served cross-platform");
    }

    [Fact]
    public async Task HybridTuner_TrainingOnly_ValidationCarvedFromTrainingAndGridReported()
    {
        RecommendationData.Built built = await RecommendationData.SmallAsync();
        Func<InteractionEvent, int> user = e => built.Graph.TryGetPerson(e.Platform, e.Account, out PersonId p) ? p.Value : -1;
        EvaluationSplit split = EvaluationSplit.RandomPerUser(built.Events, user);
        var seenByFactory = new List<RecommenderTraining>();
        HybridTuning? tuning = null;
        var tunerOptions = new HybridTunerOptions { BuilderOptions = RecommendationData.Builder(), GridStep = 0.5, Seed = 9 };
        var hybrid = new RecommenderRankingSystem("hybrid", async training =>
        {
            seenByFactory.Add(training);
            tuning = await new HybridTuner(tunerOptions).TuneAsync(training.Input, Components, training.Split.UserKey);
            return new HybridRecommender(Components(training.Model), tuning.Weights);
        }, built.Graph, built.Catalog, new RecommenderRankingSystemOptions { BuilderOptions = RecommendationData.Builder() });

        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 50, FailOnTrainingItems = true }).EvaluateAsync(split, [hybrid]);
        output.WriteLine(tuning!.ToText());

        // The factory saw exactly the split's training events; the validation split is carved from them.
        RecommenderTraining training = Assert.Single(seenByFactory);
        Assert.Same(split.Train, training.Input.Events);
        Assert.Equal(split.Train.Count, tuning.Validation.TrainEvents + tuning.Validation.TestEvents);
        var testPairs = split.Test.Select(e => (user(e), new ItemKey(e.Platform, e.Item))).ToHashSet();
        Assert.DoesNotContain(training.Input.Events, e => testPairs.Contains((user(e), new ItemKey(e.Platform, e.Item))));
        Assert.True(training.Input.Events.Max(e => e.Timestamp) == training.Model.AsOf);

        // The grid: every multiple of 0.5 on the 3-component simplex, in lexicographic order; the best point is chosen.
        Assert.Equal(6, tuning.Grid.Count);
        Assert.Equal([0, 0, 1], tuning.Grid[0].Weights);
        Assert.All(tuning.Grid, p => Assert.Equal(1.0, p.Weights.Sum(), 12));
        Assert.Equal(tuning.Grid.Max(p => p.Ndcg), tuning.Best.Ndcg);
        Assert.Equal(["popularity", "item-knn", "als"], tuning.Components);
        Assert.True(tuning.ValidationUsers > 50);
        Assert.Contains("<- best", tuning.ToText(), StringComparison.Ordinal);

        // Tuning again on the same training input gives the same grid (seeded), whatever the test events were.
        HybridTuning again = await new HybridTuner(tunerOptions).TuneAsync(RecommenderTraining.InputOf(split.Train, built.Graph, built.Catalog), Components, user);
        Assert.Equal(tuning.Grid.Select(p => p.Ndcg), again.Grid.Select(p => p.Ndcg));
        Assert.True(report.Systems[0].Metrics[RankingMetric.Ndcg].Estimate > 0);
    }

    private static IReadOnlyList<ModelRecommender> Components(ProfileModel model) =>
        [new PopularityRecommender(model), new ItemKnnRecommender(model), new FactorRecommender(model)];
}
