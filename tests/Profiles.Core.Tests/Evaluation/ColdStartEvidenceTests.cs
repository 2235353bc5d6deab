// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

/// <summary>The text side's evidence on ml-latest-small with the hashing embedder and the extractive enricher (the
/// protocol of the benchmarks' <c>coldstart</c> command, docs/llm.md "Evidence on MovieLens"): cold-start users and
/// cold-start items.</summary>
public class ColdStartEvidenceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ColdStartUsers_LatestSmall_FusedAndTextBeatPopularity_TunerSeesTrainingOnly()
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings);
        EvaluationSplit split = EvaluationSplit.ColdStartUsers(data.Ratings, ColdItemRanking.UserOf,
            new EvaluationSplitOptions { Seed = 42, ColdStartFraction = 0.25, ColdStartKeep = 3 });
        var testUsers = split.Users.ToHashSet();
        ItemCatalog catalog = ColdItemRanking.WithTags(data.Movies, data.Tags, e => !testUsers.Contains(ColdItemRanking.UserOf(e)));
        var tunerOptions = new FusionTunerOptions
        {
            Protocol = SplitKind.ColdStartUsers,
            ValidationFraction = 0.25,
            Alphas = [0f, 0.25f, 1f, 4f, 16f],
            Lambdas = [0f, 1_000f, 100_000f],
            Steps = [5, 20],
            Ridges = [1, 10, 100],
            Seed = 43,
        };
        var text = new ColdStartTextSide(corpus => HashingEmbeddingGenerator.Fit(corpus), tunerOptions);
        var options = new RecommenderRankingSystemOptions { BuilderOptions = MovieLensSetup.Builder() };
        IRankingSystem[] systems =
        [
            new PopularityRankingSystem(),
            new RecommenderRankingSystem("text only", async t => new SoftmaxRecommender((await text.GetAsync(t)).TextOnly), identities, catalog, options),
            new RecommenderRankingSystem("fused", async t => new SoftmaxRecommender((await text.GetAsync(t)).Fused), identities, catalog, options),
        ];
        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 300, FailOnTrainingItems = true }).EvaluateAsync(split, systems);
        output.WriteLine(report.ToText());
        ColdStartTextState state = await text.Current;

        // 152 of the 610 users keep 3 ratings; every one of them gets an insight and a text vector.
        Assert.Equal(152, split.Users.Count);
        Assert.All(split.Users, u => Assert.Equal(3, split.TrainingItemIndices(u).Length));
        Assert.Equal(152, state.WithText);
        double popularity = report.Systems[0].Metrics[RankingMetric.Ndcg].Estimate;
        double textOnly = report.Systems[1].Metrics[RankingMetric.Ndcg].Estimate;
        double fused = report.Systems[2].Metrics[RankingMetric.Ndcg].Estimate;
        Assert.InRange(popularity, 0.40, 0.52);
        Assert.True(textOnly > popularity, $"text-only NDCG@10 {textOnly:F4} <= popularity {popularity:F4}");
        Assert.True(fused > popularity + 0.03, $"fused NDCG@10 {fused:F4} <= popularity {popularity:F4} + 0.03");
        SystemComparison recall = report.Comparisons.Single(c => c.Baseline == systems[0].Name && c.Candidate == "text only" && c.Metric == RankingMetric.Recall);
        Assert.True(recall.Difference.Lower > 0, $"text only - popularity recall@10 {recall.Difference}");

        // The tuner chose on a cold-start validation split of the training events alone: it was given exactly the
        // split's training events (none of the held-out ones), and its validation persons are other users.
        FusionTuningResult tuning = state.Tuning;
        Assert.Equal(split.Train.Count, state.TuningEvents);
        Assert.Equal(split.Train.Count, tuning.Split.Events);
        Assert.Equal(SplitKind.ColdStartUsers, tuning.Split.Kind);
        Assert.Equal(90, tuning.Trials.Count);
        Assert.Equal([1.0, 10.0, 100.0], tuning.Trials.Select(t => t.Ridge).Distinct());
        Assert.True(tuning.FusionHelps, $"best {tuning.Best} vs behaviour {tuning.BehaviourNdcg:F4}");
        output.WriteLine($"tuned: {tuning.Best}; behaviour {tuning.BehaviourNdcg:F4}");
    }

    [Fact]
    public async Task ColdStartItems_LatestSmall_ProjectedRecallFarAboveRandom()
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings);
        EvaluationSplit split = EvaluationSplit.ColdStartItems(data.Ratings, ColdItemRanking.UserOf, new EvaluationSplitOptions { Seed = 42, ColdStartFraction = 0.1 });
        ProfileModel model = await ColdItemRanking.BuildAsync(split, identities, data.Movies, MovieLensSetup.Builder());

        // Title and genres only: the items are new, nobody has rated or tagged them.
        (IRankingSystem projected, TextProjection projection, int tagged) = await ColdItemRanking.ProjectedAsync(
            "projected", split, model, identities, data.Movies, null, corpus => HashingEmbeddingGenerator.Fit(corpus));
        IRankingSystem shuffled = ColdItemRanking.Shuffled(split, 42);
        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 300 }).EvaluateAsync(split, [shuffled, projected]);
        output.WriteLine(report.ToText());

        Assert.Equal(972, split.ColdItems.Count);
        Assert.Equal(0, tagged);
        Assert.All(split.ColdItems, i => Assert.Equal(-1, split.IndexOf(i)));
        Assert.True(projection.TrainingItems > 8_000, $"{projection.TrainingItems} training items");
        double[] expected = split.Users.Select(u => ColdItemRanking.RandomExpectation(split.TestPositives[u].Count, split.ColdItems.Count, 10).Recall).ToArray();
        double expectation = expected.Average();
        double random = report.Systems[0].Metrics[RankingMetric.Recall].Estimate;
        double ours = report.Systems[1].Metrics[RankingMetric.Recall].Estimate;
        Assert.InRange(expectation, 0.0102, 0.0104);   // 10 of 972 candidates
        Assert.InRange(random, 0.003, 0.02);
        Assert.True(ours > 5 * expectation, $"projected recall@10 {ours:F4} <= 5 x random {expectation:F4}");
        ConfidenceInterval gain = PairedBootstrap.MeanDifference(expected, report.Systems[1].PerUser(RankingMetric.Recall).Span, 300);
        Assert.True(gain.Lower > 0.05, $"projected - random expectation recall@10 {gain}");
        Assert.True(report.Systems[1].Metrics[RankingMetric.Ndcg].Estimate > 4 * report.Systems[0].Metrics[RankingMetric.Ndcg].Estimate);
    }

    [Fact]
    public void RandomExpectation_MatchesTheClosedForm()
    {
        // 2 positives among 20 candidates: every rank is a hit with probability 0.1.
        (double recall, double ndcg) = ColdItemRanking.RandomExpectation(2, 20, 10);
        double dcg = Enumerable.Range(0, 10).Sum(i => 0.1 / Math.Log2(i + 2));
        Assert.Equal(0.5, recall, 12);
        Assert.Equal(dcg / (1 + (1 / Math.Log2(3))), ndcg, 12);

        // Fewer candidates than K: everything is ranked, recall is 1.
        Assert.Equal(1.0, ColdItemRanking.RandomExpectation(1, 5, 10).Recall, 12);
    }
}
