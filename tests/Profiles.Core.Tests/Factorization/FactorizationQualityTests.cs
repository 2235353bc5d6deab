// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Profiles.Core.Tests;

public class FactorizationQualityTests(ITestOutputHelper output)
{
    /// <summary>The ml-latest-small ratings as implicit interactions, split 80/20 per user; <see cref="Train"/> holds 1 per
    /// rating, <see cref="TrainRatings"/> the same pattern with the star values.</summary>
    private sealed record Split(SparseMatrix Train, SparseMatrix TrainRatings, List<int>[] Test, int Users, int Items);

    private static async Task<Split> LoadSplitAsync(ulong seed)
    {
        MovieLensDataset data = await MovieLens.LoadAsync(Datasets.MovieLensSmall);
        (int users, int items, List<(int Item, float Stars)>[] byUser) = MovieLensRatings.Index(data.Ratings);
        (List<(int Item, float Stars)>[] train, List<int>[] test) = MovieLensRatings.Cut(byUser, seed);
        var rows = new List<int>();
        var columns = new List<int>();
        var stars = new List<float>();
        for (int u = 0; u < users; u++)
        {
            foreach ((int item, float value) in train[u])
            {
                rows.Add(u);
                columns.Add(item);
                stars.Add(value);
            }
        }

        var ones = new float[rows.Count];
        Array.Fill(ones, 1f);
        return new Split(SparseMatrix.FromTriplets(users, items, rows.ToArray(), columns.ToArray(), ones),
            SparseMatrix.FromTriplets(users, items, rows.ToArray(), columns.ToArray(), stars.ToArray()), test, users, items);
    }

    /// <summary>Mean binary-relevance NDCG@k over users with test items, training items excluded from the ranking.</summary>
    private static double Ndcg(Split split, Func<int, int, float> score, int k = 10)
    {
        double total = 0;
        int counted = 0;
        var scores = new float[split.Items];
        var order = new int[k];
        var top = new float[k];
        var hits = new bool[k];
        var relevant = new HashSet<int>();
        for (int u = 0; u < split.Users; u++)
        {
            if (split.Test[u].Count == 0)
            {
                continue;
            }

            for (int i = 0; i < split.Items; i++)
            {
                scores[i] = score(u, i);
            }

            foreach (int seen in split.Train.RowColumns(u))
            {
                scores[seen] = float.NegativeInfinity;
            }

            // The library's selection (ties: lower index first) and metric, both tested on their own.
            _ = TopK.Select(scores, k, order, top);
            relevant.Clear();
            relevant.UnionWith(split.Test[u]);
            for (int r = 0; r < k; r++)
            {
                hits[r] = order[r] >= 0 && relevant.Contains(order[r]);
            }

            total += RankingMetrics.Ndcg(hits, relevant.Count, k);
            counted++;
        }

        return total / counted;
    }

    [Fact]
    public async Task ImplicitAls_MovieLensSmall_ValidationChosenSetting_NdcgIsAtLeastTwicePopularity()
    {
        Split split = await LoadSplitAsync(seed: 42);
        var popularity = new float[split.Items];
        foreach (int item in split.Train.ColumnIndices)
        {
            popularity[item]++;
        }

        double baseline = Ndcg(split, (_, i) => popularity[i]);

        // Chosen without looking at this test split: `als-quality` (benchmarks) carves three validation splits (seeds 7,
        // 8, 9) out of the training ratings only and picked, of 96 settings (lambda 25/50, alpha 0.5/1/2/5, no re-weighting,
        // TF-IDF or BM25 in both orientations, popularity-weighted missing data), star ratings as strengths with these
        // options (mean validation NDCG@10 0.2281 = 1.77x popularity's; no re-weighting beat it beyond noise). Evaluated
        // once on the test split it gives 2.04x [95% 1.90, 2.21] (docs/performance.md).
        var options = new ImplicitAlsOptions
        {
            Factors = 128, Iterations = 15, Alpha = 1f, Regularization = 25f, RegularizationExponent = 1f, Seed = 1,
        };
        ImplicitAlsModel model = new ImplicitAlsTrainer(options).Fit(split.TrainRatings);
        double als = Ndcg(split, model.Score);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NDCG@10: implicit ALS {als:F4}, popularity {baseline:F4}, ratio {als / baseline:F3}"));

        // The issue asks for 2x; the measured figure is 2.04x (0.3670 / 0.1801), with an interval that still includes
        // values below 2. Guard just below what it reaches.
        Assert.InRange(baseline, 0.17, 0.19);
        Assert.True(als >= 2.0 * baseline, $"ALS NDCG@10 {als:F4} is below 2x popularity {baseline:F4}");
    }
}
