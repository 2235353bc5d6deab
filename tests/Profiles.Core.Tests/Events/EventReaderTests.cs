// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public class EventReaderTests
{
    [Property(MaxTest = 150)]
    public Property CsvWriterThenReader_AnyEvents_ReadBackEqual() =>
        Prop.ForAll(Gen.ListOf(EventData.Event).ToArbitrary(), events =>
        {
            var stream = new MemoryStream();
            new CsvEventWriter().WriteAsync(events.ToAsyncEnumerable(), stream).GetAwaiter().GetResult();
            stream.Position = 0;
            var report = new IngestionReport();
            List<InteractionEvent> read = new CsvEventReader().ReadAsync(stream, report).ToListAsync().AsTask().GetAwaiter().GetResult();
            return (read.SequenceEqual(events) && report.Read == 0 && KindsSpelledAsWritten(events, read))
                .Label($"wrote {events.Count}, read {read.Count}, malformed {report.Read}: {report}");
        });

    [Property(MaxTest = 150)]
    public Property CsvWriterThenSyncReader_AnyEvents_ReadBackEqual() =>
        Prop.ForAll(Gen.ListOf(EventData.Event).ToArbitrary(), EventData.Text(1).Where(s => s is ";" or "\t" or "|").Select(s => s[0]).ToArbitrary(),
            (events, separator) =>
            {
                var options = new CsvEventOptions { Separator = separator };
                var text = new StringWriter();
                new CsvEventWriter(options).Write(events, text);
                var report = new IngestionReport();
                List<InteractionEvent> read = new CsvEventReader(options).Read(new StringReader(text.ToString()), report).ToList();
                return (read.SequenceEqual(events) && report.Read == 0).Label($"separator '{separator}': wrote {events.Count}, read {read.Count}");
            });

    [Property(MaxTest = 150)]
    public Property JsonLinesWriterThenReader_AnyEvents_ReadBackEqual() =>
        Prop.ForAll(Gen.ListOf(EventData.Event).ToArbitrary(), events =>
        {
            var stream = new MemoryStream();
            JsonLinesEventWriter.WriteAsync(events.ToAsyncEnumerable(), stream).GetAwaiter().GetResult();
            stream.Position = 0;
            var report = new IngestionReport();
            List<InteractionEvent> read = new JsonLinesEventReader().ReadAsync(stream, report).ToListAsync().AsTask().GetAwaiter().GetResult();
            return (read.SequenceEqual(events) && report.Read == 0 && KindsSpelledAsWritten(events, read))
                .Label($"wrote {events.Count}, read {read.Count}: {report}");
        });

    [Property(MaxTest = 200)]
    public Property CsvReader_GarbageLines_NeverThrowsAndNumbersRejections() =>
        Prop.ForAll(Gen.ListOf(EventData.Text(30)).ToArbitrary(), lines =>
        {
            string csv = "platform,account,item,kind,value,timestamp,text\n" + string.Join("\n", lines);
            int lineCount = csv.Count(c => c == '\n') + 1;
            var report = new IngestionReport();
            List<InteractionEvent> read = new CsvEventReader().ReadAsync(EventData.Utf8(csv), report).ToListAsync().AsTask().GetAwaiter().GetResult();
            CleanedEvents cleaned = new EventCleaner().Clean(read, report);
            IReadOnlyList<IngestionSample> samples = report.Samples(RejectionReason.Malformed);
            return (report.IsBalanced && samples.All(s => s.LineNumber is null || (s.LineNumber >= 2 && s.LineNumber <= lineCount)))
                .Label($"{report}");
        });

    [Property(MaxTest = 200)]
    public Property JsonLinesReader_GarbageLines_EachLineIsAnEventOrARejection() =>
        Prop.ForAll(Gen.ListOf(Gen.OneOf(EventData.Text(30), Gen.Constant("{\"account\":\"a\",\"item\":\"i\",\"kind\":\"view\",\"timestamp\":1700000000}")))
            .ToArbitrary(), lines =>
            {
                // Line breaks inside a generated piece make more lines; count what the reader will see.
                string[] physical = string.Join("\n", lines).Split('\n');
                int nonEmpty = physical.Count(l => l.Trim(' ', '\t', '\r').Length > 0);
                var report = new IngestionReport();
                List<InteractionEvent> read = new JsonLinesEventReader().ReadAsync(EventData.Utf8(string.Join("\n", lines)), report)
                    .ToListAsync().AsTask().GetAwaiter().GetResult();
                return (read.Count + report.Count(RejectionReason.Malformed) == nonEmpty).Label($"{nonEmpty} lines, {read.Count} events, {report}");
            });

    [Fact]
    public async Task CsvReader_BadRows_AreRejectedWithTheirLineNumbers()
    {
        const string csv = """
            platform,account,item,kind,value,timestamp,text
            shop,a1,p1,view,,2026-01-01T00:00:00Z,
            shop,a1,p2,view
            shop,a1,p3,rating,lots,2026-01-01T00:00:00Z,
            shop,a1,p4,view,,yesterday,
            "shop","a2","p5","comment",,1767225600,"multi
            line, ""quoted"" text"
            shop,a3,p6,view,,1767225600000,
            """;
        var report = new IngestionReport();
        List<InteractionEvent> events = await new CsvEventReader().ReadAsync(EventData.Utf8(csv), report).ToListAsync();

        Assert.Equal(["p1", "p5", "p6"], events.Select(e => e.Item.Value));
        Assert.Equal("multi\nline, \"quoted\" text", events[1].Text);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), events[1].Timestamp);
        Assert.Equal(events[1].Timestamp, events[2].Timestamp); // milliseconds recognised by their length
        Assert.Equal(3, report.Count(RejectionReason.Malformed));
        Assert.Equal([3L, 4L, 5L], report.Samples(RejectionReason.Malformed).Select(s => s.LineNumber!.Value));
        Assert.Contains("'lots' is not a number", report.Samples(RejectionReason.Malformed)[1].Detail, StringComparison.Ordinal);
        Assert.Contains("'yesterday' is not a timestamp", report.Samples(RejectionReason.Malformed)[2].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CsvReader_Utf8WithOrWithoutBom_ReadsTheSameHeader(bool bom)
    {
        var report = new IngestionReport();
        List<InteractionEvent> events = await new CsvEventReader()
            .ReadAsync(EventData.Utf8("platform,account,item,kind,value,timestamp,text\nnews,ü1,n1,click,,2026-01-02,Zürich\n", bom), report)
            .ToListAsync();

        InteractionEvent e = Assert.Single(events);
        Assert.Equal(new PlatformId("news"), e.Platform);
        Assert.Equal("ü1", e.Account.Value);
        Assert.Equal("Zürich", e.Text);
    }

    [Fact]
    public void CsvReader_MappedColumnsAndDefaults_ReadsForeignLayout()
    {
        var options = new CsvEventOptions
        {
            Separator = ';',
            AccountColumn = "user",
            ItemColumn = "sku",
            ValueColumn = "qty",
            TimestampColumn = "ts",
            DefaultPlatform = "shop",
            DefaultKind = EventKind.Purchase,
            TimestampFormat = TimestampFormat.UnixMilliseconds,
        };
        var report = new IngestionReport();
        List<InteractionEvent> events = new CsvEventReader(options).Read(new StringReader("ts;user;sku;qty\n1000;u;p;2.5\n"), report).ToList();

        InteractionEvent e = Assert.Single(events);
        Assert.Equal(new InteractionEvent("shop", "u", "p", EventKind.Purchase, DateTimeOffset.UnixEpoch.AddSeconds(1)) { Value = 2.5f }, e);
    }

    [Fact]
    public void CsvReader_HeaderWithoutRequiredColumn_ThrowsNamingIt()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            new CsvEventReader().Read(new StringReader("platform,account,kind,timestamp\n"), new IngestionReport()).ToList());
        Assert.Contains("'item'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvReader_EmptySource_ReadsNothing() =>
        Assert.Empty(new CsvEventReader().Read(new StringReader(string.Empty), new IngestionReport()));

    [Fact]
    public async Task JsonLinesReader_FlexibleFields_ReadsNumbersStringsAndDefaults()
    {
        string jsonl = "\uFEFF{\"Account\":\"a\",\"item\":\"i\",\"kind\":\"dwell\",\"value\":\"NaN\",\"timestamp\":\"2026-01-01T10:00:00+02:00\",\"extra\":1}\r\n"
            + "\n"
            + "{\"account\":\"b\",\"item\":\"j\",\"timestamp\":1767225600.5}\n"
            + "{\"account\":\"c\",\"item\":\"k\",\"kind\":\"view\"}\n"
            + "[1,2]\n";
        var report = new IngestionReport();
        List<InteractionEvent> events = await new JsonLinesEventReader(new JsonLinesEventOptions { DefaultPlatform = "news", DefaultKind = EventKind.View })
            .ReadAsync(EventData.Utf8(jsonl), report).ToListAsync();

        Assert.Equal(2, events.Count);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero), events[0].Timestamp);
        Assert.True(float.IsNaN(events[0].Value!.Value));
        Assert.Equal(EventKind.Dwell, events[0].Kind);
        Assert.Equal(new PlatformId("news"), events[1].Platform);
        Assert.Equal(EventKind.View, events[1].Kind);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero), events[1].Timestamp);
        Assert.Equal([4L, 5L], report.Samples(RejectionReason.Malformed).Select(s => s.LineNumber!.Value));
    }

    [Fact]
    public async Task ItemCatalog_CsvAndJsonLines_LoadWithCategoriesAndAccountForEveryRow()
    {
        var report = new IngestionReport();
        ItemCatalog csv = await ItemCatalog.ReadCsvAsync(EventData.Utf8(
            "id,title,description,categories\np1,Trail Shoes,\"Light, grippy\",sports|running\np1,Again,,\np2,,,\np3,Tent\n"), report, "shop");
        Assert.Single(csv);
        Item shoes = csv["shop", "p1"];
        Assert.Equal("Light, grippy", shoes.Description);
        Assert.Equal(["sports", "running"], shoes.Categories);
        Assert.Equal(1, report.Merged);
        Assert.Equal(1, report.Count(RejectionReason.EmptyId));
        Assert.Equal(1, report.Count(RejectionReason.Malformed));
        Assert.True(report.IsBalanced);

        var jsonReport = new IngestionReport();
        ItemCatalog json = await ItemCatalog.ReadJsonLinesAsync(EventData.Utf8(
            "{\"platform\":\"news\",\"id\":\"n1\",\"title\":\"Comet seen\",\"categories\":[\"science\",\"astronomy\"]}\nnot json\n"), jsonReport);
        Assert.True(json.TryGet("news", "n1", out Item? comet));
        Assert.Equal(["science", "astronomy"], comet.Categories);
        Assert.Equal(1, jsonReport.Count(RejectionReason.Malformed));
        Assert.True(jsonReport.IsBalanced);
    }

    private static bool KindsSpelledAsWritten(List<InteractionEvent> written, List<InteractionEvent> read) =>
        written.Zip(read).All(p => p.First.Kind.IsWellKnown || p.First.Kind.Value == p.Second.Kind.Value);
}
