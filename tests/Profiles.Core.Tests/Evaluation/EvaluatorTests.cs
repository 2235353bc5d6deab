// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

public class EvaluatorTests
{
    private static readonly ItemKey s_a = new("shop", "a"), s_b = new("shop", "b"), s_c = new("shop", "c"), s_d = new("shop", "d"),
        s_e = new("shop", "e"), s_x = new("shop", "x"), s_z = new("shop", "z");

    [Fact]
    public async Task EvaluateAsync_ToySplit_MatchesHandComputedMeans()
    {
        EvaluationSplit split = ToySplit();
        IRankingSystem fixedLists = RankingSystem.Create("fixed", (_, user, _) => user switch
        {
            0 => [s_c, s_x, s_d],
            1 => [s_b],
            _ => [s_z, s_b, s_a],   // b is a training item of user 2: a leak, never a hit
        });

        EvaluationReport report = await new Evaluator(new EvaluatorOptions { Cutoff = 3, BootstrapSamples = 200 }).EvaluateAsync(split, [fixedLists]);
        SystemEvaluation result = Assert.Single(report.Systems);

        // K = 3. u0: positives {c, d}, hits [1, 0, 1]; u1: {b}, hits [1]; u2: {a, e}, hits [0, 0 (leak), 1].
        // precision = (2/3 + 1/3 + 1/3) / 3 = 4/9 = 0.444444
        // recall    = (2/2 + 1/1 + 1/2) / 3 = 0.833333
        // NDCG: u0 = (1 + 1/log2 4) / (1 + 1/log2 3) = 1.5 / 1.630930 = 0.919721; u1 = 1; u2 = 0.5 / 1.630930 = 0.306574
        //       mean = 0.742098
        // MAP (divide by min(3, |R|)): u0 = (1/1 + 2/3) / 2 = 0.833333; u1 = 1; u2 = (1/3) / 2 = 0.166667; mean = 0.666667
        // hit rate = 1; MRR = (1 + 1 + 1/3) / 3 = 0.777778
        // coverage = distinct {c, x, d, b, z, a} = 6 over the 3 training items {a, b, c} = 2.0
        Assert.Equal(0.444444, result.Metrics[RankingMetric.Precision].Estimate, 6);
        Assert.Equal(0.833333, result.Metrics[RankingMetric.Recall].Estimate, 6);
        Assert.Equal(0.742098, result.Metrics[RankingMetric.Ndcg].Estimate, 6);
        Assert.Equal(0.666667, result.Metrics[RankingMetric.Map].Estimate, 6);
        Assert.Equal(1.0, result.Metrics[RankingMetric.HitRate].Estimate, 12);
        Assert.Equal(0.777778, result.Metrics[RankingMetric.Mrr].Estimate, 6);
        Assert.Equal(2.0, result.Metrics[RankingMetric.Coverage].Estimate, 12);
        Assert.Equal([0.919721, 1.0, 0.306574], result.PerUser(RankingMetric.Ndcg).ToArray().Select(v => Math.Round(v, 6)));
        Assert.Equal(1, result.TrainingItemsRecommended);
        Assert.Equal(1, result.UsersWithTrainingItems);
        Assert.Equal(6, result.DistinctItemsRecommended);
        Assert.Equal([0, 1, 2], report.Users);
        Assert.Throws<ArgumentOutOfRangeException>("metric", () => result.PerUser(RankingMetric.Coverage));

        foreach (RankingMetric metric in EvaluationReport.Metrics)
        {
            Assert.True(result.Metrics[metric].Lower <= result.Metrics[metric].Estimate + 1e-12 && result.Metrics[metric].Estimate <= result.Metrics[metric].Upper + 1e-12, $"{metric} outside its interval");
        }

        // MAP's other variant divides u0 and u2 by |R| = 2 as well, so only a user with |R| > K would differ: same mean here.
        EvaluationReport relevant = await new Evaluator(new EvaluatorOptions { Cutoff = 3, MapNormalization = MapNormalization.Relevant }).EvaluateAsync(split, [fixedLists]);
        Assert.Equal(0.666667, relevant.Systems[0].Metrics[RankingMetric.Map].Estimate, 6);
        Assert.Equal(MapNormalization.Relevant, relevant.MapNormalization);
    }

    [Fact]
    public async Task EvaluateAsync_Intervals_EqualPairedBootstrapOnThePerUserValues()
    {
        EvaluationSplit split = OracleWorld(40);
        IRankingSystem oracle = Oracle();
        IRankingSystem popularity = new PopularityRankingSystem();
        var options = new EvaluatorOptions { Cutoff = 5, BootstrapSamples = 300, Seed = 9 };

        EvaluationReport report = await new Evaluator(options).EvaluateAsync(split, [popularity, oracle]);

        Assert.Equal(EvaluationReport.Metrics.Count, report.Comparisons.Count);
        foreach (RankingMetric metric in EvaluationReport.Metrics.Where(m => m != RankingMetric.Coverage))
        {
            ReadOnlySpan<double> baseline = report.Systems[0].PerUser(metric).Span;
            ReadOnlySpan<double> candidate = report.Systems[1].PerUser(metric).Span;
            ConfidenceInterval expected = PairedBootstrap.MeanDifference(baseline, candidate, 300, 9);
            ConfidenceInterval actual = report.Comparisons.Single(c => c.Metric == metric).Difference;
            Assert.Equal(expected.Estimate, actual.Estimate, 12);
            Assert.Equal(expected.Lower, actual.Lower, 12);
            Assert.Equal(expected.Upper, actual.Upper, 12);
            ConfidenceInterval mean = PairedBootstrap.Mean(candidate, 300, 9);
            Assert.Equal(mean.Lower, report.Systems[1].Metrics[metric].Lower, 12);
            Assert.Equal(mean.Upper, report.Systems[1].Metrics[metric].Upper, 12);
        }

        SystemComparison ndcg = report.Comparisons.Single(c => c.Metric == RankingMetric.Ndcg);
        Assert.Equal(("popularity", "oracle"), (ndcg.Baseline, ndcg.Candidate));
        Assert.True(ndcg.Difference.ExcludesZero && ndcg.Difference.Lower > 0, "the oracle beats popularity");
        Assert.Equal(1.0, report.Systems[1].Metrics[RankingMetric.Ndcg].Estimate, 12);
    }

    [Fact]
    public async Task Shuffled_Oracle_LosesItsPersonalGain_AndNeverRecommendsTrainingItems()
    {
        EvaluationSplit split = OracleWorld(60);
        IRankingSystem oracle = Oracle();
        IRankingSystem shuffled = RankingSystem.Shuffled(oracle, seed: 4);
        Assert.Equal("oracle (shuffled)", shuffled.Name);

        EvaluationReport report = await new Evaluator(new EvaluatorOptions { Cutoff = 5, BootstrapSamples = 300 }).EvaluateAsync(split, [oracle, shuffled]);

        SystemEvaluation control = report.Systems[1];
        Assert.Equal(0, control.TrainingItemsRecommended);
        Assert.True(control.Metrics[RankingMetric.Ndcg].Estimate < 0.5, $"shuffled NDCG {control.Metrics[RankingMetric.Ndcg].Estimate}");
        Assert.True(report.Comparisons.Single(c => c.Metric == RankingMetric.Ndcg).Difference.Upper < 0, "the shuffle must cost NDCG");

        // The permutation is seeded: the same control gives the same lists.
        IReadOnlyList<IReadOnlyList<ItemKey>> first = await shuffled.RankAsync(split, split.Users, 5);
        IReadOnlyList<IReadOnlyList<ItemKey>> again = await RankingSystem.Shuffled(oracle, seed: 4).RankAsync(split, split.Users, 5);
        Assert.Equal(first.Select(l => string.Join(",", l)), again.Select(l => string.Join(",", l)));
    }

    [Fact]
    public async Task EvaluateAsync_MisbehavingSystemsAndBadArguments_Throw()
    {
        EvaluationSplit split = ToySplit();
        IRankingSystem good = RankingSystem.Create("good", (_, _, _) => [s_d]);
        IRankingSystem leaky = RankingSystem.Create("leaky", (_, user, _) => user == 2 ? [s_b] : [s_d]);
        var evaluator = new Evaluator();

        await Assert.ThrowsAsync<ArgumentNullException>("split", () => evaluator.EvaluateAsync(null!, [good]));
        await Assert.ThrowsAsync<ArgumentNullException>("systems", () => evaluator.EvaluateAsync(split, null!));
        await Assert.ThrowsAsync<ArgumentException>("systems", () => evaluator.EvaluateAsync(split, []));
        await Assert.ThrowsAsync<ArgumentException>("systems", () => evaluator.EvaluateAsync(split, [good, RankingSystem.Create("good", (_, _, _) => [])]));
        await Assert.ThrowsAsync<ArgumentException>("systems", () => evaluator.EvaluateAsync(split, [good, null!]));
        EvaluationSplit empty = EvaluationSplit.TemporalCut([EventData.At("a", "i", EventKind.View, 0)], _ => 0, EventData.Start.AddDays(1));
        await Assert.ThrowsAsync<ArgumentException>("split", () => evaluator.EvaluateAsync(empty, [good]));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new Evaluator(new EvaluatorOptions { FailOnTrainingItems = true }).EvaluateAsync(split, [leaky]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => evaluator.EvaluateAsync(split, [new WrongCount()]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => evaluator.EvaluateAsync(split, [RankingSystem.Create("null", (_, _, _) => null!)]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluator.EvaluateAsync(split, [good], cancellationToken: cancelled.Token));

        Assert.Throws<ArgumentNullException>("rank", () => RankingSystem.Create("x", null!));
        Assert.Throws<ArgumentException>("name", () => RankingSystem.Create(" ", (_, _, _) => []));
        Assert.Throws<ArgumentNullException>("inner", () => RankingSystem.Shuffled(null!));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluatorOptions { Cutoff = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluatorOptions { ConfidenceLevel = 1 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluatorOptions { BootstrapSamples = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluatorOptions { MapNormalization = (MapNormalization)5 });
    }

    [Fact]
    public async Task EvaluateAsync_ReportsProgressPerBatchAndBeforeTheBootstrap()
    {
        EvaluationSplit split = OracleWorld(25);
        var seen = new List<EvaluationProgress>();
        var progress = new SynchronousProgress(seen.Add);
        await new Evaluator(new EvaluatorOptions { BatchSize = 10, BootstrapSamples = 50 }).EvaluateAsync(split, [Oracle()], progress);

        Assert.Equal(
            [new EvaluationProgress("oracle", 10, 25), new EvaluationProgress("oracle", 20, 25), new EvaluationProgress("oracle", 25, 25), new EvaluationProgress("bootstrap", 0, 25)],
            seen);
    }

    /// <summary>Three users with known training items and positives (cut at t = 100).</summary>
    internal static EvaluationSplit ToySplit()
    {
        List<InteractionEvent> events =
        [
            At(0, "a", 1), At(0, "b", 2), At(1, "a", 3), At(1, "c", 4), At(2, "b", 5),
            At(0, "c", 100), At(0, "d", 101), At(1, "b", 102), At(2, "a", 103), At(2, "e", 104),
        ];
        return EvaluationSplit.TemporalCut(events, e => int.Parse(e.Account.Value, System.Globalization.CultureInfo.InvariantCulture), EventData.Start.AddMinutes(100));
    }

    /// <summary>Users with personal tastes: user u likes items u..u+5 (mod 30); a random half of their items is held out.</summary>
    internal static EvaluationSplit OracleWorld(int users)
    {
        var events = new List<InteractionEvent>();
        for (int u = 0; u < users; u++)
        {
            for (int j = 0; j < 6; j++)
            {
                events.Add(At(u, "i" + ((u + j) % 30), j));
            }
        }

        return EvaluationSplit.RandomPerUser(events, e => int.Parse(e.Account.Value, System.Globalization.CultureInfo.InvariantCulture), new EvaluationSplitOptions { TrainRatio = 0.5 });
    }

    /// <summary>A system that knows each user's positives and ranks them first.</summary>
    internal static IRankingSystem Oracle() =>
        RankingSystem.Create("oracle", (split, user, count) => split.PositivesOf(user).Take(count).ToList());

    private static InteractionEvent At(int user, string item, double minutes) =>
        EventData.At(user.ToString(System.Globalization.CultureInfo.InvariantCulture), item, EventKind.View, minutes);

    private sealed class WrongCount : IRankingSystem
    {
        public string Name => "wrong";

        public Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<IReadOnlyList<ItemKey>>>([]);
    }

    private sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
