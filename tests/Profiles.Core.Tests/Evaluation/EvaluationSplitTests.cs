// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public class EvaluationSplitTests
{
    [Fact]
    public void RandomPerUser_CutsEachUserAtTheRoundedRatio_AndKeepsSmallUsersWhole()
    {
        var events = new List<InteractionEvent>();
        AddUser(events, "a", 8);
        events.Add(EventData.At("a", "i0", EventKind.View, 99));   // a repeat: both events of (a, i0) go to the same side
        AddUser(events, "b", 1);
        AddUser(events, "c", 2);
        AddUser(events, "d", 6);
        AddUser(events, "e", 3);
        Func<InteractionEvent, int> key = EvaluationSplit.KeyByAccount(events);

        EvaluationSplit split = EvaluationSplit.RandomPerUser(events, key);

        // round(0.75 n), half to even: a 8 -> 6 train / 2 test; b 1 -> kept (fewer than 2 items); c 2 -> round(1.5) = 2, nothing
        // held out; d 6 -> round(4.5) = 4 / 2; e 3 -> round(2.25) = 2 / 1.
        Assert.Equal(2, split.PositivesOf(key(events[0])).Count);
        Assert.Equal(2, split.PositivesOf(key(events.First(e => e.Account.Value == "d"))).Count);
        Assert.Single(split.PositivesOf(key(events.First(e => e.Account.Value == "e"))));
        Assert.Equal(3, split.Users.Count);
        Assert.Equal(5, split.Metadata.TestPositives);
        Assert.Equal(5, split.Metadata.Users);
        Assert.Equal(2, split.Metadata.UsersKeptWhole);
        Assert.Equal(SplitKind.RandomPerUser, split.Metadata.Kind);
        Assert.Contains("75/25", split.Metadata.Description, StringComparison.Ordinal);
        bool repeatInTest = split.Test.Any(e => e.Account.Value == "a" && e.Item.Value == "i0");
        Assert.Equal(repeatInTest ? 2 : 0, split.Test.Count(e => e.Account.Value == "a" && e.Item.Value == "i0"));
        Assert.Equal(events.Count, split.Train.Count + split.Test.Count);
    }

    [Fact]
    public void RandomPerUser_SameSeed_SameSplit_OtherSeed_OtherSplit_IndependentOfEventOrder()
    {
        var events = new List<InteractionEvent>();
        for (int u = 0; u < 20; u++)
        {
            AddUser(events, "u" + u, 12);
        }

        Func<InteractionEvent, int> key = e => int.Parse(e.Account.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
        EvaluationSplit a = EvaluationSplit.RandomPerUser(events, key, new EvaluationSplitOptions { Seed = 7 });
        EvaluationSplit b = EvaluationSplit.RandomPerUser(Enumerable.Reverse(events).ToList(), key, new EvaluationSplitOptions { Seed = 7 });
        EvaluationSplit c = EvaluationSplit.RandomPerUser(events, key, new EvaluationSplitOptions { Seed = 8 });

        Assert.Equal(Positives(a), Positives(b));
        Assert.NotEqual(Positives(a), Positives(c));

        // Adding a user does not change the others' splits: each user's shuffle has its own stream.
        AddUser(events, "u99", 12);
        EvaluationSplit d = EvaluationSplit.RandomPerUser(events, key, new EvaluationSplitOptions { Seed = 7 });
        Assert.Equal(Positives(a), Positives(d).Where(p => p.User != 99).ToList());
    }

    [Fact]
    public void RandomPerUser_GroupedByItem_CutsEachItemsUsers()
    {
        // 8 users all rated items x and y; every user has 2 items, so none is kept whole. Per item: round(0.75 * 8) = 6 train.
        var events = new List<InteractionEvent>();
        for (int u = 0; u < 8; u++)
        {
            events.Add(EventData.At("u" + u, "x", EventKind.Rating, u));
            events.Add(EventData.At("u" + u, "y", EventKind.Rating, u + 10));
        }

        EvaluationSplit split = EvaluationSplit.RandomPerUser(events, EvaluationSplit.KeyByAccount(events), new EvaluationSplitOptions { Grouping = SplitGrouping.Item });
        Assert.Equal(2, split.Test.Count(e => e.Item.Value == "x"));
        Assert.Equal(2, split.Test.Count(e => e.Item.Value == "y"));
        Assert.Contains("per item", split.Metadata.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaveLastN_HoldsOutTheLatestEvents_AndDropsItemsSeenEarlier()
    {
        List<InteractionEvent> events =
        [
            EventData.At("a", "i1", EventKind.View, 1),
            EventData.At("a", "i2", EventKind.View, 2),
            EventData.At("a", "i1", EventKind.Purchase, 5),   // latest but seen in training: held out, not a positive
            EventData.At("a", "i3", EventKind.View, 4),
            EventData.At("b", "i1", EventKind.View, 1),       // one event: kept whole
            EventData.At("c", "i1", EventKind.View, 3),
            EventData.At("c", "i2", EventKind.View, 3),       // same time as the first: input order decides, so this is last
        ];
        Func<InteractionEvent, int> key = EvaluationSplit.KeyByAccount(events);

        EvaluationSplit split = EvaluationSplit.LeaveLastN(events, key, new EvaluationSplitOptions { LeaveLast = 2 });

        // a: last two are i3 (t=4) and i1 (t=5); i1 was seen at t=1 -> only i3 is a positive.
        Assert.Equal([new ItemKey("shop", "i3")], split.PositivesOf(0));
        Assert.Equal(1, split.Metadata.HeldOutItemsSeenInTraining);
        Assert.True(split.IsTrainingItem(0, new ItemKey("shop", "i1")));

        // c has two events and N = 2: kept whole; with N = 1, i2 (the later by input order) is held out.
        Assert.Equal([0], split.Users);
        EvaluationSplit one = EvaluationSplit.LeaveLastN(events, key);
        Assert.Equal([new ItemKey("shop", "i2")], one.PositivesOf(2));
        Assert.Equal(SplitKind.LeaveLastN, one.Metadata.Kind);
    }

    [Fact]
    public void TemporalCut_SplitsAtTheCut_AndSkipsUsersWithoutHistory()
    {
        List<InteractionEvent> events =
        [
            EventData.At("a", "i1", EventKind.View, 1),
            EventData.At("a", "i2", EventKind.View, 10),
            EventData.At("a", "i1", EventKind.View, 11),
            EventData.At("b", "i3", EventKind.View, 12),       // b appears only after the cut
            EventData.At("c", "i1", EventKind.View, 2),
        ];
        Func<InteractionEvent, int> key = EvaluationSplit.KeyByAccount(events);

        EvaluationSplit split = EvaluationSplit.TemporalCut(events, key, EventData.Start.AddMinutes(10));

        Assert.Equal(2, split.Train.Count);
        Assert.Equal(3, split.Test.Count);
        Assert.Equal([0], split.Users);
        Assert.Equal([new ItemKey("shop", "i2")], split.PositivesOf(0));
        Assert.Equal(1, split.Metadata.HeldOutItemsSeenInTraining);
        Assert.Equal(1, split.Metadata.UsersWithoutHistory);
        Assert.Equal(1, split.Metadata.UsersKeptWhole);
        Assert.Equal(EventData.Start.AddMinutes(10), split.Metadata.Cut);

        // Without a cut, 75% of the events lie before it: 5 events -> round(3.75) = 4 -> the cut is the 5th time (t = 12).
        EvaluationSplit auto = EvaluationSplit.TemporalCut(events, key);
        Assert.Equal(EventData.Start.AddMinutes(12), auto.Metadata.Cut);
        Assert.Single(auto.Test);
    }

    [Fact]
    public void CrossPlatformColdStart_HidesAllOfOnePlatformForChosenMultiPlatformPersons()
    {
        var events = new List<InteractionEvent>();
        for (int p = 0; p < 40; p++)
        {
            string account = "p" + p;
            events.Add(EventData.At(account, "s" + (p % 5), EventKind.Purchase, p, platform: "shop"));
            events.Add(EventData.At(account, "s" + ((p + 1) % 5), EventKind.View, p + 1, platform: "shop"));
            if (p % 5 == 0)
            {
                continue;   // shop only: never eligible
            }

            if (p % 4 != 0)
            {
                events.Add(EventData.At(account, "n" + (p % 3), EventKind.Click, p + 2, platform: "news"));
            }

            if (p % 2 == 0)
            {
                events.Add(EventData.At(account, "v" + (p % 7), EventKind.Like, p + 3, platform: "social"));
            }
        }

        Func<InteractionEvent, int> person = e => int.Parse(e.Account.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
        var eligible = events.GroupBy(person).Where(g => g.Select(e => e.Platform).Distinct().Count() >= 2).Select(g => g.Key).ToHashSet();

        EvaluationSplit split = EvaluationSplit.CrossPlatformColdStart(events, person, new EvaluationSplitOptions { ColdStartFraction = 0.5, Seed = 3 });

        Assert.Equal(32, eligible.Count);
        Assert.Equal(16, split.TargetPlatforms.Count);
        foreach ((int user, PlatformId platform) in split.TargetPlatforms)
        {
            Assert.Contains(user, eligible);
            Assert.DoesNotContain(split.Train, e => person(e) == user && e.Platform == platform);
            Assert.True(split.Train.Any(e => person(e) == user), "the person keeps their other platforms");
            var expected = events.Where(e => person(e) == user && e.Platform == platform).Select(e => new ItemKey(e.Platform, e.Item)).Distinct();
            Assert.Equal(expected.OrderBy(i => i.ToString()), split.PositivesOf(user).OrderBy(i => i.ToString()));
        }

        Assert.All(split.Test, e => Assert.Equal(split.TargetPlatforms[person(e)], e.Platform));

        // A fixed platform: only persons on it and elsewhere are eligible, and it is the one hidden.
        EvaluationSplit news = EvaluationSplit.CrossPlatformColdStart(events, person, new EvaluationSplitOptions { ColdStartPlatform = "news", ColdStartFraction = 1 });
        Assert.Equal(events.Where(e => e.Platform.Value == "news").Select(person).Distinct().Count(), news.Users.Count);
        Assert.All(news.TargetPlatforms.Values, p => Assert.Equal("news", p.Value));
        Assert.Equal(SplitKind.CrossPlatformColdStart, news.Metadata.Kind);
    }

    [Fact]
    public void Split_CatalogIndicesAndTrainingLists_DescribeTheTrainingEvents()
    {
        List<InteractionEvent> events =
        [
            EventData.At("a", "i2", EventKind.View, 1),
            EventData.At("a", "i1", EventKind.View, 2),
            EventData.At("b", "i1", EventKind.View, 3),
            EventData.At("b", "i3", EventKind.View, 4),
        ];
        EvaluationSplit split = EvaluationSplit.TemporalCut(events, EvaluationSplit.KeyByAccount(events), EventData.Start.AddMinutes(4));

        Assert.Equal([new ItemKey("shop", "i2"), new ItemKey("shop", "i1")], split.Catalog);
        Assert.Equal(1, split.IndexOf(new ItemKey("shop", "i1")));
        Assert.Equal(-1, split.IndexOf(new ItemKey("shop", "i3")));
        Assert.Equal([0, 1], split.TrainingItemIndices(0).ToArray());
        Assert.Equal([1], split.TrainingItemIndices(1).ToArray());
        Assert.True(split.TrainingItemIndices(7).IsEmpty);
        Assert.False(split.IsTrainingItem(1, new ItemKey("shop", "i2")));
        Assert.Equal(-1, EvaluationSplit.KeyByAccount(events)(EventData.At("zz", "i1", EventKind.View, 0)));
    }

    [Fact]
    public void ColdStartUsers_ChosenUsersKeepExactlyKeepItems_OthersStayWhole()
    {
        var events = new List<InteractionEvent>();
        for (int u = 0; u < 40; u++)
        {
            AddUser(events, "u" + u, u % 2 == 0 ? 10 : 3);   // odd users have 3 items: not eligible with Keep = 3
        }

        Func<InteractionEvent, int> key = e => int.Parse(e.Account.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
        var options = new EvaluationSplitOptions { Seed = 5, ColdStartFraction = 0.5, ColdStartKeep = 3 };
        EvaluationSplit split = EvaluationSplit.ColdStartUsers(events, key, options);
        EvaluationSplit again = EvaluationSplit.ColdStartUsers(Enumerable.Reverse(events).ToList(), key, options);
        EvaluationSplit other = EvaluationSplit.ColdStartUsers(events, key, new EvaluationSplitOptions { Seed = 6, ColdStartFraction = 0.5 });

        // 20 eligible users, half chosen; each keeps 3 of 10 items and has the other 7 as positives.
        Assert.Equal(10, split.Users.Count);
        Assert.All(split.Users, u => Assert.Equal(0, u % 2));
        Assert.All(split.Users, u => Assert.Equal(3, split.TrainingItemIndices(u).Length));
        Assert.All(split.Users, u => Assert.Equal(7, split.TestPositives[u].Count));
        Assert.Equal(70, split.Metadata.TestPositives);
        Assert.Equal(30, split.Metadata.UsersKeptWhole);
        Assert.Equal(SplitKind.ColdStartUsers, split.Metadata.Kind);
        Assert.Empty(split.ColdItems);
        Assert.Equal(Positives(split), Positives(again));
        Assert.NotEqual(Positives(split), Positives(other));
    }

    [Fact]
    public void ColdStartItems_HoldsOutEveryEventOfTheChosenItems()
    {
        var events = new List<InteractionEvent>();
        for (int u = 0; u < 12; u++)
        {
            AddUser(events, "u" + u, 20);
        }

        Func<InteractionEvent, int> key = EvaluationSplit.KeyByAccount(events);
        EvaluationSplit split = EvaluationSplit.ColdStartItems(events, key, new EvaluationSplitOptions { Seed = 9, ColdStartFraction = 0.25 });

        // 20 items, round(0.25 * 20) = 5 cold; every user rated all 20, so each has the 5 as positives.
        Assert.Equal(5, split.ColdItems.Count);
        Assert.Equal(15, split.Catalog.Count);
        Assert.Equal(12 * 5, split.Test.Count);
        Assert.All(split.ColdItems, i => Assert.Equal(-1, split.IndexOf(i)));
        Assert.Equal(12, split.Users.Count);
        Assert.All(split.Users, u => Assert.Equal(split.ColdItems.OrderBy(i => i.ToString(), StringComparer.Ordinal), split.TestPositives[u].OrderBy(i => i.ToString(), StringComparer.Ordinal)));
        Assert.Equal(SplitKind.ColdStartItems, split.Metadata.Kind);
        Assert.Contains("cold-start items", split.Metadata.Description, StringComparison.Ordinal);

        // A user whose every item is cold has no training history and is not evaluated.
        List<InteractionEvent> withNewcomer = [.. events, EventData.At("new", split.ColdItems[0].Item.Value, EventKind.Rating, 1, 5f)];
        EvaluationSplit second = EvaluationSplit.ColdStartItems(withNewcomer, EvaluationSplit.KeyByAccount(withNewcomer), new EvaluationSplitOptions { Seed = 9, ColdStartFraction = 0.25 });
        Assert.Equal(split.ColdItems, second.ColdItems);
        Assert.Equal(1, second.Metadata.UsersWithoutHistory);
        Assert.Equal(12, second.Users.Count);
    }

    [Fact]
    public void Splits_NullArguments_NameTheParameter()
    {
        List<InteractionEvent> events = [EventData.At("a", "i", EventKind.View, 0)];
        Assert.Throws<ArgumentNullException>("events", () => EvaluationSplit.RandomPerUser(null!, _ => 0));
        Assert.Throws<ArgumentNullException>("userKey", () => EvaluationSplit.RandomPerUser(events, null!));
        Assert.Throws<ArgumentNullException>("events", () => EvaluationSplit.LeaveLastN(null!, _ => 0));
        Assert.Throws<ArgumentNullException>("userKey", () => EvaluationSplit.TemporalCut(events, null!));
        Assert.Throws<ArgumentNullException>("userKey", () => EvaluationSplit.CrossPlatformColdStart(events, null!));
        Assert.Throws<ArgumentNullException>("events", () => EvaluationSplit.KeyByAccount(null!));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluationSplitOptions { TrainRatio = 1 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluationSplitOptions { TrainRatio = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluationSplitOptions { ColdStartFraction = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluationSplitOptions { LeaveLast = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluationSplitOptions { ColdStartKeep = 0 });
        Assert.Throws<ArgumentNullException>("userKey", () => EvaluationSplit.ColdStartUsers(events, null!));
        Assert.Throws<ArgumentNullException>("events", () => EvaluationSplit.ColdStartItems(null!, _ => 0));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EvaluationSplitOptions { Grouping = (SplitGrouping)9 });
        var options = new EvaluationSplitOptions { Seed = 5, TrainRatio = 0.5, ColdStartPlatform = "shop", ColdStartKeep = 4 };
        EvaluationSplitOptions copy = options.Clone();
        Assert.Equal((5, 0.5, (PlatformId?)"shop", 4), (copy.Seed, copy.TrainRatio, copy.ColdStartPlatform, copy.ColdStartKeep));
    }

    [Property(MaxTest = 60)]
    public Property EverySplit_IsLeakFreeAndPartitionsTheEvents() =>
        Prop.ForAll(SmallWorld.ToArbitrary(), events =>
        {
            Func<InteractionEvent, int> key = e => e.Account.Value == "anon" ? -1 : int.Parse(e.Account.Value, System.Globalization.CultureInfo.InvariantCulture);
            EvaluationSplit[] splits =
            [
                EvaluationSplit.RandomPerUser(events, key),
                EvaluationSplit.RandomPerUser(events, key, new EvaluationSplitOptions { Grouping = SplitGrouping.Item, Seed = 3 }),
                EvaluationSplit.LeaveLastN(events, key, new EvaluationSplitOptions { LeaveLast = 2 }),
                EvaluationSplit.TemporalCut(events, key),
                EvaluationSplit.CrossPlatformColdStart(events, key, new EvaluationSplitOptions { ColdStartFraction = 0.6 }),
                EvaluationSplit.ColdStartUsers(events, key, new EvaluationSplitOptions { ColdStartFraction = 0.5, ColdStartKeep = 2 }),
                EvaluationSplit.ColdStartItems(events, key, new EvaluationSplitOptions { ColdStartFraction = 0.3 }),
            ];
            foreach (EvaluationSplit split in splits)
            {
                string what = split.Metadata.Description;
                var all = split.Train.Concat(split.Test).GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
                var input = events.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
                if (all.Count != input.Count || all.Any(p => !input.TryGetValue(p.Key, out int c) || c != p.Value))
                {
                    return false.Label($"{what}: train + test is not the input");
                }

                var trainPairs = split.Train.Where(e => key(e) >= 0).Select(e => (key(e), new ItemKey(e.Platform, e.Item))).ToHashSet();
                var testPairs = split.Test.Where(e => key(e) >= 0).Select(e => (key(e), new ItemKey(e.Platform, e.Item))).ToHashSet();
                foreach ((int user, IReadOnlyList<ItemKey> positives) in split.TestPositives)
                {
                    foreach (ItemKey item in positives)
                    {
                        if (trainPairs.Contains((user, item)) || split.IsTrainingItem(user, item) || !testPairs.Contains((user, item)))
                        {
                            return false.Label($"{what}: positive ({user}, {item}) leaks or was not held out");
                        }
                    }
                }

                if (split.Metadata.Kind is SplitKind.RandomPerUser or SplitKind.ColdStartUsers or SplitKind.ColdStartItems && trainPairs.Overlaps(testPairs))
                {
                    return false.Label($"{what}: a (user, item) pair is on both sides");
                }

                var trainItems = split.Train.Select(e => new ItemKey(e.Platform, e.Item)).ToHashSet();
                if (split.ColdItems.Any(trainItems.Contains) || split.ColdItems.Count != split.Test.Select(e => new ItemKey(e.Platform, e.Item)).Where(i => !trainItems.Contains(i)).Distinct().Count())
                {
                    return false.Label($"{what}: cold items are not the held-out items absent from training");
                }

                if (split.Metadata.Kind == SplitKind.ColdStartItems && split.Test.Any(e => trainItems.Contains(new ItemKey(e.Platform, e.Item))))
                {
                    return false.Label($"{what}: a held-out item has a training event");
                }

                if (split.Metadata.Kind == SplitKind.ColdStartUsers && split.Users.Any(u => split.TrainingItemIndices(u).Length > 2))
                {
                    return false.Label($"{what}: a cold user kept more than 2 items");
                }

                if (!split.Users.SequenceEqual(split.TestPositives.Keys.Order()) || split.Users.Any(u => split.TestPositives[u].Count == 0))
                {
                    return false.Label($"{what}: users are not the sorted users with positives");
                }
            }

            return true.ToProperty();
        });

    /// <summary>Events of up to 8 users (and an anonymous account) on 3 platforms over 6 items, with repeats and equal times.</summary>
    private static Gen<List<InteractionEvent>> SmallWorld =>
        from count in Gen.Choose(0, 60)
        from rows in Gen.ArrayOf(
            from user in Gen.Elements("0", "1", "2", "3", "4", "5", "6", "7", "anon")
            from platform in Gen.Elements("shop", "news", "social")
            from item in Gen.Choose(0, 5)
            from minute in Gen.Choose(0, 30)
            select EventData.At(user, "i" + item, EventKind.View, minute, platform: platform), count)
        select rows.ToList();

    private static void AddUser(List<InteractionEvent> events, string account, int items)
    {
        for (int i = 0; i < items; i++)
        {
            events.Add(EventData.At(account, "i" + i, EventKind.Rating, i, 4f));
        }
    }

    private static List<(int User, string Item)> Positives(EvaluationSplit split) =>
        split.TestPositives.SelectMany(p => p.Value.Select(i => (User: p.Key, Item: i.ToString()))).OrderBy(p => p.User).ThenBy(p => p.Item, StringComparer.Ordinal).ToList();
}
