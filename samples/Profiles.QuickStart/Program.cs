// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.
// Quick start: behaviour events from several platforms -> persons -> profiles -> a first recommendation.
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

// Score every item with the person's behaviour vector, skip what they have seen, keep the best five.
int[] best = new int[5];
TopK.Search(profile.BehaviourVector, model.Factors.ItemFactors, model.Factors.Rank, best.Length, best, new float[best.Length],
    TopKSeenItems.FromLists([model.Matrix.Seen.RowColumns(0).ToArray()]));
foreach (ItemKey item in best.Select(i => model.Matrix.Items[i]))
{
    Console.WriteLine($"  recommend {item}: {model.Catalog[item.Platform, item.Item].Title}");
}
