// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>The shuffled-profile control: each test user gets another test user's recommendations (see <see cref="RankingSystem.Shuffled"/>).</summary>
internal sealed class ShuffledRankingSystem(IRankingSystem inner, int seed) : IRankingSystem
{
    private readonly ConditionalWeakTable<EvaluationSplit, Dictionary<int, int>> _permutations = [];

    public string Name => inner.Name + " (shuffled)";

    public async Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(
        EvaluationSplit split, IReadOnlyList<int> users, int count, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(split);
        Throw.IfNull(users);
        Dictionary<int, int> donorOf = _permutations.GetValue(split, Permute);
        var donors = new int[users.Count];
        for (int i = 0; i < donors.Length; i++)
        {
            donors[i] = donorOf.TryGetValue(users[i], out int donor) ? donor : users[i];
        }

        // First ask for a margin over K; users who lose too many items to their own training set are asked again, with
        // room for all of them.
        int first = (2 * count) + 10;
        IReadOnlyList<IReadOnlyList<ItemKey>> lists = await inner.RankAsync(split, donors, first, cancellationToken).ConfigureAwait(false);
        var result = new List<ItemKey>[users.Count];
        var again = new List<int>();
        for (int i = 0; i < result.Length; i++)
        {
            IReadOnlyList<ItemKey>? list = i < lists.Count ? lists[i] : null;
            result[i] = Filter(split, users[i], list, count);
            if (result[i].Count < count && list is not null && list.Count >= first)
            {
                again.Add(i);
            }
        }

        if (again.Count > 0)
        {
            var retryDonors = new int[again.Count];
            int extra = 0;
            for (int a = 0; a < again.Count; a++)
            {
                retryDonors[a] = donors[again[a]];
                extra = Math.Max(extra, split.TrainingItemIndices(users[again[a]]).Length);
            }

            IReadOnlyList<IReadOnlyList<ItemKey>> retried = await inner.RankAsync(split, retryDonors, count + extra, cancellationToken).ConfigureAwait(false);
            for (int a = 0; a < again.Count; a++)
            {
                result[again[a]] = Filter(split, users[again[a]], a < retried.Count ? retried[a] : null, count);
            }
        }

        return result;
    }

    private static List<ItemKey> Filter(EvaluationSplit split, int user, IReadOnlyList<ItemKey>? list, int count)
    {
        var kept = new List<ItemKey>(count);
        if (list is not null)
        {
            foreach (ItemKey item in list)
            {
                if (kept.Count == count)
                {
                    break;
                }

                if (!split.IsTrainingItem(user, item))
                {
                    kept.Add(item);
                }
            }
        }

        return kept;
    }

    private Dictionary<int, int> Permute(EvaluationSplit split)
    {
        int[] donors = [.. split.Users];
        SplitRandom.ForKey(seed, 0x5AFF1EUL).Shuffle<int>(donors);
        var map = new Dictionary<int, int>(donors.Length);
        for (int i = 0; i < donors.Length; i++)
        {
            map.Add(split.Users[i], donors[i]);
        }

        return map;
    }
}
