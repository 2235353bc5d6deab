// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Numerics.Tensors;
using Profiles.Core.Tests;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>als-quality [--movielens DIR] [--seed 42] [--validation-seeds 7] [--bootstrap 2000] [--factors 32,64,128]
/// [--lambdas 2,5,10,25,50,100] [--alphas 0.5,1,2,5,10] [--exponents 0,0.5,1] [--strengths binary,rating,usernormalized,lograting] [--iterations 15] [--cg 3]
/// [--weightings none,bm25,bm25users,tfidf,tfidfusers] [--k1 100] [--b 0.8]</c>: implicit ALS against
/// popularity on ml-latest-small with an honest protocol (docs/performance.md, "Quality on MovieLens").
/// <list type="number">
/// <item>Each user's rated items are shuffled (seed 42) and cut 80/20 into train and test (the protocol of
/// FactorizationQualityTests).</item>
/// <item>The training items of each user are shuffled again (the validation seed) and cut 80/20 into sub-train and
/// validation; with several validation seeds a setting's score is its mean over the seeds' splits (per user, then over
/// users), which lowers the noise of the choice. Every ALS setting of the grid (factors, regularisation, confidence
/// scale, iterations, rating-to-strength mapping, <see cref="InteractionWeighting"/>) is fitted on sub-train and scored on
/// validation only. A re-weighted setting is chosen only when its gain over the best plain one excludes 0 (paired
/// bootstrap over validation users); otherwise the best plain setting is.</item>
/// <item>The chosen setting is refitted on the whole training set and evaluated once on test, next to
/// popularity (training counts); NDCG@10 is binary relevance over all held-out items, training items excluded, averaged
/// over users. Paired bootstrap over users (seeded) gives 95% intervals of the ratio and the difference.</item>
/// </list>
/// </summary>
public static class AlsQuality
{
    /// <summary>How ratings become interaction strengths.</summary>
    private enum Strength
    {
        /// <summary>Every rating is 1.</summary>
        Binary,

        /// <summary>The rating (0.5-5).</summary>
        Rating,

        /// <summary>1 per rating, scaled per user by (median activity / activity)^0.5.</summary>
        UserNormalized,

        /// <summary>log(1 + r / 1): a 0.5-star rating 0.41, a 5-star one 1.79.</summary>
        LogRating,
    }

    /// <summary>How the strengths are re-weighted (<see cref="InteractionWeighting"/>) before the fit.</summary>
    private enum Weighting
    {
        /// <summary>As they are.</summary>
        None,

        /// <summary>BM25 with items as the documents (the <c>implicit</c> library's orientation).</summary>
        Bm25,

        /// <summary>BM25 with users as the documents.</summary>
        Bm25Users,

        /// <summary>TF-IDF with items as the documents.</summary>
        TfIdf,

        /// <summary>TF-IDF with users as the documents.</summary>
        TfIdfUsers,
    }

    private sealed record Data(int Users, int Items, List<(int Item, float Rating)>[] ByUser);

    private sealed record Split(Data Data, List<(int Item, float Rating)>[] Train, List<int>[] Test);

    private sealed record Setting(int Factors, float Regularization, float Alpha, int Iterations, Strength Strength, float Exponent, int Steps,
        Weighting Weighting, float K1, float B)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"f{Factors} lambda {Regularization} alpha {Alpha} nu {Exponent} it {Iterations} cg {Steps} {Strength}")
            + Weighting switch
            {
                Weighting.Bm25 or Weighting.Bm25Users => string.Create(CultureInfo.InvariantCulture, $" {Weighting} k1 {K1} b {B}"),
                Weighting.None => string.Empty,
                _ => " " + Weighting,
            };
    }

    private static T[] List<T>(string text, Func<string, T> parse) => Array.ConvertAll(text.Split(','), s => parse(s.Trim()));

    public static int Run(string[] args)
    {
        string? movieLens = null;
        ulong seed = 42;
        ulong[] validationSeeds = [7];
        int bootstrap = 2_000;
        int[] factorGrid = [32, 64, 128];
        float[] lambdaGrid = [2f, 5f, 10f, 25f, 50f, 100f];
        float[] alphaGrid = [0.5f, 1f, 2f, 5f, 10f];
        float[] exponentGrid = [0f, 0.5f, 1f];
        Strength[] strengthGrid = [Strength.Binary, Strength.Rating, Strength.UserNormalized];
        int[] iterationGrid = [15];
        int[] stepGrid = [3];
        Weighting[] weightingGrid = [Weighting.None];
        float[] k1Grid = [100f];
        float[] bGrid = [0.8f];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--movielens": movieLens = args[++i]; break;
                case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--validation-seed" or "--validation-seeds": validationSeeds = List(args[++i], s => ulong.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--bootstrap": bootstrap = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--factors": factorGrid = List(args[++i], s => int.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--lambdas": lambdaGrid = List(args[++i], s => float.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--alphas": alphaGrid = List(args[++i], s => float.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--exponents": exponentGrid = List(args[++i], s => float.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--strengths": strengthGrid = List(args[++i], s => Enum.Parse<Strength>(s, ignoreCase: true)); break;
                case "--iterations": iterationGrid = List(args[++i], s => int.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--weightings": weightingGrid = List(args[++i], s => Enum.Parse<Weighting>(s, ignoreCase: true)); break;
                case "--k1": k1Grid = List(args[++i], s => float.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--b": bGrid = List(args[++i], s => float.Parse(s, CultureInfo.InvariantCulture)); break;
                case "--cg": stepGrid = List(args[++i], s => int.Parse(s, CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.", nameof(args));
            }
        }

        var clock = Stopwatch.StartNew();
        Data data = Load(movieLens ?? BenchmarkData.FindMovieLens());
        Split split = Cut(data, data.ByUser, seed);
        Split[] validations = Array.ConvertAll(validationSeeds, validationSeed => Cut(data, split.Train, validationSeed));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ml-latest-small: {data.Users} users, {data.Items} items; split seed {seed}, validation seeds {string.Join(',', validationSeeds)}"));

        var grid = new List<Setting>();
        foreach (Strength strength in strengthGrid)
        {
            foreach (int factors in factorGrid)
            {
                foreach (float lambda in lambdaGrid)
                {
                    foreach (float alpha in alphaGrid)
                    {
                        foreach (float exponent in exponentGrid)
                        {
                            foreach (int iterations in iterationGrid)
                            {
                                foreach (int steps in stepGrid)
                                {
                                    foreach (Weighting weighting in weightingGrid)
                                    {
                                        bool bm25 = weighting is Weighting.Bm25 or Weighting.Bm25Users;
                                        foreach (float k1 in bm25 ? k1Grid : [0f])
                                        {
                                            foreach (float b in bm25 ? bGrid : [0f])
                                            {
                                                grid.Add(new Setting(factors, lambda, alpha, iterations, strength, exponent, steps, weighting, k1, b));
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        double validationPopularity = Validate(validations, PopularityScorer).Mean;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validation: popularity NDCG@10 {validationPopularity:F4}"));
        Setting? best = null;
        double bestScore = double.NegativeInfinity;
        double[]? bestUsers = null;
        Setting? plain = null;
        double plainScore = double.NegativeInfinity;
        double[]? plainUsers = null;
        foreach (Setting setting in grid)
        {
            (double score, double[] users) = Validate(validations, validation => AlsScorer(validation, setting));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validation: {setting,-80} NDCG@10 {score:F4} ({score / validationPopularity:F2}x)"));
            if (score > bestScore)
            {
                (bestScore, best, bestUsers) = (score, setting, users);
            }

            if (setting.Weighting == Weighting.None && score > plainScore)
            {
                (plainScore, plain, plainUsers) = (score, setting, users);
            }
        }

        if (plainUsers is not null && !ReferenceEquals(plain, best))
        {
            // The rule, fixed before any test figure: a setting that re-weights the interactions is chosen only when it
            // beats the best plain setting (no re-weighting) beyond noise, i.e.
            // when the 95% paired-bootstrap interval of its validation gain excludes 0; otherwise the plain one is.
            ConfidenceInterval gain = PairedBootstrap.MeanDifference(plainUsers, bestUsers!, bootstrap, seed: 42);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"validation: best overall {best} NDCG@10 {bestScore:F4}; best plain {plain} NDCG@10 {plainScore:F4}; gain {gain.Estimate:+0.0000;-0.0000} [95% {gain.Lower:+0.0000;-0.0000}, {gain.Upper:+0.0000;-0.0000}] (paired bootstrap over validation users)"));
            if (!(gain.Lower > 0))
            {
                Console.WriteLine("validation: the gain is within noise, so the plain setting is chosen");
                (best, bestScore) = (plain, plainScore);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chosen on validation: {best} (validation NDCG@10 {bestScore:F4}, {bestScore / validationPopularity:F2}x popularity)"));
        (double popularity, double[] popularityUsers) = Ndcg(split, PopularityScorer(split));
        (double als, double[] alsUsers) = Ndcg(split, AlsScorer(split, best!));
        ConfidenceInterval difference = PairedBootstrap.MeanDifference(popularityUsers, alsUsers, bootstrap, seed: 42);
        (double ratioLow, double ratioHigh) = RatioInterval(popularityUsers, alsUsers, bootstrap, seed: 42);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test ({alsUsers.Length} users): popularity NDCG@10 {popularity:F4}, ALS {als:F4}; ratio {als / popularity:F3} [95% {ratioLow:F3}, {ratioHigh:F3}], difference {difference.Estimate:+0.0000;-0.0000} [{difference.Lower:+0.0000;-0.0000}, {difference.Upper:+0.0000;-0.0000}] (paired bootstrap, B = {bootstrap})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{grid.Count} settings, {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>Scores on every validation split; per user, the mean over the splits; overall, the mean over users.</summary>
    private static (double Mean, double[] PerUser) Validate(Split[] validations, Func<Split, Action<int, Span<float>>> scorer)
    {
        double[]? perUser = null;
        foreach (Split validation in validations)
        {
            double[] users = Ndcg(validation, scorer(validation)).PerUser;
            perUser ??= new double[users.Length];
            if (users.Length != perUser.Length)
            {
                throw new InvalidOperationException("The validation splits score different users.");
            }

            for (int u = 0; u < users.Length; u++)
            {
                perUser[u] += users[u] / validations.Length;
            }
        }

        double total = 0;
        foreach (double value in perUser!)
        {
            total += value;
        }

        return (total / perUser.Length, perUser);
    }

    private static Data Load(string directory)
    {
        MovieLensDataset data = MovieLens.LoadAsync(directory).GetAwaiter().GetResult();
        (int users, int items, List<(int Item, float Stars)>[] byUser) = MovieLensRatings.Index(data.Ratings);
        return new Data(users, items, byUser);
    }

    /// <summary>Shuffles each user's list and cuts it 80/20 (<see cref="MovieLensRatings.Cut"/>, shared with FactorizationQualityTests).</summary>
    private static Split Cut(Data data, List<(int Item, float Rating)>[] source, ulong seed)
    {
        (List<(int Item, float Stars)>[] train, List<int>[] test) = MovieLensRatings.Cut(source, seed);
        return new Split(data, train, test);
    }

    private static SparseMatrix TrainMatrix(Split split, Strength strength)
    {
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        var activity = new int[split.Data.Users];
        for (int u = 0; u < activity.Length; u++)
        {
            activity[u] = split.Train[u].Count;
        }

        int[] sorted = (int[])activity.Clone();
        Array.Sort(sorted);
        double median = Math.Max(1, sorted[sorted.Length / 2]);
        for (int u = 0; u < split.Data.Users; u++)
        {
            float userScale = activity[u] == 0 ? 1f : (float)Math.Sqrt(median / activity[u]);
            foreach ((int item, float rating) in split.Train[u])
            {
                rows.Add(u);
                columns.Add(item);
                values.Add(strength switch
                {
                    Strength.Rating => rating,
                    Strength.UserNormalized => userScale,
                    Strength.LogRating => MathF.Log(1f + rating),
                    _ => 1f,
                });
            }
        }

        return SparseMatrix.FromTriplets(split.Data.Users, split.Data.Items, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    private static Action<int, Span<float>> PopularityScorer(Split split)
    {
        var popularity = new float[split.Data.Items];
        for (int u = 0; u < split.Data.Users; u++)
        {
            foreach ((int item, _) in split.Train[u])
            {
                popularity[item]++;
            }
        }

        return (_, scores) => popularity.CopyTo(scores);
    }

    private static Action<int, Span<float>> AlsScorer(Split split, Setting setting)
    {
        SparseMatrix train = TrainMatrix(split, setting.Strength);
        train = setting.Weighting switch
        {
            Weighting.Bm25 => InteractionWeighting.Bm25(train.Transpose(), setting.K1, setting.B).Transpose(),
            Weighting.Bm25Users => InteractionWeighting.Bm25(train, setting.K1, setting.B),
            Weighting.TfIdf => InteractionWeighting.TfIdf(train.Transpose()).Transpose(),
            Weighting.TfIdfUsers => InteractionWeighting.TfIdf(train),
            _ => train,
        };
        ImplicitAlsModel model = new ImplicitAlsTrainer(new ImplicitAlsOptions
        {
            Factors = setting.Factors,
            Regularization = setting.Regularization,
            Alpha = setting.Alpha,
            Iterations = setting.Iterations,
            RegularizationExponent = setting.Exponent,
            ConjugateGradientSteps = setting.Steps,
            Seed = 1,
        }).Fit(train);
        int k = model.Rank;
        float[] users = model.UserFactors.ToArray();
        float[] items = model.ItemFactors.ToArray();
        return (u, scores) =>
        {
            ReadOnlySpan<float> x = users.AsSpan(u * k, k);
            for (int i = 0; i < scores.Length; i++)
            {
                scores[i] = TensorPrimitives.Dot(x, items.AsSpan(i * k, k));
            }
        };
    }

    /// <summary>Mean binary-relevance NDCG@10 over users with held-out items (training items excluded), and the per-user values.</summary>
    private static (double Mean, double[] PerUser) Ndcg(Split split, Action<int, Span<float>> score)
    {
        const int K = 10;
        var perUser = new List<double>();
        var scores = new float[split.Data.Items];
        var order = new int[K];
        var top = new float[K];
        var hits = new bool[K];
        var relevant = new HashSet<int>();
        for (int u = 0; u < split.Data.Users; u++)
        {
            if (split.Test[u].Count == 0)
            {
                continue;
            }

            score(u, scores);
            foreach ((int seen, _) in split.Train[u])
            {
                scores[seen] = float.NegativeInfinity;
            }

            // The library's selection (ties: lower index first) and metric; training items carry negative infinity,
            // which Select never picks.
            _ = TopK.Select(scores, K, order, top);
            relevant.Clear();
            relevant.UnionWith(split.Test[u]);
            for (int r = 0; r < K; r++)
            {
                hits[r] = order[r] >= 0 && relevant.Contains(order[r]);
            }

            perUser.Add(RankingMetrics.Ndcg(hits, relevant.Count, K));
        }

        double total = 0;
        foreach (double value in perUser)
        {
            total += value;
        }

        return (total / perUser.Count, perUser.ToArray());
    }

    /// <summary>Percentile interval of mean(candidate) / mean(baseline) over users resampled in pairs.</summary>
    private static (double Lower, double Upper) RatioInterval(double[] baseline, double[] candidate, int samples, int seed)
    {
        var random = new Random(seed);
        var ratios = new double[samples];
        int n = baseline.Length;
        for (int b = 0; b < samples; b++)
        {
            double sumBase = 0, sumCandidate = 0;
            for (int i = 0; i < n; i++)
            {
                int pick = random.Next(n);
                sumBase += baseline[pick];
                sumCandidate += candidate[pick];
            }

            ratios[b] = sumCandidate / sumBase;
        }

        Array.Sort(ratios);
        return (ratios[(int)(0.025 * (samples - 1))], ratios[(int)Math.Ceiling(0.975 * (samples - 1))]);
    }
}
