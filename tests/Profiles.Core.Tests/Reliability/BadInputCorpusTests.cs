// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>A named corpus of bad inputs for every reader: each case says which rejections it must produce, and every case
/// checks that nothing escapes, that the good rows around the bad one come through unchanged, and that the report balances.</summary>
public class BadInputCorpusTests
{
    private const string Header = "platform,account,item,kind,value,timestamp,text\n";
    private const string CatalogHeader = "platform,id,title,description,categories\n";
    private static readonly DateTimeOffset s_time = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FixedTimeProvider s_now = new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The good row written before every bad part.</summary>
    private static readonly InteractionEvent s_before = new("shop", "alice", "before", EventKind.Purchase, s_time) { Value = 2f };

    /// <summary>The good row written after every bad part.</summary>
    private static readonly InteractionEvent s_after = new("news", "bob", "after", EventKind.Rating, s_time.AddHours(1)) { Value = 4.5f, Text = "fine, \"really\"" };

    private static readonly Item s_itemBefore = new("shop", "before", "Trail shoes") { Description = "Light", Categories = ["sports", "running"] };
    private static readonly Item s_itemAfter = new("news", "after", "Comet seen") { Categories = ["science"] };

    private static readonly Dictionary<string, BadInput> s_cases = Build().ToDictionary(c => c.Name, StringComparer.Ordinal);

    public enum Source
    {
        Csv,
        JsonLines,
        CatalogCsv,
        CatalogJsonLines,
    }

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Fact]
    public void Corpus_HasAtLeastThirtyDistinctCasesOverEverySource()
    {
        Assert.True(s_cases.Count >= 30, $"{s_cases.Count} cases");
        Assert.Equal(s_cases.Count, s_cases.Values.Select(c => Convert.ToBase64String(c.Bytes())).Distinct().Count());
        foreach (Source source in Enum.GetValues<Source>())
        {
            Assert.Contains(s_cases.Values, c => c.Source == source);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Read_BadInput_CountedWithItsReasonAndGoodRowsKept(string name)
    {
        BadInput bad = s_cases[name];
        byte[] bytes = bad.Bytes();
        if (bad.Source is Source.Csv or Source.JsonLines)
        {
            (IReadOnlyList<InteractionEvent> events, IngestionReport report) = await ReadEventsAsync(bad, new MemoryStream(bytes));
            AssertOutcome(bad, report);
            Assert.Equal(bad.Accepted ?? [s_before, s_after], events.OrderBy(e => e.Timestamp).ThenBy(e => e.Item.Value, StringComparer.Ordinal));

            if (bad.Source == Source.Csv)
            {
                // The synchronous TextReader path must agree with the stream path row for row.
                var syncReport = new IngestionReport();
                using var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
                List<InteractionEvent> read = new CsvEventReader().Read(text, syncReport).ToList();
                CleanedEvents cleaned = Cleaner(bad).Clean(read, syncReport);
                Assert.Equal(report.CountsByReason(), syncReport.CountsByReason());
                Assert.Equal(events, cleaned.Events.ToArray());

                // So must the batch paths, from a string and from a TextReader, cleaned in place.
                string decoded = new StreamReader(new MemoryStream(bytes), Encoding.UTF8).ReadToEnd();
                var fromString = new IngestionReport();
                CleanedEvents batched = Cleaner(bad).CleanInPlace(new CsvEventReader().ReadAll(decoded, fromString), fromString);
                var fromReader = new IngestionReport();
                CleanedEvents chunked = Cleaner(bad).CleanInPlace(new CsvEventReader().ReadAll(new StringReader(decoded), fromReader), fromReader);
                foreach (IngestionReport other in new[] { fromString, fromReader })
                {
                    Assert.Equal(report.CountsByReason(), other.CountsByReason());
                    foreach (RejectionReason reason in report.CountsByReason().Keys)
                    {
                        Assert.Equal(report.Samples(reason).Select(x => x.Detail), other.Samples(reason).Select(x => x.Detail));
                    }
                }

                Assert.Equal(events, batched.Events.ToArray());
                Assert.Equal(events, chunked.Events.ToArray());
            }
        }
        else
        {
            var report = new IngestionReport();
            ItemCatalog catalog = bad.Source == Source.CatalogCsv
                ? await ItemCatalog.ReadCsvAsync(new MemoryStream(bytes), report)
                : await ItemCatalog.ReadJsonLinesAsync(new MemoryStream(bytes), report);
            AssertOutcome(bad, report);
            Item[] expected = bad.Items ?? [s_itemBefore, s_itemAfter];
            Assert.Equal(expected.Length, catalog.Count);
            foreach (Item item in expected)
            {
                Assert.True(catalog.TryGet(item.Platform, item.Id, out Item? got), $"{item.Platform}/{item.Id} was lost");
                Assert.Equal(item.Title, got.Title);
                Assert.Equal(item.Description, got.Description);
                Assert.Equal(item.Categories, got.Categories);
            }
        }
    }

    [Fact]
    public async Task CsvReader_UnbalancedQuote_RejectsOnlyItsLineAndKeepsLineNumbers()
    {
        string csv = Header +
            "shop,a1,p1,view,,2026-01-01T00:00:00Z,\n" +   // line 2
            "shop,a1,\"p2,view,,2026-01-01T00:00:00Z,\n" + // line 3: the quote is never closed
            "shop,a1,p3,view,,2026-01-01T00:00:00Z,\n" +   // line 4
            "shop,a1,p4,view,,yesterday,\n" +              // line 5: a bad timestamp among the re-read lines
            "shop,a1,p5,comment,,2026-01-01T00:00:00Z,\"two\nlines\"\n"; // lines 6-7
        var report = new IngestionReport();
        List<InteractionEvent> events = await new CsvEventReader().ReadAsync(new MemoryStream(Utf8(csv)), report).ToListAsync();

        // p3 survives the open quote of line 3. p5's own quote closed the swallowed text, so p5 cannot be read as written:
        // it is rejected (line 6), never accepted with its text cut short, and so is the tail of its text (line 7).
        Assert.Equal(["p1", "p3"], events.Select(e => e.Item.Value));
        Assert.Equal([3L, 5L, 6L, 7L], report.Samples(RejectionReason.Malformed).Select(s => s.LineNumber!.Value));
        Assert.Contains("quote opened on this line is not closed", report.Samples(RejectionReason.Malformed)[0].Detail, StringComparison.Ordinal);
        Assert.Contains("closed only on a later row", report.Samples(RejectionReason.Malformed)[2].Detail, StringComparison.Ordinal);

        // A quote that is never closed at all swallows to the end of the file, with the right column count: still recovered.
        var tail = new IngestionReport();
        List<InteractionEvent> kept = await new CsvEventReader().ReadAsync(new MemoryStream(Utf8(Header +
            "shop,a1,p1,view,,2026-01-01T00:00:00Z,\"open\n" +
            "shop,a1,p2,view,,2026-01-01T00:00:00Z,\n")), tail).ToListAsync();
        Assert.Equal("p2", Assert.Single(kept).Item.Value);
        Assert.Equal(2L, Assert.Single(tail.Samples(RejectionReason.Malformed)).LineNumber);

        // The first re-read line keeps its own number (Sep numbers the first row of a headerless read as line 2).
        var first = new IngestionReport();
        List<InteractionEvent> after = await new CsvEventReader().ReadAsync(new MemoryStream(Utf8(Header +
            "shop,a1,\"p1,view,,2026-01-01T00:00:00Z,\n" +
            "garbage\n" +
            "shop,a1,p9,view,,2026-01-01T00:00:00Z,\n")), first).ToListAsync();
        Assert.Equal("p9", Assert.Single(after).Item.Value);
        Assert.Equal([2L, 3L], first.Samples(RejectionReason.Malformed).Select(s => s.LineNumber!.Value));
    }

    [Theory]
    [InlineData(",\n")]
    [InlineData("platform,account,item,kind,value,timestamp,text,account\n")]
    public async Task CsvReader_HeaderRepeatingAColumn_ThrowsInvalidDataExceptionNotSepsArgumentException(string header)
    {
        var report = new IngestionReport();
        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(
            async () => await new CsvEventReader().ReadAsync(new MemoryStream(Utf8(header + "shop,a,p,view,,1767225600,,b\n")), report).ToListAsync());
        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => new CsvEventReader().Read(new StringReader(header), report).ToList());
    }

    [Fact]
    public void Clean_MaxFutureSkewOfTimeSpanMaxValue_AcceptsTheFarFutureInsteadOfOverflowing()
    {
        InteractionEvent far = new("shop", "carol", "p1", EventKind.View, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));
        CleanedEvents cleaned = new EventCleaner(new EventCleanerOptions { TimeProvider = s_now, MaxFutureSkew = TimeSpan.MaxValue }).Clean([far]);
        Assert.Equal(far, Assert.Single(cleaned.Events));
        Assert.True(cleaned.Report.IsBalanced);
    }

    [Fact]
    public void Clean_BadIds_RejectedAsInvalidIdWhileSurrogatePairsAreKept()
    {
        InteractionEvent Row(string account, string item) => new("shop", account, item, EventKind.View, s_time);
        InteractionEvent[] rows =
        [
            Row("lone\uD800", "p1"), Row("p\uDC00", "p2"), Row("a\u0085", "p3"), Row("a\uFFFD", "p4"), Row(new string('a', 1025), "p5"),
            Row("emoji😀", "p6"), Row(new string('a', 1024), "p7"), Row("é", "p8"),
        ];
        CleanedEvents cleaned = new EventCleaner(new EventCleanerOptions { TimeProvider = s_now }).Clean(rows);

        Assert.Equal(["p6", "p7", "p8"], cleaned.Events.Select(e => e.Item.Value).Order(StringComparer.Ordinal));
        Assert.Equal(5, cleaned.Report.Count(RejectionReason.InvalidId));
        Assert.Contains("account id holds a lone surrogate U+D800", cleaned.Report.Samples(RejectionReason.InvalidId)[0].Detail, StringComparison.Ordinal);
        Assert.Contains("account id has 1,025 characters, more than 1,024", cleaned.Report.Samples(RejectionReason.InvalidId)[4].Detail, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => new EventCleanerOptions { MaxIdLength = 0 });
        Assert.Equal(7, new EventCleanerOptions { MaxIdLength = 7 }.Clone().MaxIdLength);
    }

    private static async Task<(IReadOnlyList<InteractionEvent> Events, IngestionReport Report)> ReadEventsAsync(BadInput bad, Stream stream)
    {
        var report = new IngestionReport();
        IAsyncEnumerable<InteractionEvent> rows = bad.Source == Source.Csv
            ? new CsvEventReader().ReadAsync(stream, report)
            : new JsonLinesEventReader().ReadAsync(stream, report);
        CleanedEvents cleaned = await Cleaner(bad).CleanAsync(rows, report);
        return (cleaned.Events.ToArray(), report);
    }

    private static EventCleaner Cleaner(BadInput bad)
    {
        var options = new EventCleanerOptions { TimeProvider = s_now };
        bad.Configure?.Invoke(options);
        return new EventCleaner(options);
    }

    private static void AssertOutcome(BadInput bad, IngestionReport report)
    {
        Assert.True(report.IsBalanced, report.ToString());
        Assert.Equal(report.Read, report.Accepted + report.Rejected + report.Merged);
        var expected = new Dictionary<RejectionReason, long>(bad.Expected);
        Assert.Equal(expected.OrderBy(p => p.Key), report.CountsByReason().OrderBy(p => p.Key));
        foreach (RejectionReason reason in expected.Keys)
        {
            Assert.All(report.Samples(reason), s => Assert.False(string.IsNullOrWhiteSpace(s.Detail)));
            Assert.NotEmpty(report.Samples(reason));
        }
    }

    private static string Csv(InteractionEvent e) => string.Join(",",
        e.Platform.Value, e.Account.Value, e.Item.Value, e.Kind.Value,
        e.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        e.Text is null ? string.Empty : "\"" + e.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"") + "\n";

    private static string Json(InteractionEvent e) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["platform"] = e.Platform.Value,
            ["account"] = e.Account.Value,
            ["item"] = e.Item.Value,
            ["kind"] = e.Kind.Value,
            ["value"] = e.Value,
            ["timestamp"] = e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["text"] = e.Text,
        }) + "\n";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>A CSV document: header, the good row before, <paramref name="bad"/>, the good row after.</summary>
    private static BadInput CsvCase(string name, string bad, Dictionary<RejectionReason, long> expected,
        Action<EventCleanerOptions>? configure = null, InteractionEvent[]? accepted = null) =>
        new(name, Source.Csv, () => Utf8(Header + Csv(s_before) + bad + Csv(s_after)), expected, configure, accepted);

    private static BadInput CsvBytes(string name, byte[] bad, Dictionary<RejectionReason, long> expected) =>
        new(name, Source.Csv, () => Concat(Utf8(Header + Csv(s_before)), bad, Utf8(Csv(s_after))), expected, null, null);

    private static BadInput JsonCase(string name, string bad, Dictionary<RejectionReason, long> expected,
        Action<EventCleanerOptions>? configure = null, InteractionEvent[]? accepted = null) =>
        new(name, Source.JsonLines, () => Utf8(Json(s_before) + bad + Json(s_after)), expected, configure, accepted);

    private static BadInput JsonBytes(string name, byte[] bad, Dictionary<RejectionReason, long> expected) =>
        new(name, Source.JsonLines, () => Concat(Utf8(Json(s_before)), bad, Utf8(Json(s_after))), expected, null, null);

    private static BadInput CatalogCsv(string name, string bad, Dictionary<RejectionReason, long> expected, Item[]? items = null) =>
        new(name, Source.CatalogCsv, () => Utf8(CatalogHeader + "shop,before,Trail shoes,Light,sports|running\n" + bad + "news,after,Comet seen,,science\n"),
            expected, null, null, items);

    private static BadInput CatalogJson(string name, string bad, Dictionary<RejectionReason, long> expected, Item[]? items = null) =>
        new(name, Source.CatalogJsonLines, () => Utf8(
            "{\"platform\":\"shop\",\"id\":\"before\",\"title\":\"Trail shoes\",\"description\":\"Light\",\"categories\":[\"sports\",\"running\"]}\n" + bad +
            "{\"platform\":\"news\",\"id\":\"after\",\"title\":\"Comet seen\",\"categories\":[\"science\"]}\n"), expected, null, null, items);

    private static Dictionary<RejectionReason, long> One(RejectionReason reason, long count = 1) => new() { [reason] = count };

    private static Dictionary<RejectionReason, long> None => [];

    private static byte[] Garbage(int length, int seed)
    {
        // Bytes that are not valid UTF-8 and hold no line break, quote or separator, so that they stay one bad row.
        var random = new Random(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            byte b;
            do
            {
                b = (byte)random.Next(256);
            }
            while (b is (byte)'\n' or (byte)'\r' or (byte)'"' or (byte)',' or (byte)'{');
            bytes[i] = b;
        }

        return bytes;
    }

    private static IEnumerable<BadInput> Build()
    {
        const RejectionReason M = RejectionReason.Malformed;
        string ts = "2026-01-02T00:00:00Z";

        // CSV: structure.
        yield return CsvCase("csv-too-few-columns", "shop,carol,p1,view\n", One(M));
        yield return CsvCase("csv-too-many-columns", $"shop,carol,p1,view,,{ts},,extra,more\n", One(M));
        yield return CsvCase("csv-blank-line-only-separators", ",,,,,,,,,,\n", One(M));
        yield return CsvCase("csv-unbalanced-quote-inside-field", $"shop,carol,p\"1,view,,{ts},\n", One(M));
        yield return CsvCase("csv-unbalanced-quote-opening-field", $"shop,carol,\"p1,view,,{ts},\n", One(M));
        yield return CsvBytes("csv-binary-garbage", Concat(Garbage(4096, 1), Utf8("\n")), One(M));
        yield return CsvCase("csv-ten-megabyte-line", new string('x', 10 << 20) + "\n", One(M));
        yield return CsvCase("csv-ten-megabyte-text", $"shop,carol,p1,comment,,{ts},{new string('y', 10 << 20)}\n", One(RejectionReason.TextTooLong));
        yield return CsvBytes("csv-invalid-utf8-in-account", Concat(Utf8("shop,ca"), [0xC3, 0x28, 0xFF], Utf8($"rol,p1,view,,{ts},\n")), One(RejectionReason.InvalidId));
        yield return CsvCase("csv-nul-bytes-in-item", $"shop,carol,p\0\01,view,,{ts},\n", One(RejectionReason.InvalidId));
        yield return CsvCase("csv-nul-line", "\0\0\0\0\n", One(M));
        yield return CsvCase("csv-bom-starting-a-row", $"\uFEFFshop,carol,p1,view,,{ts},\n", One(RejectionReason.InvalidId));
        yield return CsvCase("csv-second-header-with-bom", "\uFEFF" + Header, One(M));
        yield return new BadInput("csv-crlf-lf-cr-and-blank-lines", Source.Csv,
            () => Utf8(Header.Replace("\n", "\r\n", StringComparison.Ordinal) + Csv(s_before).Replace("\n", "\r", StringComparison.Ordinal) + "   \r\n\n\t\n" + Csv(s_after) + "\n"),
            None, null, null);

        // CSV: values.
        yield return CsvCase("csv-nan-value", $"shop,carol,p1,rating,NaN,{ts},\n", One(RejectionReason.InvalidValue));
        yield return CsvCase("csv-infinite-value", $"shop,carol,p1,rating,-Infinity,{ts},\n", One(RejectionReason.InvalidValue));
        yield return CsvCase("csv-value-1e39-overflows-float", $"shop,carol,p1,rating,1e39,{ts},\n", One(RejectionReason.InvalidValue));
        yield return CsvCase("csv-value-not-a-number", $"shop,carol,p1,rating,4½,{ts},\n", One(M));
        yield return CsvCase("csv-negative-value", $"shop,carol,p1,dwell,-3,{ts},\n", One(RejectionReason.InvalidValue));
        yield return CsvCase("csv-rating-without-value", $"shop,carol,p1,rating,,{ts},\n", One(RejectionReason.InvalidValue));

        // CSV: timestamps.
        yield return CsvCase("csv-negative-unix-timestamp", "shop,carol,p1,view,,-1,\n", One(RejectionReason.TimestampOutOfRange));
        yield return CsvCase("csv-far-future-timestamp", "shop,carol,p1,view,,9999-12-31T23:59:59Z,\n", One(RejectionReason.TimestampOutOfRange));
        yield return CsvCase("csv-twelve-digit-unix-read-as-milliseconds", "shop,carol,p1,view,,253402300800,\n", One(RejectionReason.TimestampOutOfRange));
        yield return CsvCase("csv-timestamp-year-10000", "shop,carol,p1,view,,10000-01-01T00:00:00Z,\n", One(M));
        yield return CsvCase("csv-timestamp-overflows-long", "shop,carol,p1,view,,-99999999999999999999999,\n", One(M));
        yield return CsvCase("csv-timestamp-empty", "shop,carol,p1,view,,,\n", One(M));

        // CSV: ids and kinds.
        yield return CsvCase("csv-empty-ids", $",,,view,,{ts},\n", One(RejectionReason.EmptyId));
        yield return CsvCase("csv-whitespace-account", $"shop,\"  \t \",p1,view,,{ts},\n", One(RejectionReason.EmptyId));
        yield return CsvCase("csv-oversized-account", $"shop,{new string('a', 100_000)},p1,view,,{ts},\n", One(RejectionReason.InvalidId));
        yield return CsvCase("csv-control-character-in-platform", $"sh\u0007op,carol,p1,view,,{ts},\n", One(RejectionReason.InvalidId));
        yield return CsvCase("csv-unknown-kind", $"shop,carol,p1,teleport,,{ts},\n", One(RejectionReason.UnknownKind));
        yield return CsvCase("csv-empty-kind", $"shop,carol,p1,  ,,{ts},\n", One(RejectionReason.UnknownKind));
        InteractionEvent unknownPlatform = new("blockbuster", "carol", "p1", EventKind.View, s_time.AddMinutes(30));
        yield return CsvCase("csv-unlisted-platform-is-kept", Csv(unknownPlatform), None, accepted: [s_before, unknownPlatform, s_after]);
        InteractionEvent listedKind = new("shop", "carol", "p1", new EventKind("wishlist"), s_time.AddMinutes(30));
        yield return CsvCase("csv-custom-kind-listed", Csv(listedKind), None, o => o.CustomKinds = [new EventKind("wishlist")], [s_before, listedKind, s_after]);

        // CSV: floods.
        var flood = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            flood.Append("shop,mallory,p9,click,,2026-01-01T12:30:00Z,\n");
        }

        InteractionEvent flooded = new("shop", "mallory", "p9", EventKind.Click, s_time.AddMinutes(30));
        yield return CsvCase("csv-duplicate-flood-100k", flood.ToString(), One(RejectionReason.Duplicate, 99_999), o => o.DetectBots = false, [s_before, flooded, s_after]);
        yield return CsvCase("csv-duplicate-flood-100k-is-a-bot", flood.ToString().Replace("mallory", "trudy", StringComparison.Ordinal), One(RejectionReason.BotLikeAccount, 100_000));
        InteractionEvent plain1 = new("news", "dave", "plain1", EventKind.View, s_time.AddHours(2));
        InteractionEvent plain2 = new("news", "dave", "plain2", EventKind.View, s_time.AddHours(3));
        yield return new BadInput("csv-unbalanced-quote-never-closed", Source.Csv,
            () => Utf8(Header + Csv(s_before) + Csv(plain1) + $"shop,carol,\"p1,view,,{ts},\n" + Csv(plain2)), One(M), null, [s_before, plain1, plain2]);

        // JSON Lines.
        yield return JsonCase("jsonl-truncated-object", "{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\n", One(M));
        yield return JsonCase("jsonl-account-is-a-number", $"{{\"platform\":\"shop\",\"account\":5,\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"{ts}\"}}\n", One(M));
        yield return JsonCase("jsonl-value-is-an-object", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"rating\",\"value\":{{}},\"timestamp\":\"{ts}\"}}\n", One(M));
        yield return JsonCase("jsonl-value-is-a-word", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"rating\",\"value\":\"lots\",\"timestamp\":\"{ts}\"}}\n", One(M));
        yield return JsonCase("jsonl-timestamp-is-a-boolean", "{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":true}\n", One(M));
        yield return JsonCase("jsonl-timestamp-1e300", "{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":1e300}\n", One(M));
        yield return JsonCase("jsonl-negative-timestamp", "{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":-1}\n", One(RejectionReason.TimestampOutOfRange));
        yield return JsonCase("jsonl-far-future-timestamp", "{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"9000-01-01T00:00:00Z\"}\n", One(RejectionReason.TimestampOutOfRange));
        yield return JsonCase("jsonl-missing-timestamp", "{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\"}\n", One(M));
        yield return JsonCase("jsonl-nested-10000-deep-array", new string('[', 10_000) + new string(']', 10_000) + "\n", One(M));
        yield return JsonCase("jsonl-nested-10000-deep-property",
            $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"{ts}\",\"extra\":{string.Concat(Enumerable.Repeat("{\"a\":", 10_000))}1{new string('}', 10_000)}}}\n", One(M));
        yield return JsonCase("jsonl-nan-value", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"rating\",\"value\":\"NaN\",\"timestamp\":\"{ts}\"}}\n", One(RejectionReason.InvalidValue));
        yield return JsonCase("jsonl-infinite-value", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"rating\",\"value\":\"Infinity\",\"timestamp\":\"{ts}\"}}\n", One(RejectionReason.InvalidValue));
        yield return JsonCase("jsonl-value-1e39", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"rating\",\"value\":1e39,\"timestamp\":\"{ts}\"}}\n", One(RejectionReason.InvalidValue));
        yield return JsonBytes("jsonl-invalid-utf8-in-string", Concat(Utf8("{\"platform\":\"shop\",\"account\":\"ca"), [0xC3, 0x28, 0xFF], Utf8($"rol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"{ts}\"}}\n")), One(M));
        yield return JsonBytes("jsonl-binary-garbage", Concat(Garbage(4096, 2), Utf8("\n")), One(M));
        yield return JsonCase("jsonl-null-line", "null\n", One(M));
        yield return JsonCase("jsonl-array-line", "[1,2,3]\n", One(M));
        yield return JsonCase("jsonl-missing-account", $"{{\"platform\":\"shop\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"{ts}\"}}\n", One(RejectionReason.EmptyId));
        yield return JsonCase("jsonl-whitespace-kind", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\" \\t \",\"timestamp\":\"{ts}\"}}\n", One(RejectionReason.UnknownKind));
        yield return JsonCase("jsonl-escaped-nul-in-item", $"{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p\\u00001\",\"kind\":\"view\",\"timestamp\":\"{ts}\"}}\n", One(RejectionReason.InvalidId));
        yield return JsonCase("jsonl-lone-surrogate-in-account", $"{{\"platform\":\"shop\",\"account\":\"ca\\ud800rol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"{ts}\"}}\n", One(M));
        yield return JsonCase("jsonl-bom-starting-a-line", $"\uFEFF{{\"platform\":\"shop\",\"account\":\"carol\",\"item\":\"p1\",\"kind\":\"view\",\"timestamp\":\"{ts}\"}}\n", One(M));
        yield return JsonCase("jsonl-nul-line", "\0\0\0\n", One(M));
        yield return JsonCase("jsonl-ten-megabyte-line", "{\"text\":\"" + new string('z', 10 << 20) + "\n", One(M));
        yield return new BadInput("jsonl-crlf-and-blank-lines", Source.JsonLines,
            () => Utf8(Json(s_before).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n  \n\t\r\n" + Json(s_after)), None, null, null);

        // Item catalogues.
        yield return CatalogCsv("catalog-csv-too-few-columns", "shop,p1\n", One(M));
        yield return CatalogCsv("catalog-csv-empty-title", "shop,p1,   ,,\n", One(RejectionReason.EmptyId));
        yield return CatalogCsv("catalog-csv-repeated-id", "shop,before,Other title,,\n", One(RejectionReason.Duplicate));
        yield return CatalogCsv("catalog-csv-unbalanced-quote", "shop,p1,\"Broken title,,\n", One(M));
        yield return CatalogJson("catalog-jsonl-truncated", "{\"platform\":\"shop\",\"id\":\"p1\",\"ti\n", One(M));
        yield return CatalogJson("catalog-jsonl-categories-not-a-list", "{\"platform\":\"shop\",\"id\":\"p1\",\"title\":\"T\",\"categories\":\"a\"}\n", One(M));
        yield return CatalogJson("catalog-jsonl-missing-id", "{\"platform\":\"shop\",\"title\":\"T\"}\n", One(RejectionReason.EmptyId));
        yield return CatalogJson("catalog-jsonl-null-and-blank-categories", "{\"platform\":\"shop\",\"id\":\"p1\",\"title\":\"T\",\"categories\":[null,\"a\",\"  \"]}\n", None,
            [s_itemBefore, new Item("shop", "p1", "T") { Categories = ["a"] }, s_itemAfter]);
    }

    /// <summary>One corpus case.</summary>
    private sealed record BadInput(
        string Name,
        Source Source,
        Func<byte[]> Bytes,
        Dictionary<RejectionReason, long> Expected,
        Action<EventCleanerOptions>? Configure,
        InteractionEvent[]? Accepted,
        Item[]? Items = null);
}
