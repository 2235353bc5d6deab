// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public class EventCleanerTests
{
    private static readonly FixedTimeProvider s_now = new(EventData.Start.AddDays(100));

    private static EventCleaner Cleaner(Action<EventCleanerOptions>? configure = null)
    {
        var options = new EventCleanerOptions { TimeProvider = s_now };
        configure?.Invoke(options);
        return new EventCleaner(options);
    }

    [Fact]
    public void Clean_EmptyIds_RejectedAsEmptyId()
    {
        InteractionEvent ok = EventData.At("a", "i", EventKind.View, 0);
        CleanedEvents result = Cleaner().Clean([ok, ok with { Account = "" }, ok with { Item = new ItemId("  ") }, ok with { Platform = default }]);

        Assert.Single(result.Events);
        Assert.Equal(3, result.Report.Count(RejectionReason.EmptyId));
        Assert.Equal(["account id is empty", "item id is empty", "platform id is empty"], result.Report.Samples(RejectionReason.EmptyId).Select(s => s.Detail));
    }

    [Fact]
    public void Clean_UnknownKind_RejectedUnlessListedAsCustom()
    {
        InteractionEvent hover = EventData.At("a", "i", new EventKind("hover"), 0);
        InteractionEvent empty = EventData.At("a", "i", default, 1);

        CleanedEvents strict = Cleaner().Clean([hover, empty]);
        CleanedEvents lenient = Cleaner(o => o.CustomKinds.Add(new EventKind("HOVER"))).Clean([hover, empty]);

        Assert.Empty(strict.Events);
        Assert.Equal(2, strict.Report.Count(RejectionReason.UnknownKind));
        Assert.Equal([hover], lenient.Events);
        Assert.Equal(1, lenient.Report.Count(RejectionReason.UnknownKind));
    }

    [Fact]
    public void Clean_PlatformNotListed_RejectedAsUnknownPlatformOnlyWhenPlatformsAreListed()
    {
        InteractionEvent shop = EventData.At("a", "i", EventKind.View, 0) with { Platform = "shop" };
        InteractionEvent blog = EventData.At("a", "i", EventKind.View, 1) with { Platform = "blog" };

        CleanedEvents open = Cleaner().Clean([shop, blog]);
        CleanedEvents listed = Cleaner(o => o.Platforms.Add("shop")).Clean([shop, blog]);

        Assert.Equal([shop, blog], open.Events);
        Assert.Equal([shop], listed.Events);
        Assert.Equal(1, listed.Report.Count(RejectionReason.UnknownPlatform));
        Assert.Contains("'blog'", listed.Report.Samples(RejectionReason.UnknownPlatform)[0].Detail, StringComparison.Ordinal);
        Assert.Equal(listed.Report.Read, listed.Report.Accepted + listed.Report.Rejected + listed.Report.Merged);
        Assert.Equal(["shop"], new EventCleanerOptions { Platforms = ["shop"] }.Clone().Platforms);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(-0.5f)]
    public void Clean_NonFiniteOrNegativeValue_RejectedAsInvalidValue(float value)
    {
        CleanedEvents result = Cleaner().Clean([EventData.At("a", "i", EventKind.Rating, 0, value)]);

        Assert.Empty(result.Events);
        Assert.Equal(1, result.Report.Count(RejectionReason.InvalidValue));
    }

    [Fact]
    public void Clean_RatingOrDwellWithoutValue_RejectedAsInvalidValue()
    {
        CleanedEvents result = Cleaner().Clean([EventData.At("a", "i", EventKind.Rating, 0), EventData.At("a", "j", EventKind.Dwell, 0),
            EventData.At("a", "k", EventKind.View, 0)]);

        Assert.Equal(EventKind.View, Assert.Single(result.Events).Kind);
        Assert.Equal(2, result.Report.Count(RejectionReason.InvalidValue));
    }

    [Fact]
    public void Clean_TimestampsBefore1990OrAfterTomorrow_RejectedAsOutOfRange()
    {
        var before = new InteractionEvent("shop", "a", "i", EventKind.View, new DateTimeOffset(1989, 12, 31, 23, 59, 59, TimeSpan.Zero));
        var first = before with { Timestamp = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero), Item = "j" };
        var skewed = before with { Timestamp = s_now.GetUtcNow().AddHours(23), Item = "k" };
        var future = before with { Timestamp = s_now.GetUtcNow().AddHours(25), Item = "l" };

        CleanedEvents result = Cleaner().Clean([before, first, skewed, future]);

        Assert.Equal([first, skewed], result.Events);
        Assert.Equal(2, result.Report.Count(RejectionReason.TimestampOutOfRange));
    }

    [Fact]
    public void Clean_TextOverTheLimit_RejectedAsTextTooLong()
    {
        InteractionEvent e = EventData.At("a", "i", EventKind.Comment, 0);
        CleanedEvents result = Cleaner(o => o.MaxTextLength = 10).Clean([e with { Text = new string('x', 10) }, e with { Item = "j", Text = new string('x', 11) }]);

        Assert.Single(result.Events);
        Assert.Equal(1, result.Report.Count(RejectionReason.TextTooLong));
    }

    [Fact]
    public void Clean_RepeatsWithinTheWindowOfTheKeptEvent_Merged()
    {
        // Window 30 s: 0 s kept; 20 s merged into it; 40 s is 40 s after the kept one, so kept; 65 s is 25 s after that, merged.
        InteractionEvent e = EventData.At("a", "i", EventKind.Click, 0);
        InteractionEvent[] rows =
        [
            e with { Timestamp = EventData.Start.AddSeconds(40) },
            e,
            e with { Timestamp = EventData.Start.AddSeconds(20) },
            e with { Timestamp = EventData.Start.AddSeconds(65) },
            e with { Kind = EventKind.Like },
            e with { Platform = "social" },
        ];

        CleanedEvents result = Cleaner().Clean(rows);

        Assert.Equal(2, result.Report.Merged);
        Assert.Equal(4, result.Events.Count);
        Assert.Equal([0d, 0d, 0d, 40d], result.Events.Select(x => (x.Timestamp - EventData.Start).TotalSeconds));
        Assert.True(result.Report.IsBalanced);
    }

    [Fact]
    public void Clean_AccountFarAboveThePopulation_RejectedAsBot()
    {
        var rows = new List<InteractionEvent>();
        for (int a = 0; a < 300; a++)
        {
            for (int k = 0; k < 1 + (a % 5); k++)
            {
                rows.Add(EventData.At($"u{a}", $"i{k}", EventKind.View, (a * 7) + (k * 600)));
            }
        }

        for (int k = 0; k < 500; k++)
        {
            rows.Add(EventData.At("bot", $"i{k}", EventKind.View, k * 2));
        }

        CleanedEvents result = Cleaner().Clean(rows);

        Assert.Equal(500, result.Report.Count(RejectionReason.BotLikeAccount));
        Assert.Equal(new AccountKey("shop", "bot"), Assert.Single(result.Report.BotAccounts));
        Assert.DoesNotContain(result.Events, e => e.Account.Value == "bot");
        Assert.Contains("500 rows rejected; it had 500 events on 2026-01-01", result.Report.Samples(RejectionReason.BotLikeAccount)[0].Detail, StringComparison.Ordinal);

        CleanedEvents off = Cleaner(o => o.DetectBots = false).Clean(rows);
        Assert.Equal(0, off.Report.Count(RejectionReason.BotLikeAccount));
    }

    [Property(MaxTest = 200)]
    public Property Clean_AnyMixOfRows_AccountsForEveryRow() =>
        Prop.ForAll(Gen.ListOf(DirtyEvent).ToArbitrary(), rows =>
        {
            var report = new IngestionReport(sampleLimit: 3);
            report.RecordMalformed(1, "a reader's malformed row");
            CleanedEvents result = Cleaner(o => o.BotMinEventsPerDay = 5).Clean(rows, report);
            long byReason = report.CountsByReason().Values.Sum();
            bool sorted = result.Events.Zip(result.Events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp);
            return (report.Read == rows.Count + 1
                    && report.Read == report.Accepted + report.Rejected + report.Merged
                    && report.IsBalanced
                    && byReason == report.Rejected + report.Merged
                    && report.Accepted == result.Events.Count
                    && sorted
                    && result.Events.All(e => !e.Account.IsEmpty && (e.Value is null || (float.IsFinite(e.Value.Value) && e.Value >= 0))))
                .Label(report.ToString());
        });

    [Fact]
    public void Constructor_Options_AreValidatedAndCloned()
    {
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EventCleanerOptions { MaxTextLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EventCleanerOptions { BotMadMultiplier = double.NaN });
        Assert.Throws<ArgumentNullException>("value", () => new EventCleanerOptions { TimeProvider = null! });
        Assert.Throws<ArgumentNullException>("events", () => new EventCleaner().Clean(null!));

        var options = new EventCleanerOptions { TimeProvider = s_now, MaxTextLength = 3 };
        var cleaner = new EventCleaner(options);
        options.MaxTextLength = 100;
        CleanedEvents result = cleaner.Clean([EventData.At("a", "i", EventKind.Comment, 0) with { Text = "four" }]);
        Assert.Equal(1, result.Report.Count(RejectionReason.TextTooLong));
    }

    /// <summary>Rows of every kind of dirt, crowded onto few accounts and items so that duplicates and bots occur.</summary>
    private static Gen<InteractionEvent> DirtyEvent =>
        from account in Gen.Elements("a", "b", "c", "", " ")
        from item in Gen.Elements("i", "j", "")
        from kind in Gen.Elements(EventKind.View, EventKind.Rating, EventKind.Dwell, new EventKind("hover"), default)
        from value in Gen.Elements<float?>(null, 1f, 4f, float.NaN, -2f, float.PositiveInfinity)
        from seconds in Gen.Choose(-100, 400_000)
        from year in Gen.Elements(2026, 2026, 2026, 1985, 2030)
        from text in Gen.Elements<string?>(null, "ok", new string('x', 5000))
        select new InteractionEvent("shop", account, item, kind,
            new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds)) { Value = value, Text = text };
}
