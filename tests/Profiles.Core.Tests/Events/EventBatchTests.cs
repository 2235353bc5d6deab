// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public class EventBatchTests
{
    private static readonly FixedTimeProvider s_now = new(EventData.Start.AddDays(100));

    /// <summary>Rows drawn from few accounts, items and minutes, so duplicates, bots and invalid rows all occur; in time
    /// order or shuffled.</summary>
    private static Gen<(InteractionEvent[] Rows, bool Sorted)> Rows =>
        from rows in Gen.ArrayOf(
            from account in Gen.Elements("a", "b", "c", "", "bad\u0001")
            from item in Gen.Elements("i", "j")
            from kind in Gen.Elements(EventKind.View, EventKind.Rating, new EventKind("hover"))
            from minute in Gen.Choose(0, 30)
            from value in Gen.Elements<float?>(null, 4f, -1f)
            select EventData.At(account, item, kind, minute, value))
        from sorted in Gen.Elements(true, false)
        select (sorted ? rows.OrderBy(e => e.Timestamp).ToArray() : rows, sorted);

    private static EventCleaner Cleaner() => new(new EventCleanerOptions { TimeProvider = s_now, BotMinEventsPerDay = 5 });

    [Property(MaxTest = 200)]
    public Property CleanInPlace_AnyRows_SameOutcomeAsCleanAndBatchEmptied() =>
        Prop.ForAll(Rows.ToArbitrary(), input =>
        {
            CleanedEvents expected = Cleaner().Clean(input.Rows);
            var batch = new EventBatch([.. input.Rows, .. new InteractionEvent[3]], input.Rows.Length);
            CleanedEvents actual = Cleaner().CleanInPlace(batch);
            bool samples = Enum.GetValues<RejectionReason>().All(r =>
                expected.Report.Samples(r).Select(s => s.Detail).SequenceEqual(actual.Report.Samples(r).Select(s => s.Detail)));
            return (actual.Events.SequenceEqual(expected.Events) && actual.Report.IsBalanced && samples && batch.Count == 0 &&
                    expected.Report.CountsByReason().OrderBy(p => p.Key).SequenceEqual(actual.Report.CountsByReason().OrderBy(p => p.Key)))
                .Label($"sorted {input.Sorted}: expected {expected.Report}, got {actual.Report}");
        });

    [Fact]
    public void ReadAll_MoreRowsThanOneChunk_MatchesStreamingRead()
    {
        var csv = new StringBuilder("platform,account,item,kind,value,timestamp,text\n");
        for (int i = 0; i < 20_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"shop,a{i % 97},p{i % 31},view,,{1_767_225_600 + i},\n");
        }

        csv.Append("shop,broken\n");
        string text = csv.ToString();
        var streamed = new IngestionReport();
        InteractionEvent[] expected = [.. new CsvEventReader().Read(new StringReader(text), streamed)];
        var fromReader = new IngestionReport();
        EventBatch chunked = new CsvEventReader().ReadAll(new StringReader(text), fromReader);
        var fromString = new IngestionReport();
        EventBatch whole = new CsvEventReader().ReadAll(text, fromString);

        Assert.Equal(20_000, expected.Length);
        Assert.Equal(expected, chunked.ToArray());
        Assert.Equal(expected, whole.ToArray());
        Assert.Equal(expected[19_999], whole[19_999]);
        Assert.Equal(1, fromReader.Count(RejectionReason.Malformed));
        Assert.Equal(1, fromString.Count(RejectionReason.Malformed));
        Assert.Throws<ArgumentOutOfRangeException>("index", () => whole[20_000]);
    }

    [Fact]
    public void ReadAll_CarriageReturnLineEnds_GrowsPastTheLineEstimate()
    {
        string csv = "platform,account,item,kind,value,timestamp,text\r" +
            string.Concat(Enumerable.Range(0, 50).Select(i => $"news,a{i},p{i},click,,2026-01-01T00:{i:00}:00Z,\r"));

        EventBatch batch = new CsvEventReader().ReadAll(csv, new IngestionReport());

        Assert.Equal(50, batch.Count);
        Assert.Equal("a49", batch[49].Account.Value);
        Assert.Equal(EventData.Start.AddMinutes(49), batch[49].Timestamp);
    }

    [Fact]
    public void CleanInPlace_CancelledBeforeStart_LeavesTheBatchAndReportAsTheyWere()
    {
        EventBatch batch = new CsvEventReader().ReadAll("platform,account,item,kind,timestamp\nshop,a,i,view,1767225600\nshop,b,j,view,1767225601\n",
            new IngestionReport());
        var report = new IngestionReport();

        Assert.Throws<OperationCanceledException>(() => Cleaner().CleanInPlace(batch, report, new CancellationToken(canceled: true)));
        Assert.Equal(2, batch.Count);
        Assert.Equal("b", batch[1].Account.Value);
        Assert.Equal(0, report.Read);
    }

    [Fact]
    public void ReadAllAndCleanInPlace_NullArguments_ThrowNamingThem()
    {
        var reader = new CsvEventReader();
        Assert.Throws<ArgumentNullException>("csv", () => reader.ReadAll((string)null!, new IngestionReport()));
        Assert.Throws<ArgumentNullException>("reader", () => reader.ReadAll((TextReader)null!, new IngestionReport()));
        Assert.Throws<ArgumentNullException>("report", () => reader.ReadAll("account,item,timestamp\n", null!));
        Assert.Throws<ArgumentNullException>("batch", () => Cleaner().CleanInPlace(null!));
    }
}
