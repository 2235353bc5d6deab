// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace Profiles.Core.Tests;

public class RankingMetricsTests
{
    // Ranks 1 and 3 of the top 5 are hits.
    private static readonly bool[] s_hitsAt1And3 = [true, false, true, false, false];

    [Fact]
    public void Metrics_HitsAtRanksOneAndThree_MatchHandComputedValues()
    {
        // 4 positives, K = 5.
        // precision = 2 / 5 = 0.4; recall = 2 / 4 = 0.5
        Assert.Equal(0.4, RankingMetrics.Precision(s_hitsAt1And3, 5), 12);
        Assert.Equal(0.5, RankingMetrics.Recall(s_hitsAt1And3, 4, 5), 12);

        // DCG = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5
        // IDCG over min(5, 4) = 4 ranks = 1 + 1/log2(3) + 1/log2(4) + 1/log2(5) = 1 + 0.630930 + 0.5 + 0.430677 = 2.561606
        // NDCG = 1.5 / 2.561606 = 0.585570
        Assert.Equal(0.585570, RankingMetrics.Ndcg(s_hitsAt1And3, 4, 5), 6);

        // AP: precision at the hits = 1/1 + 2/3 = 1.666667; divided by min(5, 4) = 4 -> 0.416667 (and by 4 positives: the same)
        Assert.Equal(0.416667, RankingMetrics.AveragePrecision(s_hitsAt1And3, 4, 5), 6);
        Assert.Equal(0.416667, RankingMetrics.AveragePrecision(s_hitsAt1And3, 4, 5, MapNormalization.Relevant), 6);

        Assert.Equal(1.0, RankingMetrics.HitRate(s_hitsAt1And3, 5));
        Assert.Equal(1.0, RankingMetrics.ReciprocalRank(s_hitsAt1And3, 5));
    }

    [Fact]
    public void AveragePrecision_MorePositivesThanK_TheTwoVariantsDiffer()
    {
        // 8 positives, K = 5, hits at ranks 1 and 3: the sum of precisions is 1 + 2/3 = 1.666667.
        // min(K, positives) = 5 -> 1.666667 / 5 = 0.333333; positives = 8 -> 1.666667 / 8 = 0.208333
        Assert.Equal(0.333333, RankingMetrics.AveragePrecision(s_hitsAt1And3, 8, 5, MapNormalization.MinOfKAndRelevant), 6);
        Assert.Equal(0.208333, RankingMetrics.AveragePrecision(s_hitsAt1And3, 8, 5, MapNormalization.Relevant), 6);

        // Recall divides by all 8 positives: 2 / 8 = 0.25; NDCG's ideal stops at K = 5 ranks:
        // IDCG = 1 + 0.630930 + 0.5 + 0.430677 + 1/log2(6) = 2.561606 + 0.386853 = 2.948459 -> NDCG = 1.5 / 2.948459 = 0.508740
        Assert.Equal(0.25, RankingMetrics.Recall(s_hitsAt1And3, 8, 5), 12);
        Assert.Equal(0.508740, RankingMetrics.Ndcg(s_hitsAt1And3, 8, 5), 6);
    }

    [Fact]
    public void Metrics_ShortListWithOneHitAtRankTwo_DivideByKNotByLength()
    {
        bool[] hits = [false, true];

        // K = 10, 1 positive: precision = 1 / 10 = 0.1 (the list's two entries do not matter); recall = 1 / 1 = 1
        Assert.Equal(0.1, RankingMetrics.Precision(hits, 10), 12);
        Assert.Equal(1.0, RankingMetrics.Recall(hits, 1, 10), 12);

        // NDCG = (1/log2(3)) / (1/log2(2)) = 0.630930; AP = (1/2) / min(10, 1) = 0.5; MRR = 1/2
        Assert.Equal(0.630930, RankingMetrics.Ndcg(hits, 1, 10), 6);
        Assert.Equal(0.5, RankingMetrics.AveragePrecision(hits, 1, 10), 12);
        Assert.Equal(0.5, RankingMetrics.ReciprocalRank(hits, 10), 12);
        Assert.Equal(1.0, RankingMetrics.HitRate(hits, 10));
    }

    [Fact]
    public void Metrics_HitBeyondK_CountsNothing()
    {
        bool[] hits = [false, false, false, true];
        Assert.Equal(0.0, RankingMetrics.Precision(hits, 3));
        Assert.Equal(0.0, RankingMetrics.Recall(hits, 2, 3));
        Assert.Equal(0.0, RankingMetrics.Ndcg(hits, 2, 3));
        Assert.Equal(0.0, RankingMetrics.AveragePrecision(hits, 2, 3));
        Assert.Equal(0.0, RankingMetrics.HitRate(hits, 3));
        Assert.Equal(0.0, RankingMetrics.ReciprocalRank(hits, 3));

        // With K = 4 the hit counts: MRR = 1/4, precision = 1/4.
        Assert.Equal(0.25, RankingMetrics.ReciprocalRank(hits, 4));
        Assert.Equal(0.25, RankingMetrics.Precision(hits, 4));
    }

    [Fact]
    public void Ndcg_PerfectRanking_IsOne()
    {
        bool[] hits = [true, true, true];

        // 3 positives, all in the top 3 of K = 5: DCG equals IDCG over min(5, 3) = 3 ranks.
        Assert.Equal(1.0, RankingMetrics.Ndcg(hits, 3, 5), 12);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(hits, 3, 5), 12);
        Assert.Equal(0.6, RankingMetrics.Precision(hits, 5), 12);
    }

    [Fact]
    public void Coverage_DividesDistinctItemsByTheCatalogue()
    {
        // 37 distinct items out of 200: 37 / 200 = 0.185
        Assert.Equal(0.185, RankingMetrics.Coverage(37, 200), 12);
    }

    [Fact]
    public void Metrics_InvalidArguments_NameTheParameter()
    {
        Assert.Throws<ArgumentOutOfRangeException>("k", () => RankingMetrics.Precision(s_hitsAt1And3, 0));
        Assert.Throws<ArgumentOutOfRangeException>("relevantCount", () => RankingMetrics.Recall(s_hitsAt1And3, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>("relevantCount", () => RankingMetrics.Ndcg(s_hitsAt1And3, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => RankingMetrics.AveragePrecision(s_hitsAt1And3, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>("normalization", () => RankingMetrics.AveragePrecision(s_hitsAt1And3, 1, 5, (MapNormalization)7));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => RankingMetrics.ReciprocalRank(s_hitsAt1And3, -1));
        Assert.Throws<ArgumentOutOfRangeException>("catalogSize", () => RankingMetrics.Coverage(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>("distinctRecommended", () => RankingMetrics.Coverage(-1, 10));
    }
}
