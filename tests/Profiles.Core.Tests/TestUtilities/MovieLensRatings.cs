// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core.Tests;

/// <summary>
/// The random 80/20 per-user split of MovieLens ratings that <c>FactorizationQualityTests</c> and the benchmarks'
/// <c>als-quality</c> share (this file is compiled into both, so they cannot drift apart).
/// </summary>
internal static class MovieLensRatings
{
    /// <summary>Numbers users and items in order of first appearance and lists each user's (item, stars) in file order.</summary>
    public static (int Users, int Items, List<(int Item, float Stars)>[] ByUser) Index(IReadOnlyList<InteractionEvent> ratings)
    {
        var users = new Dictionary<AccountId, int>();
        var items = new Dictionary<ItemId, int>();
        var byUser = new List<List<(int Item, float Stars)>>();
        foreach (InteractionEvent rating in ratings)
        {
            if (!users.TryGetValue(rating.Account, out int u))
            {
                u = users.Count;
                users.Add(rating.Account, u);
                byUser.Add([]);
            }

            if (!items.TryGetValue(rating.Item, out int i))
            {
                i = items.Count;
                items.Add(rating.Item, i);
            }

            byUser[u].Add((i, rating.Value ?? 1f));
        }

        return (users.Count, items.Count, [.. byUser]);
    }

    /// <summary>Shuffles a copy of each user's list (Fisher-Yates from the end, <see cref="FactorRandom"/> seeded with
    /// <paramref name="seed"/>, one generator for all users in order) and cuts it: the first <c>round(0.8 n)</c> entries
    /// train, the rest test.</summary>
    public static (List<(int Item, float Stars)>[] Train, List<int>[] Test) Cut(List<(int Item, float Stars)>[] byUser, ulong seed)
    {
        var random = new FactorRandom(seed);
        var train = new List<(int Item, float Stars)>[byUser.Length];
        var test = new List<int>[byUser.Length];
        for (int u = 0; u < byUser.Length; u++)
        {
            var list = new List<(int Item, float Stars)>(byUser[u]);
            for (int j = list.Count - 1; j > 0; j--)
            {
                int swap = random.NextInt(j + 1);
                (list[j], list[swap]) = (list[swap], list[j]);
            }

            int cut = (int)System.Math.Round(list.Count * 0.8);
            train[u] = list.GetRange(0, cut);
            test[u] = list.GetRange(cut, list.Count - cut).ConvertAll(entry => entry.Item);
        }

        return (train, test);
    }
}
