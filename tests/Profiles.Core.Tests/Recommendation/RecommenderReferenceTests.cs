// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>Each recommender against a brute-force reference on a small world: the same top-N and the same scores.</summary>
public class RecommenderReferenceTests
{
    private const int N = 10;

    [Fact]
    public async Task Popularity_SmallWorld_MatchesColumnSums()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var recommender = new PopularityRecommender(model);
        var persons = new PopularityRecommender(model, new PopularityRecommenderOptions { Measure = PopularityMeasure.Persons });
        SparseMatrix byPerson = model.Matrix.ByPerson;
        var weights = new double[model.Matrix.Items.Count];
        var counts = new double[weights.Length];
        for (int u = 0; u < byPerson.Rows; u++)
        {
            ReadOnlySpan<int> columns = byPerson.RowColumns(u);
            ReadOnlySpan<float> values = byPerson.RowValues(u);
            for (int p = 0; p < columns.Length; p++)
            {
                weights[columns[p]] += values[p];
                counts[columns[p]]++;
            }
        }

        foreach (UserProfile profile in RecommendationData.WithHistory(model, 1).Take(15))
        {
            AssertMatches(model, recommender.Recommend(profile), weights, profile);
            AssertMatches(model, persons.Recommend(profile), counts, profile);
        }
    }

    [Fact]
    public async Task Factor_SmallWorld_MatchesDotProducts()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var recommender = new FactorRecommender(model);
        foreach (UserProfile profile in RecommendationData.WithHistory(model, 3).Take(15))
        {
            double[] reference = Dots(model, profile.BehaviourVector.Span);
            RecommendationList list = recommender.Recommend(profile);
            Assert.Equal(RecommendationSource.History, list.Source);
            AssertMatches(model, list, reference, profile);
        }
    }

    [Fact]
    public async Task ItemKnn_SmallWorld_MatchesAllPairsCosine()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        foreach ((int k, float shrink, bool binary) in new[] { (10, 10f, true), (500, 0f, true), (7, 2f, false) })
        {
            var recommender = new ItemKnnRecommender(model, new ItemKnnRecommenderOptions { Neighbors = k, Shrinkage = shrink, BinaryInteractions = binary });
            float[][] similarity = ReferenceSimilarities(model.Matrix, k, shrink, binary);
            foreach (UserProfile profile in RecommendationData.WithHistory(model, 3).Take(12))
            {
                Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
                var reference = new double[model.Matrix.Items.Count];
                ReadOnlySpan<int> history = model.Matrix.ByPerson.RowColumns(row);
                ReadOnlySpan<float> values = model.Matrix.ByPerson.RowValues(row);
                for (int h = 0; h < history.Length; h++)
                {
                    for (int j = 0; j < reference.Length; j++)
                    {
                        reference[j] += (binary ? 1f : values[h]) * similarity[history[h]][j];
                    }
                }

                AssertMatches(model, recommender.Recommend(profile), reference, profile);
            }
        }
    }

    [Fact]
    public async Task Ease_SmallWorld_MatchesGaussJordanInverse()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        foreach ((int support, double lambda) in new[] { (1, 50d), (4, 5d) })
        {
            var recommender = new EaseRecommender(model, new EaseRecommenderOptions { MinItemSupport = support, Regularization = lambda });
            SparseMatrix byItem = model.Matrix.ByItem;
            int n = byItem.Rows;
            List<int> modelled = Enumerable.Range(0, n).Where(j => byItem.RowLength(j) >= support).ToList();
            Assert.Equal(modelled.Count, recommender.ModelledItems);
            double[,] b = ReferenceEase(model.Matrix, modelled, lambda);
            foreach (UserProfile profile in RecommendationData.WithHistory(model, 3).Take(12))
            {
                Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
                var reference = new double[n];
                Array.Fill(reference, double.NegativeInfinity);
                var history = new HashSet<int>(model.Matrix.ByPerson.RowColumns(row).ToArray());
                for (int bj = 0; bj < modelled.Count; bj++)
                {
                    double s = 0;
                    for (int ai = 0; ai < modelled.Count; ai++)
                    {
                        if (history.Contains(modelled[ai]))
                        {
                            s += b[ai, bj];
                        }
                    }

                    reference[modelled[bj]] = s;
                }

                AssertMatches(model, recommender.Recommend(profile), reference, profile, tolerance: 1e-4);
                Assert.Equal(0f, recommender.Weight(modelled[0], modelled[0]));
                Assert.Equal(b[0, 1], recommender.Weight(modelled[0], modelled[1]), 4);
            }
        }
    }

    [Fact]
    public void EaseSolver_RandomSpdMatrix_MatchesGaussJordan()
    {
        foreach (int m in new[] { 1, 63, 64, 65, 150 })
        {
            var random = new Random(m);
            var x = new double[m, m + 5];
            for (int i = 0; i < m; i++)
            {
                for (int t = 0; t < m + 5; t++)
                {
                    x[i, t] = random.NextDouble() < 0.3 ? 1 : 0;
                }
            }

            var gram = new double[m * m];
            var dense = new double[m, m];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    double s = i == j ? 3 : 0;
                    for (int t = 0; t < m + 5; t++)
                    {
                        s += x[i, t] * x[j, t];
                    }

                    gram[(i * m) + j] = s;
                    dense[i, j] = s;
                }
            }

            float[] b = EaseSolver.Solve(gram, m, threads: 2, default);
            double[,] p = Invert(dense);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    double expected = i == j ? 0 : -p[i, j] / p[j, j];
                    Assert.True(Math.Abs(b[(i * m) + j] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"m={m} B[{i},{j}] = {b[(i * m) + j]}, expected {expected}");
                }
            }
        }
    }

    [Fact]
    public async Task Softmax_SmallWorld_ProbabilitiesSumToOneAndMatchReference()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var recommender = new SoftmaxRecommender(model);
        int n = model.Matrix.Items.Count;
        foreach (UserProfile profile in RecommendationData.WithHistory(model, 3).Take(10))
        {
            var probabilities = new float[n];
            recommender.Probabilities(profile, probabilities);
            Assert.Equal(1.0, probabilities.Sum(p => (double)p), 4);

            double[] logits = Dots(model, profile.BehaviourVector.Span);
            double max = logits.Max();
            double z = logits.Sum(l => Math.Exp(l - max));
            double[] reference = logits.Select(l => Math.Exp(l - max) / z).ToArray();
            for (int j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(probabilities[j] - reference[j]) <= 1e-5, $"P[{j}] = {probabilities[j]}, expected {reference[j]}");
            }

            RecommendationList list = recommender.Recommend(profile);
            AssertMatches(model, list, reference, profile, tolerance: 1e-5);
            Assert.True(list.Sum(r => (double)r.Score) <= 1.0 + 1e-6);

            // A fused vector takes precedence over the behaviour vector.
            float[] fused = profile.BehaviourVector.ToArray().Select(v => -v).ToArray();
            recommender.Probabilities(profile with { FusedVector = fused }, probabilities);
            double[] fusedLogits = Dots(model, fused);
            int best = Array.IndexOf(fusedLogits, fusedLogits.Max());
            Assert.Equal(best, Array.IndexOf(probabilities, probabilities.Max()));
        }
    }

    [Fact]
    public async Task Hybrid_SmallWorld_MatchesWeightedNormalisedScores()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var popularity = new PopularityRecommender(model);
        var factors = new FactorRecommender(model);
        foreach (ScoreNormalization normalization in new[] { ScoreNormalization.MinMax, ScoreNormalization.ZScore })
        {
            var hybrid = new HybridRecommender([popularity, factors], [0.6, 1.4], new HybridRecommenderOptions { Normalization = normalization });
            Assert.Equal(0.3, hybrid.Weights[0], 12);
            foreach (UserProfile profile in RecommendationData.WithHistory(model, 3).Take(10))
            {
                Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
                var seen = new HashSet<int>(model.Matrix.Seen.RowColumns(row).ToArray());
                double[] a = Normalise(popularity.Scores.ToArray().Select(v => (double)v).ToArray(), seen, normalization);
                double[] b = Normalise(Dots(model, profile.BehaviourVector.Span), seen, normalization);
                double[] reference = a.Select((v, j) => (0.3 * v) + (0.7 * b[j])).ToArray();
                AssertMatches(model, hybrid.Recommend(profile), reference, profile, tolerance: 1e-4);
            }
        }
    }

    internal static void AssertMatches(ProfileModel model, RecommendationList list, double[] reference, UserProfile profile, double tolerance = 1e-5)
    {
        Assert.True(model.Matrix.TryGetRow(profile.Person, out int row));
        var seen = new HashSet<int>(model.Matrix.Seen.RowColumns(row).ToArray());
        List<(int Item, double Score)> expected = RecommendationData.ReferenceTop(reference, seen.Contains, N);
        Assert.Equal(expected.Count, list.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(model.Matrix.TryGetColumn(list[i].Item, out int column));
            Assert.DoesNotContain(column, seen);
            double scale = Math.Max(1, Math.Abs(expected[i].Score));
            Assert.True(Math.Abs(list[i].Score - expected[i].Score) <= tolerance * scale,
                $"rank {i}: score {list[i].Score}, expected {expected[i].Score} (item {expected[i].Item})");
            Assert.True(Math.Abs(reference[column] - expected[i].Score) <= tolerance * scale,
                $"rank {i}: item {column} has reference score {reference[column]}, expected {expected[i].Score} (item {expected[i].Item})");
        }
    }

    private static double[] Dots(ProfileModel model, ReadOnlySpan<float> vector)
    {
        int rank = model.Factors.Rank;
        ReadOnlySpan<float> items = model.Factors.ItemFactors.Span;
        var result = new double[model.Factors.Items];
        for (int j = 0; j < result.Length; j++)
        {
            double s = 0;
            for (int t = 0; t < rank; t++)
            {
                s += (double)vector[t] * items[(j * rank) + t];
            }

            result[j] = s;
        }

        return result;
    }

    private static double[] Normalise(double[] scores, HashSet<int> seen, ScoreNormalization normalization)
    {
        double[] eligible = scores.Where((_, j) => !seen.Contains(j)).ToArray();
        double min = eligible.Min(), max = eligible.Max(), mean = eligible.Average();
        double sd = Math.Sqrt(eligible.Sum(v => (v - mean) * (v - mean)) / eligible.Length);
        return scores.Select((v, j) => seen.Contains(j) ? 0 : normalization == ScoreNormalization.MinMax ? (v - min) / (max - min) : (v - mean) / sd).ToArray();
    }

    private static float[][] ReferenceSimilarities(InteractionMatrix matrix, int k, float shrink, bool binary)
    {
        int n = matrix.Items.Count;
        var columns = new Dictionary<int, float>[n];
        for (int j = 0; j < n; j++)
        {
            columns[j] = [];
            ReadOnlySpan<int> persons = matrix.ByItem.RowColumns(j);
            ReadOnlySpan<float> values = matrix.ByItem.RowValues(j);
            for (int p = 0; p < persons.Length; p++)
            {
                columns[j][persons[p]] = binary ? 1f : values[p];
            }
        }

        var norms = columns.Select(c => (float)Math.Sqrt(c.Values.Sum(v => (double)v * v))).ToArray();
        var result = new float[n][];
        for (int i = 0; i < n; i++)
        {
            var all = new float[n];
            for (int j = 0; j < n; j++)
            {
                if (j == i || norms[i] == 0 || norms[j] == 0)
                {
                    continue;
                }

                float dot = 0;
                foreach (KeyValuePair<int, float> entry in columns[i])
                {
                    if (columns[j].TryGetValue(entry.Key, out float v))
                    {
                        dot += entry.Value * v;
                    }
                }

                all[j] = dot / ((norms[i] * norms[j]) + shrink);
            }

            int[] keep = Enumerable.Range(0, n).Where(j => all[j] > 0).OrderByDescending(j => all[j]).ThenBy(j => j).Take(k).ToArray();
            result[i] = new float[n];
            foreach (int j in keep)
            {
                result[i][j] = all[j];
            }
        }

        return result;
    }

    private static double[,] ReferenceEase(InteractionMatrix matrix, List<int> modelled, double lambda)
    {
        int m = modelled.Count;
        var index = modelled.Select((column, position) => (column, position)).ToDictionary(p => p.column, p => p.position);
        var g = new double[m, m];
        for (int u = 0; u < matrix.ByPerson.Rows; u++)
        {
            int[] items = matrix.ByPerson.RowColumns(u).ToArray().Where(index.ContainsKey).Select(c => index[c]).ToArray();
            foreach (int a in items)
            {
                foreach (int b in items)
                {
                    g[a, b] += 1;
                }
            }
        }

        for (int i = 0; i < m; i++)
        {
            g[i, i] += lambda;
        }

        double[,] p = Invert(g);
        var result = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                result[i, j] = i == j ? 0 : -p[i, j] / p[j, j];
            }
        }

        return result;
    }

    /// <summary>Gauss-Jordan inversion with partial pivoting, in double.</summary>
    private static double[,] Invert(double[,] a)
    {
        int n = a.GetLength(0);
        var work = (double[,])a.Clone();
        var inverse = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            inverse[i, i] = 1;
        }

        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(work[r, c]) > Math.Abs(work[pivot, c]))
                {
                    pivot = r;
                }
            }

            for (int t = 0; t < n; t++)
            {
                (work[c, t], work[pivot, t]) = (work[pivot, t], work[c, t]);
                (inverse[c, t], inverse[pivot, t]) = (inverse[pivot, t], inverse[c, t]);
            }

            double d = work[c, c];
            for (int t = 0; t < n; t++)
            {
                work[c, t] /= d;
                inverse[c, t] /= d;
            }

            for (int r = 0; r < n; r++)
            {
                if (r != c && work[r, c] != 0)
                {
                    double f = work[r, c];
                    for (int t = 0; t < n; t++)
                    {
                        work[r, t] -= f * work[c, t];
                        inverse[r, t] -= f * inverse[c, t];
                    }
                }
            }
        }

        return inverse;
    }
}
