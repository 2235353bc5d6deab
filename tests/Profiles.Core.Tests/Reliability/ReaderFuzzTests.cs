// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Profiles.Core.Tests;

/// <summary>Random bytes and random mutations of valid documents never crash a reader or the cleaner, keep the report
/// balanced, and never cost a row the mutation did not touch.</summary>
public class ReaderFuzzTests
{
    private const string Header = "platform,account,item,kind,value,timestamp,text";
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FixedTimeProvider s_now = new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Bytes biased towards what breaks parsers: separators, quotes, line breaks, braces, NUL, a BOM's bytes,
    /// UTF-8 lead and continuation bytes, and any byte at all.</summary>
    private static Gen<byte> FuzzByte => Gen.OneOf(
        Gen.Choose(0, 255).Select(b => (byte)b),
        Gen.Elements("\",\n\r{}[]:\\\0 ;\t".Select(c => (byte)c).ToArray()),
        Gen.Elements<byte>(0xEF, 0xBB, 0xBF, 0xC3, 0xE2, 0xF0, 0x80, 0xBF, 0xFF));

    private static Gen<byte[]> FuzzBytes => Gen.Choose(0, 600).SelectMany(n => Gen.ArrayOf(FuzzByte, n));

    /// <summary>A valid document of 1 to 12 rows with distinct accounts, items and times, so no row merges with another.</summary>
    private static Gen<InteractionEvent[]> Rows =>
        from n in Gen.Choose(1, 12)
        from kinds in Gen.ArrayOf(Gen.Elements(EventKind.View, EventKind.Click, EventKind.Purchase, EventKind.Rating), n)
        from texts in Gen.ArrayOf(Gen.Elements<string?>(null, "nice", "two words", "x"), n)
        select kinds.Select((k, i) => new InteractionEvent(i % 2 == 0 ? "shop" : "news", $"a{i}", $"p{i}", k, s_start.AddMinutes(i * 7))
        {
            Value = k == EventKind.Rating ? 1 + (i % 5) : null,
            Text = texts[i],
        }).ToArray();

    private static Gen<Mutation> Mutations =>
        from kind in Gen.Elements(Enum.GetValues<MutationKind>())
        from line in Gen.Choose(0, 1000)
        from at in Gen.Choose(0, 1000)
        from value in Gen.Choose(0, 255)
        select new Mutation(kind, line, at, (byte)value);

    public enum MutationKind
    {
        FlipByte,
        InsertQuote,
        InsertSeparator,
        InsertLineBreak,
        InsertCarriageReturn,
        InsertByte,
        DeleteByte,
        TruncateHere,
        DuplicateLine,
    }

    [Property(MaxTest = 300)]
    public Property CsvReader_RandomBytesAfterHeader_NeverThrowsAndBalances() =>
        Prop.ForAll(FuzzBytes.ToArbitrary(), bytes =>
        {
            byte[] document = [.. Encoding.UTF8.GetBytes(Header + "\n"), .. bytes];
            IngestionReport report = ReadAndCleanCsv(document, out _);
            return report.IsBalanced.Label(report.ToString());
        });

    [Property(MaxTest = 200)]
    public Property CsvReader_RandomBytesAsWholeFile_OnlyTheDocumentedHeaderErrorEscapes() =>
        Prop.ForAll(FuzzBytes.ToArbitrary(), bytes =>
        {
            try
            {
                IngestionReport report = ReadAndCleanCsv(bytes, out _);
                return report.IsBalanced.Label(report.ToString());
            }
            catch (InvalidDataException ex)
            {
                return ex.Message.Contains("header", StringComparison.Ordinal).Label(ex.Message);
            }
        });

    [Property(MaxTest = 300)]
    public Property JsonLinesReader_RandomBytes_NeverThrowsAndBalances() =>
        Prop.ForAll(FuzzBytes.ToArbitrary(), bytes =>
        {
            IngestionReport report = ReadAndCleanJson(bytes, out _);
            return report.IsBalanced.Label(report.ToString());
        });

    [Property(MaxTest = 300)]
    public Property CsvReader_MutatedValidDocument_UntouchedRowsComeThrough() =>
        Prop.ForAll(Rows.ToArbitrary(), Mutations.ToArbitrary(), (rows, mutation) =>
        {
            List<byte[]> lines = [.. rows.Select(e => Encoding.UTF8.GetBytes(CsvLine(e)))];
            (byte[] body, HashSet<int> untouched) = Mutate(lines, mutation, "\",\n");
            byte[] document = [.. Encoding.UTF8.GetBytes(Header + "\n"), .. body];
            IngestionReport report = ReadAndCleanCsv(document, out List<InteractionEvent> read);
            List<int> lost = [.. untouched.Where(i => !read.Contains(rows[i]))];
            return (report.IsBalanced && lost.Count == 0)
                .Label($"{mutation}: lost rows {string.Join(",", lost)}\n{Encoding.UTF8.GetString(document)}\n{report}");
        });

    [Property(MaxTest = 300)]
    public Property JsonLinesReader_MutatedValidDocument_UntouchedRowsComeThrough() =>
        Prop.ForAll(Rows.ToArbitrary(), Mutations.ToArbitrary(), (rows, mutation) =>
        {
            List<byte[]> lines = [.. rows.Select(e => Encoding.UTF8.GetBytes(JsonLine(e)))];
            (byte[] document, HashSet<int> untouched) = Mutate(lines, mutation, "\"{\n");
            IngestionReport report = ReadAndCleanJson(document, out List<InteractionEvent> read);
            List<int> lost = [.. untouched.Where(i => !read.Contains(rows[i]))];
            return (report.IsBalanced && lost.Count == 0)
                .Label($"{mutation}: lost rows {string.Join(",", lost)}\n{Encoding.UTF8.GetString(document)}\n{report}");
        });

    [Property(MaxTest = 200)]
    public Property Cleaner_MutatedEvents_BalancedAndEveryAcceptedEventValid() =>
        Prop.ForAll(Rows.ToArbitrary(), Gen.ArrayOf(Gen.Choose(0, 9)).ToArbitrary(), (rows, edits) =>
        {
            // Field-level mutations the readers cannot produce from bytes: lone surrogates, huge values, default ids.
            InteractionEvent[] events = [.. rows.Select((e, i) => Edit(e, edits.Length == 0 ? 0 : edits[i % edits.Length]))];
            var report = new IngestionReport();
            CleanedEvents cleaned = new EventCleaner(new EventCleanerOptions { TimeProvider = s_now, DetectBots = false }).Clean(events, report);
            bool valid = cleaned.Events.All(e => !e.Platform.IsEmpty && !e.Account.IsEmpty && !e.Item.IsEmpty && e.Account.Value.Length <= 1024 &&
                !e.Account.Value.Any(char.IsSurrogate) && (e.Value is null || (float.IsFinite(e.Value.Value) && e.Value >= 0)));
            return (report.IsBalanced && report.Read == events.Length && valid).Label(report.ToString());
        });

    private static InteractionEvent Edit(InteractionEvent e, int edit) => edit switch
    {
        1 => e with { Account = e.Account.Value + "\uD83D" },
        2 => e with { Value = float.MaxValue },
        3 => e with { Value = float.NaN },
        4 => e with { Account = default },
        5 => e with { Item = new string('i', 5000) },
        6 => e with { Timestamp = DateTimeOffset.MaxValue },
        7 => e with { Timestamp = DateTimeOffset.MinValue },
        8 => e with { Kind = default },
        9 => e with { Platform = "\0" },
        _ => e,
    };

    private static IngestionReport ReadAndCleanCsv(byte[] document, out List<InteractionEvent> read)
    {
        var report = new IngestionReport();
        read = new CsvEventReader().ReadAsync(new MemoryStream(document), report).ToListAsync().AsTask().GetAwaiter().GetResult();
        new EventCleaner(new EventCleanerOptions { TimeProvider = s_now, DetectBots = false }).Clean(read, report);
        return report;
    }

    private static IngestionReport ReadAndCleanJson(byte[] document, out List<InteractionEvent> read)
    {
        var report = new IngestionReport();
        read = new JsonLinesEventReader().ReadAsync(new MemoryStream(document), report).ToListAsync().AsTask().GetAwaiter().GetResult();
        new EventCleaner(new EventCleanerOptions { TimeProvider = s_now, DetectBots = false }).Clean(read, report);
        return report;
    }

    /// <summary>Applies <paramref name="mutation"/> to one line; returns the document and the lines left untouched.</summary>
    private static (byte[] Document, HashSet<int> Untouched) Mutate(List<byte[]> lines, Mutation mutation, string specials)
    {
        int target = mutation.Line % lines.Count;
        var untouched = new HashSet<int>(Enumerable.Range(0, lines.Count));
        untouched.Remove(target);
        List<byte> line = [.. lines[target]];
        int at = line.Count == 0 ? 0 : mutation.At % line.Count;
        bool truncate = false;
        switch (mutation.Kind)
        {
            case MutationKind.FlipByte:
                line[at] ^= (byte)(1 << (mutation.Value % 8));
                break;
            case MutationKind.InsertQuote:
                line.Insert(at, (byte)specials[0]);
                break;
            case MutationKind.InsertSeparator:
                line.Insert(at, (byte)specials[1]);
                break;
            case MutationKind.InsertLineBreak:
                line.Insert(at, (byte)'\n');
                break;
            case MutationKind.InsertCarriageReturn:
                line.Insert(at, (byte)'\r');
                break;
            case MutationKind.InsertByte:
                line.Insert(at, mutation.Value);
                break;
            case MutationKind.DeleteByte:
                line.RemoveAt(at);
                break;
            case MutationKind.TruncateHere:
                line.RemoveRange(at, line.Count - at);
                truncate = true;
                untouched.RemoveWhere(i => i > target);
                break;
            case MutationKind.DuplicateLine:
                untouched.Add(target);
                break;
        }

        var document = new List<byte>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (i == target)
            {
                document.AddRange(line);
                if (truncate)
                {
                    break;
                }

                document.Add((byte)'\n');
                if (mutation.Kind == MutationKind.DuplicateLine)
                {
                    document.AddRange(line);
                    document.Add((byte)'\n');
                }
            }
            else
            {
                document.AddRange(lines[i]);
                document.Add((byte)'\n');
            }
        }

        return ([.. document], untouched);
    }

    private static string CsvLine(InteractionEvent e) => string.Join(",",
        e.Platform.Value, e.Account.Value, e.Item.Value, e.Kind.Value, e.Value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        e.Timestamp.ToString("O", CultureInfo.InvariantCulture), e.Text ?? string.Empty);

    private static string JsonLine(InteractionEvent e) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["platform"] = e.Platform.Value,
        ["account"] = e.Account.Value,
        ["item"] = e.Item.Value,
        ["kind"] = e.Kind.Value,
        ["value"] = e.Value,
        ["timestamp"] = e.Timestamp.ToString("O", CultureInfo.InvariantCulture),
        ["text"] = e.Text,
    });

    /// <summary>One mutation: what, on which line (modulo the line count), where in it (modulo its length), and a byte.</summary>
    public sealed record Mutation(MutationKind Kind, int Line, int At, byte Value);
}
