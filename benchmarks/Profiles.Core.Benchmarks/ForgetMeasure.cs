// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Profiles.Core.Benchmarks;

/// <summary>
/// <c>forget [persons] [--factors k] [--seed N] [--repeats N]</c>: builds the synthetic world's profile model (default
/// 5,000 persons, 64 factors), then times forgetting persons: <see cref="IdentityGraph.Forget"/>,
/// <see cref="ProfileModel.Forget"/> (matrix row, fold-out of every item row, segment means), rebuilding popularity and
/// item-kNN over the new model, and, for contrast, a full <see cref="ProfileBuilder.BuildAsync"/> on the remaining events.
/// </summary>
/// <remarks>See docs/reliability.md.</remarks>
public static class ForgetMeasure
{
    public static int Run(string[] args)
    {
        int persons = 5_000;
        int factors = 64;
        ulong seed = 42;
        int repeats = 3;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--factors": factors = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: persons = int.Parse(args[i], CultureInfo.InvariantCulture); break;
            }
        }

        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = persons, Seed = seed });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTime(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph graph = new FellegiSunterResolver(new IdentityResolverOptions { Salt = "benchmark" }).ResolveAsync(world.Accounts).GetAwaiter().GetResult();
        var builder = new ProfileBuilder(new ProfileBuilderOptions { Factors = factors, Iterations = 10, Seed = 1 });
        var catalog = new ItemCatalog(world.Items);
        var build = Stopwatch.StartNew();
        ProfileModel model = builder.BuildAsync(new ProfileBuildInput(clean.Events, graph, catalog) { AsOf = world.TrainingEnd }).GetAwaiter().GetResult();
        build.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forget on the synthetic world: {model.Profiles.Count:N0} persons, {model.Matrix.Items.Count:N0} items, {model.Matrix.ByPerson.NonZeroCount:N0} non-zeros, " +
            $"{factors} factors, {Environment.ProcessorCount} processors; full build {build.Elapsed.TotalSeconds:F2} s"));

        var popularity = new PopularityRecommender(model);
        var itemKnn = new ItemKnnRecommender(model);
        var seconds = new Dictionary<string, List<double>>();
        void Time(string name, Action action)
        {
            var timer = Stopwatch.StartNew();
            action();
            timer.Stop();
            (seconds.TryGetValue(name, out List<double>? list) ? list : seconds[name] = []).Add(timer.Elapsed.TotalSeconds);
        }

        for (int r = 0; r < repeats; r++)
        {
            PersonId person = model.Profiles[(r * 997) % model.Profiles.Count].Person;
            ProfileModel forgotten = model;
            Time("IdentityGraph.Forget", () => graph.Forget(person));
            Time("ProfileModel.Forget", () => forgotten = model.Forget(person));
            Time("Popularity rebuild", () => popularity.Rebuild(forgotten));
            Time("ItemKnn rebuild", () => itemKnn.Rebuild(forgotten));
        }

        foreach ((string name, List<double> values) in seconds)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-22} median {values.Order().ElementAt(values.Count / 2) * 1000,9:F1} ms over {values.Count} persons"));
        }

        PersonId last = model.Profiles[0].Person;
        var accounts = graph.AccountsOf(last).ToHashSet();
        InteractionEvent[] reduced = [.. clean.Events.Where(e => !accounts.Contains(new AccountKey(e.Platform, e.Account)))];
        var rebuild = Stopwatch.StartNew();
        _ = builder.BuildAsync(new ProfileBuildInput(reduced, graph.Forget(last), catalog) { AsOf = world.TrainingEnd }).GetAwaiter().GetResult();
        rebuild.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"full rebuild",-22} {rebuild.Elapsed.TotalSeconds * 1000,16:F1} ms (retrains everyone)"));
        return 0;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
