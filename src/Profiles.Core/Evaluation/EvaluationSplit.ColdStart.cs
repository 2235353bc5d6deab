// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Profiles.Core;

/// <content>The user and item cold-start protocols.</content>
public sealed partial class EvaluationSplit
{
    /// <summary>
    /// Simulates new users: a seeded share (<see cref="EvaluationSplitOptions.ColdStartFraction"/>) of the users with more
    /// than <see cref="EvaluationSplitOptions.ColdStartKeep"/> distinct items is chosen, and each chosen user keeps only
    /// <see cref="EvaluationSplitOptions.ColdStartKeep"/> of their distinct items (a seeded random choice) in training; all
    /// events of their other items are held out. Every other user stays whole in training.
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="userKey">Maps an event to its user; negative: no user, kept in training.</param>
    /// <param name="options">The seed, the share and the number of items kept; <see langword="null"/> for the defaults
    /// (25% of the eligible users keep 3 items each, seed 42).</param>
    /// <returns>The split; its test users are the chosen users.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="userKey"/> is <see langword="null"/>.</exception>
    /// <remarks>All events of one (user, item) pair go to the same side, so a held-out item is never in the user's
    /// training events. The choice of users depends only on the seed and the set of eligible users; each user's kept items
    /// depend only on the seed, the user's key and the user's items, so adding users does not change the others' kept
    /// items.</remarks>
    public static EvaluationSplit ColdStartUsers(IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey, EvaluationSplitOptions? options = null)
    {
        Throw.IfNull(events);
        Throw.IfNull(userKey);
        EvaluationSplitOptions o = options?.Clone() ?? new EvaluationSplitOptions();
        int[] keys = Keys(events, userKey);
        var userItems = new SortedDictionary<int, HashSet<ItemKey>>();
        for (int i = 0; i < events.Count; i++)
        {
            if (keys[i] >= 0)
            {
                if (!userItems.TryGetValue(keys[i], out HashSet<ItemKey>? set))
                {
                    set = [];
                    userItems.Add(keys[i], set);
                }

                set.Add(new ItemKey(events[i].Platform, events[i].Item));
            }
        }

        var eligible = new List<int>();
        foreach (KeyValuePair<int, HashSet<ItemKey>> entry in userItems)
        {
            if (entry.Value.Count > o.ColdStartKeep)
            {
                eligible.Add(entry.Key);
            }
        }

        int[] chosen = [.. eligible];
        SplitRandom.ForKey(o.Seed, 0xC01D05E25UL).Shuffle<int>(chosen);
        int take = eligible.Count == 0 ? 0 : Math.Clamp((int)Math.Round(o.ColdStartFraction * eligible.Count, MidpointRounding.ToEven), 1, eligible.Count);
        var kept = new Dictionary<int, HashSet<ItemKey>>(take);
        for (int c = 0; c < take; c++)
        {
            int user = chosen[c];
            ItemKey[] items = [.. userItems[user]];
            Array.Sort(items, CompareItems);
            SplitRandom.ForKey(o.Seed, (uint)user).Shuffle<ItemKey>(items);
            kept.Add(user, [.. items.AsSpan(0, o.ColdStartKeep)]);
        }

        var isTest = new bool[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            isTest[i] = keys[i] >= 0 && kept.TryGetValue(keys[i], out HashSet<ItemKey>? set) && !set.Contains(new ItemKey(events[i].Platform, events[i].Item));
        }

        string share = (100 * o.ColdStartFraction).ToString("0.##", CultureInfo.InvariantCulture);
        var metadata = new EvaluationSplitMetadata
        {
            Kind = SplitKind.ColdStartUsers,
            Description = $"cold-start users: {share}% of {eligible.Count.ToString(CultureInfo.InvariantCulture)} users with more than " +
                $"{o.ColdStartKeep.ToString(CultureInfo.InvariantCulture)} items keep {o.ColdStartKeep.ToString(CultureInfo.InvariantCulture)} at random, seed {o.Seed.ToString(CultureInfo.InvariantCulture)}",
            Seed = o.Seed,
        };
        return Assemble(events, keys, isTest, null, userKey, metadata);
    }

    /// <summary>
    /// Simulates new items: a seeded share (<see cref="EvaluationSplitOptions.ColdStartFraction"/>) of the distinct items
    /// is chosen and every event of those items is held out, so they are absent from training and from
    /// <see cref="Catalog"/> (they are the <see cref="ColdItems"/>). A user's positives are the chosen items they
    /// interacted with; rank them among <see cref="ColdItems"/> from what is known about the items (text, metadata).
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="userKey">Maps an event to its user; negative: no user, kept in training.</param>
    /// <param name="options">The seed and the share; <see langword="null"/> for the defaults (25% of the items, seed 42).</param>
    /// <returns>The split; its test users are the users with a training event and at least one chosen item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="userKey"/> is <see langword="null"/>.</exception>
    /// <remarks>At least one item is chosen and at least one is kept. Users whose every item was chosen have no training
    /// history and are not evaluated (<see cref="EvaluationSplitMetadata.UsersWithoutHistory"/>). The choice depends only
    /// on the seed and the set of items.</remarks>
    public static EvaluationSplit ColdStartItems(IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey, EvaluationSplitOptions? options = null)
    {
        Throw.IfNull(events);
        Throw.IfNull(userKey);
        EvaluationSplitOptions o = options?.Clone() ?? new EvaluationSplitOptions();
        int[] keys = Keys(events, userKey);
        var distinct = new HashSet<ItemKey>();
        for (int i = 0; i < events.Count; i++)
        {
            distinct.Add(new ItemKey(events[i].Platform, events[i].Item));
        }

        ItemKey[] items = [.. distinct];
        Array.Sort(items, CompareItems);
        SplitRandom.ForKey(o.Seed, 0xC01D17E35UL).Shuffle<ItemKey>(items);
        int take = items.Length < 2 ? 0 : Math.Clamp((int)Math.Round(o.ColdStartFraction * items.Length, MidpointRounding.ToEven), 1, items.Length - 1);
        var cold = new HashSet<ItemKey>(items.AsSpan(0, take).ToArray());

        var isTest = new bool[events.Count];
        var evaluable = new HashSet<int>();
        for (int i = 0; i < events.Count; i++)
        {
            isTest[i] = cold.Contains(new ItemKey(events[i].Platform, events[i].Item));
            if (!isTest[i] && keys[i] >= 0)
            {
                evaluable.Add(keys[i]);
            }
        }

        string share = (100 * o.ColdStartFraction).ToString("0.##", CultureInfo.InvariantCulture);
        var metadata = new EvaluationSplitMetadata
        {
            Kind = SplitKind.ColdStartItems,
            Description = $"cold-start items: {share}% of {items.Length.ToString(CultureInfo.InvariantCulture)} items " +
                $"({take.ToString(CultureInfo.InvariantCulture)}) held out with all their events, seed {o.Seed.ToString(CultureInfo.InvariantCulture)}",
            Seed = o.Seed,
        };
        return Assemble(events, keys, isTest, null, userKey, metadata, evaluable);
    }
}
