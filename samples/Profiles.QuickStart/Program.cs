// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.
// Quick start: behaviour events from several platforms -> persons -> profiles -> a first recommendation.
// <snippet quickstart>
using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Profiles.Core;

using ServiceProvider services = new ServiceCollection().AddProfiles(o => o.ProfileBuilder.Factors = 32).BuildServiceProvider();

// Your events, accounts and items go here; the seeded synthetic world has all three (and runs offline).
SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 1_000, Seed = 7 });
CleanedEvents clean = new EventCleaner().Clean(world.Events);                                    // duplicates, bots, bad rows out
IdentityGraph persons = await services.GetRequiredService<IIdentityResolver>().ResolveAsync(world.Accounts);
ProfileModel model = await services.GetRequiredService<IProfileBuilder>().BuildAsync(
    new ProfileBuildInput(clean.Events, persons, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd });

UserProfile profile = model.Profiles[0];
Console.WriteLine($"person {profile.Person} ({string.Join(", ", profile.Accounts)}) likes {string.Join(", ", profile.Interests.Take(3).Select(i => i.Name))}");

// Five items the person has not seen yet, from any platform, each with the reason it was picked.
using var recommender = new FactorRecommender(model);
foreach (Recommendation r in await recommender.RecommendAsync(profile, new RecommendationOptions { Count = 5 }))
{
    Console.WriteLine($"  recommend {r.Item}: {model.Catalog[r.Item.Platform, r.Item.Item].Title} ({r.Explanation})");
}
// </snippet>
