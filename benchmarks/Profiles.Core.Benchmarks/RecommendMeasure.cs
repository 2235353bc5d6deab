// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Profiles.Core.Tests;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>recommend [--movielens DIR] [--persons N] [--seed N] [--bootstrap B] [--ease-support N] [--skip-movielens] [--skip-coldstart]</c>:
/// the recommenders' evidence (docs/evaluation.md, "Recommenders: measured").
/// <list type="number">
/// <item>MovieLens ml-latest-small, random stratified 75/25 per user (seed 42), K = 10, training items excluded: popularity,
/// item-kNN, EASE, ALS and the tuned hybrid, with paired bootstrap intervals of every difference.</item>
/// <item>The synthetic world, cross-platform cold start (users are the true persons; all their events on one platform
/// hidden): popularity, per-account profiles (each account its own person, so the person is new on the hidden platform)
/// and resolved identities served through the joint factors (ALS), the text profile alone, both, and the spec's softmax
/// over fused profiles.</item>
/// </list>
/// Prints the tables and writes each HTML report to a temporary path it prints.
/// </summary>
public static class RecommendMeasure
{
    public static int Run(string[] args)
    {
        string? movieLens = null;
        int persons = 4_000;
        ulong seed = 42;
        int bootstrap = 1_000;
        int easeSupport = 1;
        bool skipMovieLens = false, skipColdStart = false, alsGrid = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--movielens": movieLens = args[++i]; break;
                case "--persons": persons = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--bootstrap": bootstrap = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--ease-support": easeSupport = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--skip-movielens": skipMovieLens = true; break;
                case "--skip-coldstart": skipColdStart = true; break;
                case "--als-grid": alsGrid = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.", nameof(args));
            }
        }

        Console.WriteLine($"recommenders: {Environment.ProcessorCount} processors, .NET {Environment.Version}");
        if (alsGrid)
        {
            AlsGridAsync(movieLens ?? BenchmarkData.FindMovieLens()).GetAwaiter().GetResult();
            return 0;
        }

        if (!skipMovieLens)
        {
            MovieLensAsync(movieLens ?? BenchmarkData.FindMovieLens(), bootstrap, easeSupport).GetAwaiter().GetResult();
        }

        if (!skipColdStart)
        {
            ColdStartAsync(persons, seed, bootstrap).GetAwaiter().GetResult();
        }

        return 0;
    }


    private static async Task MovieLensAsync(string directory, int bootstrap, int easeSupport)
    {
        var total = Stopwatch.StartNew();
        MovieLensDataset data = await MovieLens.LoadAsync(directory).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MovieLens {directory}: {data.Ratings.Count:N0} ratings; identities: {identities.PersonCount:N0} persons from {identities.AccountCount:N0} bare account records in {clock.Elapsed.TotalSeconds:F2} s"));
        EvaluationSplit split = EvaluationSplit.RandomPerUser(data.Ratings, e => int.Parse(e.Account.Value, CultureInfo.InvariantCulture));
        var options = new RecommenderRankingSystemOptions { BuilderOptions = MovieLensSetup.Builder() };
        IRankingSystem[] systems = MovieLensSystems(identities, data.Movies, options, easeSupport, out RecommenderRankingSystem hybrid);
        var evaluator = new Evaluator(new EvaluatorOptions { BootstrapSamples = bootstrap });
        var timing = new Progress(clock);
        clock.Restart();
        EvaluationReport report = await evaluator.EvaluateAsync(split, systems, timing).ConfigureAwait(false);
        Console.WriteLine(report.ToText());
        (IRecommender tuned, _) = await hybrid.GetRecommenderAsync(split).ConfigureAwait(false);
        if (tuned.GetService(typeof(HybridTuning)) is HybridTuning tuning)
        {
            Console.WriteLine(tuning.ToText());
        }

        string path = Path.Combine(Path.GetTempPath(), "profiles-recommend-movielens.html");
        await File.WriteAllTextAsync(path, report.ToHtml()).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTML report: {path}; MovieLens total {total.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>Chooses ALS's factors, regularisation and confidence scale on a validation split carved from the training
    /// events of the MovieLens split (never its test events): NDCG@10 of each setting.</summary>
    private static async Task AlsGridAsync(string directory)
    {
        MovieLensDataset data = await MovieLens.LoadAsync(directory).ConfigureAwait(false);
        IdentityGraph identities = await MovieLensSetup.ResolveBareAsync(data.Ratings).ConfigureAwait(false);
        Func<InteractionEvent, int> user = e => int.Parse(e.Account.Value, CultureInfo.InvariantCulture);
        EvaluationSplit split = EvaluationSplit.RandomPerUser(data.Ratings, user);
        EvaluationSplit validation = EvaluationSplit.RandomPerUser(split.Train, user);
        Console.WriteLine($"ALS grid on {validation.Metadata.Description} of the training events ({validation.Metadata.TrainEvents:N0} train, {validation.Users.Count} users)");
        var systems = new List<IRankingSystem>();
        foreach (int factors in new[] { 16, 32, 64 })
        {
            foreach (float regularization in new[] { 5f, 50f, 200f })
            {
                foreach (float alpha in new[] { 0.25f, 1f })
                {
                    ProfileBuilderOptions builder = MovieLensSetup.Builder(); // every setting below is tried on validation only
                    builder.Factors = factors;
                    builder.Regularization = regularization;
                    builder.Alpha = alpha;
                    systems.Add(RecommenderRankingSystem.Create(string.Create(CultureInfo.InvariantCulture, $"f{factors} r{regularization} a{alpha}"),
                        m => new FactorRecommender(m), identities, data.Movies, new RecommenderRankingSystemOptions { BuilderOptions = builder }));
                }
            }
        }

        EvaluationReport report = await new Evaluator(new EvaluatorOptions { BootstrapSamples = 1 }).EvaluateAsync(validation, systems).ConfigureAwait(false);
        foreach (SystemEvaluation system in report.Systems)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{system.Name,-22} NDCG@10 {system.Metrics[RankingMetric.Ndcg].Estimate:F4}"));
        }
    }

    /// <summary>Popularity, item-kNN, EASE, ALS and the hybrid (tuned on a validation split of each split's training data).</summary>
    public static IRankingSystem[] MovieLensSystems(IdentityGraph identities, ItemCatalog catalog, RecommenderRankingSystemOptions options, int easeSupport,
        out RecommenderRankingSystem hybrid)
    {
        var easeOptions = new EaseRecommenderOptions { MinItemSupport = easeSupport };
        hybrid = new RecommenderRankingSystem("hybrid", async training =>
        {
            var tuner = new HybridTuner(new HybridTunerOptions { BuilderOptions = training.BuilderOptions });
            Func<ProfileModel, IReadOnlyList<ModelRecommender>> components = model =>
                [new PopularityRecommender(model), new ItemKnnRecommender(model), new EaseRecommender(model, easeOptions), new FactorRecommender(model)];
            HybridTuning tuning = await tuner.TuneAsync(training.Input, components, training.Split.UserKey, training.CancellationToken).ConfigureAwait(false);
            return new TunedHybrid(new HybridRecommender(components(training.Model), tuning.Weights), tuning);
        }, identities, catalog, options);
        return
        [
            RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), identities, catalog, options),
            RecommenderRankingSystem.Create("item-knn", m => new ItemKnnRecommender(m), identities, catalog, options),
            RecommenderRankingSystem.Create("ease", m => new EaseRecommender(m, easeOptions), identities, catalog, options),
            RecommenderRankingSystem.Create("als", m => new FactorRecommender(m), identities, catalog, options),
            hybrid,
        ];
    }


    private static async Task ColdStartAsync(int persons, ulong seed, int bootstrap)
    {
        var clock = Stopwatch.StartNew();
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = persons, Seed = seed });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedClock(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph resolved = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "recommend", Seed = 1 }).ResolveAsync(world.Accounts).ConfigureAwait(false);
        var bare = new List<AccountRecord>(world.Accounts.Count);
        foreach (AccountRecord account in world.Accounts)
        {
            bare.Add(new AccountRecord(account.Platform, account.Account));
        }

        IdentityGraph perAccount = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "recommend", Seed = 1 }).ResolveAsync(bare).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"synthetic world: {persons:N0} persons, {clean.Events.Count:N0} clean events, {world.Accounts.Count:N0} accounts -> {resolved.PersonCount:N0} resolved persons, {perAccount.PersonCount:N0} per-account persons ({clock.Elapsed.TotalSeconds:F1} s)"));

        SyntheticGroundTruth truth = world.GroundTruth;
        EvaluationSplit split = EvaluationSplit.CrossPlatformColdStart(clean.Events, e => truth.PersonOf(e.Platform, e.Account) ?? -1);
        var catalog = new ItemCatalog(world.Items);
        var options = new RecommenderRankingSystemOptions { BuilderOptions = new ProfileBuilderOptions { Factors = 32, Iterations = 10, Seed = 42 } };
        IRankingSystem[] systems =
        [
            RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), resolved, catalog, options),
            RecommenderRankingSystem.Create("per-account ALS", m => new FactorRecommender(m), perAccount, catalog, options),
            RecommenderRankingSystem.Create("resolved ALS", m => new FactorRecommender(m), resolved, catalog, options),
            new RecommenderRankingSystem("resolved text only", async t => new FactorRecommender(await TextProfiles.AddAsync(t.Model, fuse: false, dropBehaviour: true).ConfigureAwait(false)), resolved, catalog, options),
            new RecommenderRankingSystem("resolved ALS + text", async t => new FactorRecommender(await TextProfiles.AddAsync(t.Model, fuse: false).ConfigureAwait(false)), resolved, catalog, options),
            new RecommenderRankingSystem("resolved fused softmax", async t => new SoftmaxRecommender(await TextProfiles.AddAsync(t.Model, fuse: true).ConfigureAwait(false)), resolved, catalog, options),
        ];
        var evaluator = new Evaluator(new EvaluatorOptions { BootstrapSamples = bootstrap });
        clock.Restart();
        EvaluationReport report = await evaluator.EvaluateAsync(split, systems, new Progress(clock)).ConfigureAwait(false);
        Console.WriteLine(report.ToText());
        string path = Path.Combine(Path.GetTempPath(), "profiles-recommend-coldstart.html");
        await File.WriteAllTextAsync(path, report.ToHtml()).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTML report: {path}; cold start evaluated in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>A recommender that also answers <see cref="HybridTuning"/> from <c>GetService</c>, so the grid can be printed.</summary>
    private sealed class TunedHybrid(IRecommender inner, HybridTuning tuning) : DelegatingRecommender(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(HybridTuning) ? tuning : base.GetService(serviceType, serviceKey);
    }

    private sealed class Progress(Stopwatch clock) : IProgress<EvaluationProgress>
    {
        private string? _last;

        public void Report(EvaluationProgress value)
        {
            if (value.System != _last)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{clock.Elapsed.TotalSeconds,7:F1} s] {value.System}"));
                _last = value.System;
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
