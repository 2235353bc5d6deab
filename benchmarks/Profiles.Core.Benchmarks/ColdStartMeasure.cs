// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Profiles.Demo;
using Profiles.Core.Tests;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>coldstart [--movielens DIR] [--embedder hashing|minilm|both] [--seed N] [--bootstrap B] [--user-fraction F]
/// [--item-fraction F] [--keep N] [--skip-users] [--skip-items] [--ridge R]</c>: the text side's evidence on ml-latest-small (docs/llm.md, "Evidence on MovieLens").
/// <list type="number">
/// <item>Cold-start users (<see cref="EvaluationSplit.ColdStartUsers"/>): a seeded share of the users keep at most
/// <c>--keep</c> ratings in training. Popularity (star-weighted, <see cref="PopularityRecommender"/>, and by count,
/// <see cref="PopularityRankingSystem"/>, as the CI test uses), ALS (the user's factors from those few ratings), the text profile alone
/// (extractive insight, embedded, projected by <see cref="TextProjection"/>) and the fused profile (<see cref="ProfileFuser"/>
/// with alpha, lambda and steps from <see cref="FusionTuner"/> on a cold-start validation split of the TRAINING events),
/// all served top-10 with the training items excluded; NDCG@10 with paired-bootstrap intervals.</item>
/// <item>Cold-start items (<see cref="EvaluationSplit.ColdStartItems"/>): a seeded share of the movies lose all their
/// ratings; their factors come from <see cref="TextProjection"/> of their text, and each test user's ALS vector ranks
/// them; recall@10 and NDCG@10 against a seeded shuffle and the exact random expectation.</item>
/// </list>
/// Item text is title and genres, plus "Tags: ..." from tags.csv where said; an evaluated user's own tags are never used
/// for the items held out from them (a tag is an interaction of theirs): for cold-start users, no test user's tags are
/// used; for cold-start items, each user sees the cold items without their own tags.
/// </summary>
public static class ColdStartMeasure
{
    private const int K = 10;

    public static int Run(string[] args)
    {
        string? movieLens = null;
        string embedder = "both";
        int seed = 42, bootstrap = 1_000, keep = 3;
        bool skipUsers = false, skipItems = false;
        double ridge = 0;   // 0: the tuner picks it from 1, 10 and 100
        double userFraction = 0.25, itemFraction = 0.1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--movielens": movieLens = args[++i]; break;
                case "--embedder": embedder = args[++i]; break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--bootstrap": bootstrap = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--keep": keep = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--user-fraction": userFraction = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--item-fraction": itemFraction = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--skip-users": skipUsers = true; break;
                case "--ridge": ridge = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--skip-items": skipItems = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.", nameof(args));
            }
        }

        if (embedder is not ("hashing" or "minilm" or "both"))
        {
            throw new ArgumentException($"Unknown embedder '{embedder}': hashing, minilm or both.", nameof(args));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"coldstart: {Environment.ProcessorCount} processors, .NET {Environment.Version}, seed {seed}, {bootstrap} bootstrap replicates"));
        RunAsync(movieLens ?? BenchmarkData.FindMovieLens(), embedder, seed, bootstrap, keep, userFraction, itemFraction, skipUsers, skipItems, ridge).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(string directory, string embedder, int seed, int bootstrap, int keep, double userFraction, double itemFraction,
        bool skipUsers, bool skipItems, double ridge)
    {
        MovieLensDataset data = await MovieLens.LoadAsync(directory).ConfigureAwait(false);
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MovieLens {directory}: {data.Ratings.Count:N0} ratings, {data.Tags.Count:N0} tags, {data.Movies.Count:N0} movies, {identities.PersonCount} users"));
        var embedders = new List<(string Name, Func<IEnumerable<string>, IEmbeddingGenerator<string, Embedding<float>>> For)>();
        if (embedder is "hashing" or "both")
        {
            // IDF fitted on the training catalogue's item texts only.
            embedders.Add(("hashing", static corpus => HashingEmbeddingGenerator.Fit(corpus)));
        }

        if (embedder is "minilm" or "both")
        {
            var clock = Stopwatch.StartNew();
            var minilm = new MemoizingEmbeddingGenerator(new MiniLMEmbeddingGenerator());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MiniLM loaded in {clock.Elapsed.TotalSeconds:F1} s"));
            embedders.Add(("minilm", _ => minilm));
        }

        foreach ((string name, Func<IEnumerable<string>, IEmbeddingGenerator<string, Embedding<float>>> generatorFor) in embedders)
        {
            if (!skipUsers)
            {
                await ColdUsersAsync(data, identities, name, generatorFor, seed, bootstrap, keep, userFraction, ridge).ConfigureAwait(false);
            }

            if (!skipItems)
            {
                await ColdItemsAsync(data, identities, name, generatorFor, seed, bootstrap, itemFraction).ConfigureAwait(false);
            }
        }
    }

    private static async Task ColdUsersAsync(MovieLensDataset data, IdentityGraph identities, string embedder,
        Func<IEnumerable<string>, IEmbeddingGenerator<string, Embedding<float>>> generatorFor, int seed, int bootstrap, int keep, double fraction,
        double ridge)
    {
        var clock = Stopwatch.StartNew();
        EvaluationSplit split = EvaluationSplit.ColdStartUsers(data.Ratings, ColdItemRanking.UserOf,
            new EvaluationSplitOptions { Seed = seed, ColdStartFraction = fraction, ColdStartKeep = keep });
        var testUsers = new HashSet<int>(split.Users);
        ItemCatalog catalog = ColdItemRanking.WithTags(data.Movies, data.Tags, e => !testUsers.Contains(ColdItemRanking.UserOf(e)));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== cold-start users, {embedder}: {split.Metadata.Description}; {split.Users.Count} test users, {split.Metadata.TrainEvents:N0} training ratings, {split.Metadata.TestPositives:N0} held-out positives"));
        var tuner = new FusionTunerOptions
        {
            Protocol = SplitKind.ColdStartUsers,
            ColdStartKeep = keep,
            ValidationFraction = fraction,
            Alphas = [0f, 0.25f, 1f, 4f, 16f],
            Lambdas = [0f, 1_000f, 100_000f],
            Steps = [5, 20],
            Seed = seed + 1,
            Ridges = ridge > 0 ? [ridge] : [1, 10, 100],

        };
        var text = new ColdStartTextSide(generatorFor, tuner);
        var options = new RecommenderRankingSystemOptions { BuilderOptions = MovieLensSetup.Builder() };
        IRankingSystem[] systems =
        [
            RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), identities, catalog, options),
            new PopularityRankingSystem("popularity (count)"),
            RecommenderRankingSystem.Create("als (<= 3 ratings)", m => new FactorRecommender(m), identities, catalog, options),
            new RecommenderRankingSystem("text only", async t => new SoftmaxRecommender((await text.GetAsync(t).ConfigureAwait(false)).TextOnly), identities, catalog, options),
            new RecommenderRankingSystem("fused (tuned)", async t => new SoftmaxRecommender((await text.GetAsync(t).ConfigureAwait(false)).Fused), identities, catalog, options),
        ];
        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = bootstrap, Seed = seed, FailOnTrainingItems = true })
            .EvaluateAsync(split, systems).ConfigureAwait(false);
        ColdStartTextState state = await text.Current.ConfigureAwait(false);
        FusionTuningResult tuning = state.Tuning;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"projection: {state.Projection.TrainingItems:N0} items, {state.Projection.EmbeddingDimensions} -> {state.Projection.FactorDimensions} dims, ridge {state.Projection.Ridge}, training R^2 {state.Projection.TrainingRSquared:F3}; {state.WithText}/{split.Users.Count} test users have a text vector"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tuner: {tuning.Split.Description}; {tuning.ValidationPersons} validation persons; behaviour NDCG@10 {tuning.BehaviourNdcg:F4}; best ridge {tuning.Best.Ridge}, alpha {tuning.Best.Alpha}, lambda {tuning.Best.Lambda}, steps {tuning.Best.Steps}: NDCG@10 {tuning.Best.Ndcg:F4}"));
        foreach (FusionTrial trial in tuning.Trials.OrderByDescending(t => t.Ndcg).Take(5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ridge {trial.Ridge,4} alpha {trial.Alpha,6} lambda {trial.Lambda,8} steps {trial.Steps,3}: NDCG@10 {trial.Ndcg:F4} recall@10 {trial.Recall:F4}"));
        }

        PrintSystems(report, "popularity");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold-start users, {embedder}: {clock.Elapsed.TotalSeconds:F1} s"));
    }

    private static async Task ColdItemsAsync(MovieLensDataset data, IdentityGraph identities, string embedder,
        Func<IEnumerable<string>, IEmbeddingGenerator<string, Embedding<float>>> generatorFor, int seed, int bootstrap, double fraction)
    {
        var clock = Stopwatch.StartNew();
        EvaluationSplit split = EvaluationSplit.ColdStartItems(data.Ratings, ColdItemRanking.UserOf, new EvaluationSplitOptions { Seed = seed, ColdStartFraction = fraction });
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== cold-start items, {embedder}: {split.Metadata.Description}; {split.ColdItems.Count} cold items, {split.Users.Count} test users, {split.Metadata.TestPositives:N0} positives"));
        ProfileModel model = await ColdItemRanking.BuildAsync(split, identities, data.Movies, MovieLensSetup.Builder()).ConfigureAwait(false);
        var systems = new List<IRankingSystem> { ColdItemRanking.Shuffled(split, seed) };
        foreach ((string name, IReadOnlyList<InteractionEvent>? tags) in new (string, IReadOnlyList<InteractionEvent>?)[]
        {
            ("projected: title+genres", null),
            ("projected: title+genres+tags (own tags removed)", data.Tags),
        })
        {
            (IRankingSystem system, TextProjection projection, int tagged) = await ColdItemRanking.ProjectedAsync(name, split, model, identities, data.Movies, tags, generatorFor)
                .ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: projection on {projection.TrainingItems:N0} items, {projection.EmbeddingDimensions} -> {projection.FactorDimensions} dims, training R^2 {projection.TrainingRSquared:F3}; {tagged}/{split.ColdItems.Count} cold items have tags"));
            systems.Add(system);
        }

        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = bootstrap, Seed = seed })
            .EvaluateAsync(split, systems).ConfigureAwait(false);
        PrintSystems(report, systems[0].Name);

        // The exact expectation of a uniformly random ranking of the cold items, per user.
        double[] expectedRecall = new double[split.Users.Count], expectedNdcg = new double[split.Users.Count];
        for (int u = 0; u < split.Users.Count; u++)
        {
            (expectedRecall[u], expectedNdcg[u]) = ColdItemRanking.RandomExpectation(split.TestPositives[split.Users[u]].Count, split.ColdItems.Count, K);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"random expectation: recall@10 {expectedRecall.Average():F4}, NDCG@10 {expectedNdcg.Average():F4}"));
        foreach (SystemEvaluation system in report.Systems.Skip(1))
        {
            ConfidenceInterval recall = PairedBootstrap.MeanDifference(expectedRecall, system.PerUser(RankingMetric.Recall).Span, bootstrap, seed);
            ConfidenceInterval ndcg = PairedBootstrap.MeanDifference(expectedNdcg, system.PerUser(RankingMetric.Ndcg).Span, bootstrap, seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {system.Name} - expectation: recall@10 {BenchmarkData.Format(recall)}, NDCG@10 {BenchmarkData.Format(ndcg)}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold-start items, {embedder}: {clock.Elapsed.TotalSeconds:F1} s"));
    }

    private static void PrintSystems(EvaluationReport report, string baseline)
    {
        foreach (SystemEvaluation system in report.Systems)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {system.Name,-40} NDCG@10 {BenchmarkData.Format(system.Metrics[RankingMetric.Ndcg])}  recall@10 {BenchmarkData.Format(system.Metrics[RankingMetric.Recall])}"));
        }

        foreach (SystemComparison comparison in report.Comparisons)
        {
            if (comparison.Baseline == baseline && comparison.Metric is RankingMetric.Ndcg or RankingMetric.Recall)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {comparison.Candidate} - {baseline}: {report.Label(comparison.Metric)} {BenchmarkData.Format(comparison.Difference)}"));
            }
        }
    }
}
