// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Profiles.Core.Tests;

/// <summary>A small resolved synthetic world and its profile model (built once per test run), for the recommender tests.</summary>
internal static class RecommendationData
{
    private static readonly Lazy<Task<Built>> s_small = new(() => BuildAsync(persons: 300, itemsPerPlatform: 40));

    public static Task<Built> SmallAsync() => s_small.Value;

    public static async Task<Built> BuildAsync(int persons, int itemsPerPlatform, int factors = 12, ulong seed = 7)
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = persons, ItemsPerPlatform = itemsPerPlatform, Seed = seed, MaxDegreeOfParallelism = 1 });
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
        IdentityGraph graph = await new FellegiSunterResolver(new IdentityResolverOptions { Salt = "tests", Seed = 1 }).ResolveAsync(world.Accounts);
        var catalog = new ItemCatalog(world.Items);
        ProfileModel model = await new ProfileBuilder(Builder(factors)).BuildAsync(new ProfileBuildInput(clean.Events, graph, catalog) { AsOf = world.TrainingEnd });
        return new Built(world, clean.Events, graph, catalog, model);
    }

    public static ProfileBuilderOptions Builder(int factors = 12) => new() { Factors = factors, Iterations = 6, Seed = 3, Neighbours = 5, Segments = 4 };

    /// <summary>Returns the profiles with at least <paramref name="minHistory"/> positive items, in model order.</summary>
    public static List<UserProfile> WithHistory(ProfileModel model, int minHistory)
    {
        var result = new List<UserProfile>();
        for (int row = 0; row < model.Profiles.Count; row++)
        {
            if (model.Matrix.ByPerson.RowLength(row) >= minHistory)
            {
                result.Add(model.Profiles[row]);
            }
        }

        return result;
    }

    /// <summary>Sorts items by descending score, ties by ascending index, skipping excluded ones: the reference top-N.</summary>
    public static List<(int Item, double Score)> ReferenceTop(double[] scores, Func<int, bool> excluded, int count)
    {
        var order = new List<int>();
        for (int j = 0; j < scores.Length; j++)
        {
            if (!excluded(j) && !double.IsNaN(scores[j]) && !double.IsNegativeInfinity(scores[j]))
            {
                order.Add(j);
            }
        }

        order.Sort((a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        var top = new List<(int, double)>();
        for (int i = 0; i < Math.Min(count, order.Count); i++)
        {
            top.Add((order[i], scores[order[i]]));
        }

        return top;
    }

    internal sealed record Built(SyntheticWorld World, IReadOnlyList<InteractionEvent> Events, IdentityGraph Graph, ItemCatalog Catalog, ProfileModel Model);
}
