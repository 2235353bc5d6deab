// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Profiles.Core.Tests;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>newitems [--movielens DIR] [--seed N] [--bootstrap B] [--item-fraction F]</c>: <see cref="NewItemRecommender"/> on
/// the cold-start-items split of ml-latest-small (docs/llm.md, "Recommending new items by their text"), with the hashing
/// embedder and title + genres as the text.
/// <list type="number">
/// <item>Only new items: the recommender's top-10 of the cold items per test user, compared list by list with the
/// benchmark's hand ranking (<see cref="ColdItemRanking.ProjectedAsync"/>, the same projection and embedder), and both
/// evaluated (recall@10, NDCG@10 with bootstrap intervals).</item>
/// <item>Mixed with the catalogue (seen items excluded) for new-item weights 1, 2, 4 and 8: how many new items reach each
/// user's top-10, and the recall@10 / NDCG@10 of the held-out ratings (all of them on cold items) in that list.</item>
/// <item>The mean time of one <see cref="NewItemRecommender.Recommend"/> call over the test users (one thread).</item>
/// </list>
/// </summary>
public static class NewItemsMeasure
{
    private const int K = 10;

    public static int Run(string[] args)
    {
        string? movieLens = null;
        int seed = 42, bootstrap = 1_000;
        double fraction = 0.1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--movielens": movieLens = args[++i]; break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--bootstrap": bootstrap = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--item-fraction": fraction = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.", nameof(args));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"newitems: {Environment.ProcessorCount} processors, .NET {Environment.Version}, seed {seed}, {bootstrap} bootstrap replicates"));
        RunAsync(movieLens ?? BenchmarkData.FindMovieLens(), seed, bootstrap, fraction).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(string directory, int seed, int bootstrap, double fraction)
    {
        var clock = Stopwatch.StartNew();
        MovieLensDataset data = await MovieLens.LoadAsync(directory).ConfigureAwait(false);
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings).ConfigureAwait(false);
        EvaluationSplit split = EvaluationSplit.ColdStartItems(data.Ratings, ColdItemRanking.UserOf, new EvaluationSplitOptions { Seed = seed, ColdStartFraction = fraction });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{split.Metadata.Description}; {split.ColdItems.Count} cold items, {split.Users.Count} test users, {split.Metadata.TestPositives:N0} positives"));
        ProfileModel model = await ColdItemRanking.BuildAsync(split, identities, data.Movies, MovieLensSetup.Builder()).ConfigureAwait(false);

        // The benchmark's hand ranking; keep the generator it fits (IDF on the training items' texts) to embed the same way.
        HashingEmbeddingGenerator? generator = null;
        (IRankingSystem byHand, TextProjection projection, _) = await ColdItemRanking.ProjectedAsync("by hand (ColdItemRanking)", split, model, identities,
            data.Movies, null, corpus => generator = HashingEmbeddingGenerator.Fit(corpus)).ConfigureAwait(false);
        var cold = new List<Item>(split.ColdItems.Count);
        foreach (ItemKey key in split.ColdItems)
        {
            cold.Add(data.Movies.TryGet(key.Platform, key.Item, out Item? item) ? item : new Item(key.Platform, key.Item, key.Item.Value));
        }

        NewItemRecommender newOnly = await NewItemRecommender.CreateAsync(model, projection, cold, generator!, new NewItemRecommenderOptions { NewItemsOnly = true })
            .ConfigureAwait(false);
        UserProfile ProfileOf(int user) =>
            identities.TryGetPerson(MovieLens.Platform, new AccountId(user.ToString(CultureInfo.InvariantCulture)), out PersonId person) &&
            model.TryGetProfile(person, out UserProfile? profile) ? profile : new UserProfile(new PersonId(-1 - user));

        IRankingSystem served = RankingSystem.Create("NewItemRecommender, new items only",
            (_, user, count) => newOnly.Recommend(ProfileOf(user), new RecommendationOptions { Count = count }).ToItemKeys());
        IReadOnlyList<IReadOnlyList<ItemKey>> handLists = await byHand.RankAsync(split, split.Users, K).ConfigureAwait(false);
        IReadOnlyList<IReadOnlyList<ItemKey>> servedLists = await served.RankAsync(split, split.Users, K).ConfigureAwait(false);
        int identical = 0;
        for (int u = 0; u < split.Users.Count; u++)
        {
            identical += handLists[u].SequenceEqual(servedLists[u]) ? 1 : 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"projection on {projection.TrainingItems:N0} items, {projection.EmbeddingDimensions} -> {projection.FactorDimensions} dims, training R^2 {projection.TrainingRSquared:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"new items only: {identical}/{split.Users.Count} users get the same top-{K} as the hand ranking"));

        // Mixed with the catalogue: the same vectors, weights 1, 2, 4, 8.
        int rank = model.Factors.Rank;
        var vectors = new float[cold.Count][];
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = newOnly.NewItemFactors.Slice(i * rank, rank).ToArray();
        }

        // Why a weight: ridge shrinks the projected vectors, so their inner products are smaller than trained ones.
        double trainedNorm = 0, projectedNorm = 0;
        ReadOnlySpan<float> trained = model.Factors.ItemFactors.Span;
        for (int j = 0; j < model.Factors.Items; j++)
        {
            trainedNorm += System.Numerics.Tensors.TensorPrimitives.Norm(trained.Slice(j * rank, rank));
        }

        foreach (float[] vector in vectors)
        {
            projectedNorm += System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean vector norm: trained items {trainedNorm / model.Factors.Items:F4}, projected new items {projectedNorm / vectors.Length:F4}"));

        var systems = new List<IRankingSystem> { byHand, served };
        var mixed = new List<(float Weight, NewItemRecommender Recommender)>();
        foreach (float weight in new[] { 1f, 2f, 4f, 8f })
        {
            var recommender = new NewItemRecommender(model, cold, vectors, new NewItemRecommenderOptions { NewItemWeight = weight });
            mixed.Add((weight, recommender));
            systems.Add(RankingSystem.Create(string.Create(CultureInfo.InvariantCulture, $"mixed, new-item weight {weight}"),
                (_, user, count) => recommender.Recommend(ProfileOf(user), new RecommendationOptions { Count = count }).ToItemKeys()));
        }

        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = bootstrap, Seed = seed }).EvaluateAsync(split, systems).ConfigureAwait(false);
        foreach (SystemEvaluation system in report.Systems)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {system.Name,-40} recall@10 {BenchmarkData.Format(system.Metrics[RankingMetric.Recall])}  NDCG@10 {BenchmarkData.Format(system.Metrics[RankingMetric.Ndcg])}"));
        }

        var options = new RecommendationOptions { Count = K };
        UserProfile[] profiles = split.Users.Select(ProfileOf).ToArray();
        foreach ((float weight, NewItemRecommender recommender) in mixed)
        {
            long newInTop = 0;
            foreach (UserProfile profile in profiles)
            {
                foreach (Recommendation r in recommender.Recommend(profile, options))
                {
                    newInTop += r.Explanation.IsNewItem ? 1 : 0;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mixed, weight {weight}: {(double)newInTop / profiles.Length:F2} new items per top-{K} on average"));
        }

        foreach ((string name, NewItemRecommender recommender) in new[] { ("new items only", newOnly), ("mixed, weight 1", mixed[0].Recommender) })
        {
            for (int round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                foreach (UserProfile profile in profiles)
                {
                    _ = recommender.Recommend(profile, options);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}, round {round}: {watch.Elapsed.TotalMilliseconds * 1000 / profiles.Length:F1} us per call ({model.Factors.Items:N0} model items, {cold.Count} new, rank {rank})"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"newitems: {clock.Elapsed.TotalSeconds:F1} s"));
    }
}
