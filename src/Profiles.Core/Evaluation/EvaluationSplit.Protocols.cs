// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Profiles.Core;

/// <content>The split protocols.</content>
public sealed partial class EvaluationSplit
{
    /// <summary>
    /// Splits each user's interactions at random, stratified: every user's distinct items (or, with
    /// <see cref="SplitGrouping.Item"/>, every item's users) are put in a canonical order, shuffled with a seed of their
    /// own and cut so that <c>round(TrainRatio * count)</c> stay in training (rounding half to even, as Python's
    /// <c>round</c> in Microsoft Recommenders' <c>python_stratified_split</c>); all events of a held-out (user, item)
    /// pair are held out together, so no test pair is in training.
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="userKey">Maps an event to its user (an account number, a person id); negative: no user, kept in training.</param>
    /// <param name="options">The seed, <see cref="EvaluationSplitOptions.TrainRatio"/>, <see cref="EvaluationSplitOptions.Grouping"/>
    /// and <see cref="EvaluationSplitOptions.MinimumUserItems"/>; <see langword="null"/> for the defaults (75/25 by user, seed 42).</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="userKey"/> is <see langword="null"/>.</exception>
    /// <remarks>Users with fewer distinct items than <see cref="EvaluationSplitOptions.MinimumUserItems"/>, or whose rounded
    /// test share is zero, stay whole in training. Each group's shuffle depends only on the seed and the group's key, so
    /// adding users does not change the others' splits.</remarks>
    public static EvaluationSplit RandomPerUser(IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey, EvaluationSplitOptions? options = null)
    {
        Throw.IfNull(events);
        Throw.IfNull(userKey);
        EvaluationSplitOptions o = options?.Clone() ?? new EvaluationSplitOptions();
        int[] keys = Keys(events, userKey);

        // Distinct (user, item) pairs; every event of a pair goes to the same side.
        var pairIndex = new Dictionary<(int User, ItemKey Item), int>();
        var pairUsers = new List<int>();
        var pairItems = new List<ItemKey>();
        var eventPair = new int[events.Count];
        var userPairs = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < events.Count; i++)
        {
            if (keys[i] < 0)
            {
                eventPair[i] = -1;
                continue;
            }

            var key = (keys[i], new ItemKey(events[i].Platform, events[i].Item));
            if (!pairIndex.TryGetValue(key, out int pair))
            {
                pair = pairUsers.Count;
                pairIndex.Add(key, pair);
                pairUsers.Add(key.Item1);
                pairItems.Add(key.Item2);
                if (!userPairs.TryGetValue(key.Item1, out List<int>? list))
                {
                    list = [];
                    userPairs.Add(key.Item1, list);
                }

                list.Add(pair);
            }

            eventPair[i] = pair;
        }

        var testPair = new bool[pairUsers.Count];
        Comparison<int> byItem = (a, b) => CompareItems(pairItems[a], pairItems[b]);
        if (o.Grouping == SplitGrouping.User)
        {
            foreach (KeyValuePair<int, List<int>> entry in userPairs)
            {
                List<int> pairs = entry.Value;
                if (pairs.Count < o.MinimumUserItems)
                {
                    continue;
                }

                pairs.Sort(byItem);
                int[] shuffled = [.. pairs];
                SplitRandom.ForKey(o.Seed, (uint)entry.Key).Shuffle<int>(shuffled);
                for (int t = TrainCount(o.TrainRatio, shuffled.Length); t < shuffled.Length; t++)
                {
                    testPair[shuffled[t]] = true;
                }
            }
        }
        else
        {
            var itemPairs = new SortedDictionary<ItemKey, List<int>>(Comparer<ItemKey>.Create(CompareItems));
            foreach (KeyValuePair<int, List<int>> entry in userPairs)
            {
                if (entry.Value.Count < o.MinimumUserItems)
                {
                    continue;
                }

                foreach (int pair in entry.Value)
                {
                    if (!itemPairs.TryGetValue(pairItems[pair], out List<int>? list))
                    {
                        list = [];
                        itemPairs.Add(pairItems[pair], list);
                    }

                    list.Add(pair);
                }
            }

            foreach (KeyValuePair<ItemKey, List<int>> entry in itemPairs)
            {
                int[] shuffled = [.. entry.Value];
                Array.Sort(shuffled, (a, b) => pairUsers[a].CompareTo(pairUsers[b]));
                SplitRandom.ForKey(o.Seed, SplitRandom.StableHash(entry.Key.Item.Value, SplitRandom.StableHash(entry.Key.Platform.Value))).Shuffle<int>(shuffled);
                for (int t = TrainCount(o.TrainRatio, shuffled.Length); t < shuffled.Length; t++)
                {
                    testPair[shuffled[t]] = true;
                }
            }
        }

        var isTest = new bool[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            isTest[i] = eventPair[i] >= 0 && testPair[eventPair[i]];
        }

        string percent = (100 * o.TrainRatio).ToString("0.##", CultureInfo.InvariantCulture);
        string rest = (100 - (100 * o.TrainRatio)).ToString("0.##", CultureInfo.InvariantCulture);
        var metadata = new EvaluationSplitMetadata
        {
            Kind = SplitKind.RandomPerUser,
            Description = $"random stratified split {percent}/{rest} per {(o.Grouping == SplitGrouping.User ? "user" : "item")}, seed {o.Seed.ToString(CultureInfo.InvariantCulture)}",
            Seed = o.Seed,
        };
        return Assemble(events, keys, isTest, null, userKey, metadata);
    }

    /// <summary>
    /// Holds out each user's <see cref="EvaluationSplitOptions.LeaveLast"/> most recent events: the user's events are
    /// ordered by timestamp (ties by input position) and the last N go to test. The positives are the distinct items of
    /// those events that the user has no earlier (training) event for.
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="userKey">Maps an event to its user; negative: no user, kept in training.</param>
    /// <param name="options"><see cref="EvaluationSplitOptions.LeaveLast"/> and <see cref="EvaluationSplitOptions.MinimumUserItems"/>;
    /// <see langword="null"/> for the defaults (leave the last 1).</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="userKey"/> is <see langword="null"/>.</exception>
    /// <remarks>Users with no more than N events, or fewer distinct items than <see cref="EvaluationSplitOptions.MinimumUserItems"/>,
    /// stay whole in training. No randomness is involved.</remarks>
    public static EvaluationSplit LeaveLastN(IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey, EvaluationSplitOptions? options = null)
    {
        Throw.IfNull(events);
        Throw.IfNull(userKey);
        EvaluationSplitOptions o = options?.Clone() ?? new EvaluationSplitOptions();
        int[] keys = Keys(events, userKey);
        var userEvents = new Dictionary<int, List<int>>();
        for (int i = 0; i < events.Count; i++)
        {
            if (keys[i] >= 0)
            {
                if (!userEvents.TryGetValue(keys[i], out List<int>? list))
                {
                    list = [];
                    userEvents.Add(keys[i], list);
                }

                list.Add(i);
            }
        }

        var isTest = new bool[events.Count];
        var distinct = new HashSet<ItemKey>();
        foreach (List<int> list in userEvents.Values)
        {
            distinct.Clear();
            foreach (int i in list)
            {
                distinct.Add(new ItemKey(events[i].Platform, events[i].Item));
            }

            if (list.Count <= o.LeaveLast || distinct.Count < o.MinimumUserItems)
            {
                continue;
            }

            list.Sort((a, b) =>
            {
                int c = events[a].Timestamp.UtcTicks.CompareTo(events[b].Timestamp.UtcTicks);
                return c != 0 ? c : a.CompareTo(b);
            });
            for (int t = list.Count - o.LeaveLast; t < list.Count; t++)
            {
                isTest[list[t]] = true;
            }
        }

        var metadata = new EvaluationSplitMetadata
        {
            Kind = SplitKind.LeaveLastN,
            Description = $"temporal leave-last-{o.LeaveLast.ToString(CultureInfo.InvariantCulture)} per user",
            Seed = o.Seed,
        };
        return Assemble(events, keys, isTest, null, userKey, metadata);
    }

    /// <summary>
    /// Cuts all events at one point in time: events before <paramref name="cut"/> train, the rest are held out. The
    /// positives of a user are the distinct held-out items the user has no training event for; users with no training
    /// event at all are not evaluated (counted in <see cref="EvaluationSplitMetadata.UsersWithoutHistory"/>).
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="userKey">Maps an event to its user; negative: no user, kept in training if before the cut.</param>
    /// <param name="cut">The cut, or <see langword="null"/> to cut at the event time below which a share
    /// <see cref="EvaluationSplitOptions.TrainRatio"/> of the events lie.</param>
    /// <param name="options">The ratio used when <paramref name="cut"/> is <see langword="null"/>.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="userKey"/> is <see langword="null"/>.</exception>
    public static EvaluationSplit TemporalCut(
        IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey, DateTimeOffset? cut = null, EvaluationSplitOptions? options = null)
    {
        Throw.IfNull(events);
        Throw.IfNull(userKey);
        EvaluationSplitOptions o = options?.Clone() ?? new EvaluationSplitOptions();
        int[] keys = Keys(events, userKey);
        long cutTicks;
        if (cut is { } given)
        {
            cutTicks = given.UtcTicks;
        }
        else if (events.Count == 0)
        {
            cutTicks = DateTimeOffset.MaxValue.UtcTicks;
        }
        else
        {
            var ticks = new long[events.Count];
            for (int i = 0; i < ticks.Length; i++)
            {
                ticks[i] = events[i].Timestamp.UtcTicks;
            }

            Array.Sort(ticks);
            cutTicks = ticks[Math.Min(ticks.Length - 1, TrainCount(o.TrainRatio, ticks.Length))];
        }

        var isTest = new bool[events.Count];
        var withHistory = new HashSet<int>();
        for (int i = 0; i < events.Count; i++)
        {
            isTest[i] = events[i].Timestamp.UtcTicks >= cutTicks;
            if (!isTest[i] && keys[i] >= 0)
            {
                withHistory.Add(keys[i]);
            }
        }

        var cutTime = new DateTimeOffset(cutTicks, TimeSpan.Zero);
        var metadata = new EvaluationSplitMetadata
        {
            Kind = SplitKind.TemporalCut,
            Description = $"global temporal cut at {cutTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
            Seed = o.Seed,
            Cut = cutTime,
        };
        return Assemble(events, keys, isTest, null, userKey, metadata, withHistory);
    }

    /// <summary>
    /// Simulates cross-platform cold start: among the persons with events on two or more platforms, a seeded share
    /// (<see cref="EvaluationSplitOptions.ColdStartFraction"/>) is chosen, and for each chosen person ALL events on one
    /// platform (<see cref="EvaluationSplitOptions.ColdStartPlatform"/>, or one of the person's platforms at random) are
    /// held out. Recommend that platform's items (<see cref="TargetPlatforms"/>) from what the person did elsewhere.
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="userKey">Maps an event to its person (a person id from identity resolution); negative: no person, kept in training.</param>
    /// <param name="options">The seed, the share and the platform; <see langword="null"/> for the defaults (25%, random platform, seed 42).</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="userKey"/> is <see langword="null"/>.</exception>
    /// <remarks>With <see cref="EvaluationSplitOptions.ColdStartPlatform"/> set, only persons with events on that platform
    /// and on another are eligible. The chosen persons keep their other platforms' events in training, and the other
    /// persons keep everything, so the hidden platform's items stay in the catalogue.</remarks>
    public static EvaluationSplit CrossPlatformColdStart(IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey, EvaluationSplitOptions? options = null)
    {
        Throw.IfNull(events);
        Throw.IfNull(userKey);
        EvaluationSplitOptions o = options?.Clone() ?? new EvaluationSplitOptions();
        int[] keys = Keys(events, userKey);
        var platforms = new SortedDictionary<int, SortedSet<string>>();
        for (int i = 0; i < events.Count; i++)
        {
            if (keys[i] >= 0)
            {
                if (!platforms.TryGetValue(keys[i], out SortedSet<string>? set))
                {
                    set = new SortedSet<string>(StringComparer.Ordinal);
                    platforms.Add(keys[i], set);
                }

                set.Add(events[i].Platform.Value ?? string.Empty);
            }
        }

        string? fixedPlatform = o.ColdStartPlatform?.Value;
        var eligible = new List<int>();
        foreach (KeyValuePair<int, SortedSet<string>> entry in platforms)
        {
            if (entry.Value.Count >= 2 && (fixedPlatform is null || entry.Value.Contains(fixedPlatform)))
            {
                eligible.Add(entry.Key);
            }
        }

        int[] chosen = [.. eligible];
        SplitRandom.ForKey(o.Seed, 0xC01D57A27UL).Shuffle<int>(chosen);
        int take = eligible.Count == 0 ? 0 : Math.Clamp((int)Math.Round(o.ColdStartFraction * eligible.Count, MidpointRounding.ToEven), 1, eligible.Count);
        var targets = new Dictionary<int, PlatformId>();
        for (int c = 0; c < take; c++)
        {
            int person = chosen[c];
            string platform = fixedPlatform ?? PickPlatform(platforms[person], SplitRandom.ForKey(o.Seed, (uint)person));
            targets.Add(person, new PlatformId(platform));
        }

        var isTest = new bool[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            isTest[i] = keys[i] >= 0 && targets.TryGetValue(keys[i], out PlatformId target) &&
                string.Equals(target.Value, events[i].Platform.Value ?? string.Empty, StringComparison.Ordinal);
        }

        string share = (100 * o.ColdStartFraction).ToString("0.##", CultureInfo.InvariantCulture);
        var metadata = new EvaluationSplitMetadata
        {
            Kind = SplitKind.CrossPlatformColdStart,
            Description = $"cross-platform cold start: {share}% of {eligible.Count.ToString(CultureInfo.InvariantCulture)} multi-platform persons, " +
                $"all events on {(fixedPlatform is null ? "one random platform each" : "'" + fixedPlatform + "'")} hidden, seed {o.Seed.ToString(CultureInfo.InvariantCulture)}",
            Seed = o.Seed,
        };
        return Assemble(events, keys, isTest, targets, userKey, metadata);
    }

    /// <summary>
    /// Creates a user-key function that numbers the accounts (platform, account) of <paramref name="events"/> densely from
    /// 0 in order of first appearance; accounts not in <paramref name="events"/> map to -1 (no user).
    /// </summary>
    /// <param name="events">The events whose accounts to number.</param>
    /// <returns>The function; it only reads a dictionary filled here, so it is thread-safe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static Func<InteractionEvent, int> KeyByAccount(IReadOnlyList<InteractionEvent> events)
    {
        Throw.IfNull(events);
        var numbers = new Dictionary<AccountKey, int>();
        for (int i = 0; i < events.Count; i++)
        {
            numbers.TryAdd(new AccountKey(events[i].Platform, events[i].Account), numbers.Count);
        }

        return e => numbers.TryGetValue(new AccountKey(e.Platform, e.Account), out int number) ? number : -1;
    }

    private static string PickPlatform(SortedSet<string> platforms, SplitRandom random)
    {
        int pick = random.NextInt(platforms.Count);
        foreach (string platform in platforms)
        {
            if (pick-- == 0)
            {
                return platform;
            }
        }

        throw new InvalidOperationException("Unreachable: the pick is within the set.");
    }

    private static int[] Keys(IReadOnlyList<InteractionEvent> events, Func<InteractionEvent, int> userKey)
    {
        var keys = new int[events.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = userKey(events[i]);
        }

        return keys;
    }

    /// <summary>Returns how many of <paramref name="count"/> stay in training: <c>round(ratio * count)</c>, half to even.</summary>
    private static int TrainCount(double ratio, int count) => (int)Math.Round(ratio * count, MidpointRounding.ToEven);

    private static int CompareItems(ItemKey a, ItemKey b)
    {
        int c = string.CompareOrdinal(a.Platform.Value, b.Platform.Value);
        return c != 0 ? c : string.CompareOrdinal(a.Item.Value, b.Item.Value);
    }

    /// <summary>Sorts the events into training and held-out lists and collects each user's held-out items.</summary>
    private static EvaluationSplit Assemble(
        IReadOnlyList<InteractionEvent> events, int[] keys, bool[] isTest, Dictionary<int, PlatformId>? targets,
        Func<InteractionEvent, int> userKey, EvaluationSplitMetadata metadata, HashSet<int>? evaluable = null)
    {
        var train = new List<InteractionEvent>();
        var trainKeys = new List<int>();
        var test = new List<InteractionEvent>();
        var heldOut = new Dictionary<int, List<ItemKey>>();
        var seenPairs = new HashSet<(int, ItemKey)>();
        var users = new HashSet<int>();
        var withoutHistory = new HashSet<int>();
        for (int i = 0; i < events.Count; i++)
        {
            int user = keys[i];
            if (user >= 0)
            {
                users.Add(user);
            }

            if (!isTest[i])
            {
                train.Add(events[i]);
                trainKeys.Add(user);
                continue;
            }

            test.Add(events[i]);
            if (user < 0)
            {
                continue;
            }

            if (evaluable is not null && !evaluable.Contains(user))
            {
                withoutHistory.Add(user);
                continue;
            }

            var item = new ItemKey(events[i].Platform, events[i].Item);
            if (seenPairs.Add((user, item)))
            {
                if (!heldOut.TryGetValue(user, out List<ItemKey>? list))
                {
                    list = [];
                    heldOut.Add(user, list);
                }

                list.Add(item);
            }
        }

        metadata = metadata with
        {
            Events = events.Count,
            Users = users.Count,
            UsersKeptWhole = users.Count - heldOut.Count - withoutHistory.Count,
            UsersWithoutHistory = withoutHistory.Count,
        };
        return new EvaluationSplit(train, [.. trainKeys], test, heldOut, targets ?? [], userKey, metadata);
    }
}
