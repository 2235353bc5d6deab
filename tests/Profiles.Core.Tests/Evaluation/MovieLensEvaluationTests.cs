// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

public class MovieLensEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Popularity_LatestSmall_RandomSplit_ScoresInThePublishedBallpark()
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);
        Func<InteractionEvent, int> user = e => int.Parse(e.Account.Value, CultureInfo.InvariantCulture);
        EvaluationSplit split = EvaluationSplit.RandomPerUser(data.Ratings, user);

        // 610 users with 20 to 2,698 ratings each: every user is split, about a quarter of the ratings is held out.
        Assert.Equal(610, split.Users.Count);
        Assert.Equal(100_836, split.Train.Count + split.Test.Count);
        Assert.InRange(split.Test.Count, 24_500, 25_700);
        Assert.Equal(split.Test.Count, split.Metadata.TestPositives);

        var popularity = new PopularityRankingSystem();
        EvaluationReport report = await new Evaluator().EvaluateAsync(split, [popularity, RankingSystem.Shuffled(popularity)]);
        output.WriteLine(report.ToText());

        SystemEvaluation result = report.Systems[0];
        Assert.Equal(0, result.TrainingItemsRecommended);
        Assert.Equal(0, result.DuplicatesRecommended);
        Assert.InRange(result.Metrics[RankingMetric.Ndcg].Estimate, 0.05, 0.4);
        Assert.InRange(result.Metrics[RankingMetric.Precision].Estimate, 0.05, 0.4);
        Assert.InRange(result.Metrics[RankingMetric.Recall].Estimate, 0.01, 0.3);
        Assert.InRange(result.Metrics[RankingMetric.Map].Estimate, 0.01, 0.4);
        Assert.InRange(result.Metrics[RankingMetric.Coverage].Estimate, 0.001, 0.05);
    }

    [Fact]
    public async Task Popularity_LatestSmall_TemporalProtocols_AreLeakFreeAndScored()
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);
        Func<InteractionEvent, int> user = e => int.Parse(e.Account.Value, CultureInfo.InvariantCulture);
        EvaluationSplit leaveLast = EvaluationSplit.LeaveLastN(data.Ratings, user, new EvaluationSplitOptions { LeaveLast = 5 });
        EvaluationSplit temporal = EvaluationSplit.TemporalCut(data.Ratings, user);

        // Ratings are unique per (user, movie), so the last 5 of every user are 5 new positives.
        Assert.Equal(610, leaveLast.Users.Count);
        Assert.Equal(5 * 610, leaveLast.Metadata.TestPositives);
        Assert.Equal(0, leaveLast.Metadata.HeldOutItemsSeenInTraining);
        Assert.InRange(temporal.Metadata.TrainEvents, 75_000, 75_700);
        Assert.True(temporal.Metadata.UsersWithoutHistory > 0, "users who joined after the cut are not evaluated");

        var evaluator = new Evaluator();
        foreach (EvaluationSplit split in new[] { leaveLast, temporal })
        {
            EvaluationReport report = await evaluator.EvaluateAsync(split, [new PopularityRankingSystem()]);
            output.WriteLine(report.ToText());
            Assert.Equal(0, report.Systems[0].TrainingItemsRecommended);
            Assert.InRange(report.Systems[0].Metrics[RankingMetric.Ndcg].Estimate, 0.001, 0.5);
        }
    }
}
