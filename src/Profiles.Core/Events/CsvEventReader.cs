// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using nietras.SeparatedValues;

namespace Profiles.Core;

/// <summary>Reads <see cref="InteractionEvent"/>s from CSV (RFC 4180 quoting, a header row, UTF-8 with or without a
/// byte-order mark), streaming, one row at a time.</summary>
/// <remarks>
/// <para>A row that cannot be parsed (wrong column count, a value or timestamp that is not a number or a date) never
/// throws: it is recorded in the <see cref="IngestionReport"/> as <see cref="RejectionReason.Malformed"/> with its line
/// number, and reading goes on. A quote left open on one line does not swallow the good rows after it: that line alone
/// is rejected. Blank lines are skipped and not counted. Rows that parse are handed over as they are; <see cref="EventCleaner"/> judges them.
/// Only a header without the required columns, or one that repeats a column name, throws, because then no row can be read.</para>
/// <para>Parsing is done by Sep; ids are pooled per column (looked up by their characters, so a repeated id allocates
/// nothing), and repeated ids share one string.</para>
/// <para>This type is thread-safe: each read has its own state.</para>
/// </remarks>
public sealed class CsvEventReader
{
    /// <summary>Events per pooled chunk of <see cref="ReadAll(TextReader, IngestionReport)"/> (1 MiB of events).</summary>
    private const int ChunkLength = 1 << 14;
    private readonly CsvEventOptions _options;

    /// <summary>Initializes a new instance of the <see cref="CsvEventReader"/> class.</summary>
    /// <param name="options">The options, cloned here; <see langword="null"/> for the defaults.</param>
    public CsvEventReader(CsvEventOptions? options = null) => _options = options?.Clone() ?? new CsvEventOptions();

    /// <summary>Reads events from <paramref name="stream"/> asynchronously.</summary>
    /// <param name="stream">UTF-8 CSV with a header row; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parsable rows as events, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The header lacks a required column or repeats a column name.</exception>
    public IAsyncEnumerable<InteractionEvent> ReadAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.ReaderOptions(_options.Separator);
        return SepRows.ReadAsync(ct => sep.FromAsync(stream, leaveOpen: true, ct), Bind, report, cancellationToken,
            CsvSep.RecoveryReaderOptions(_options.Separator));
    }

    /// <summary>Reads events from <paramref name="reader"/>.</summary>
    /// <param name="reader">CSV text with a header row; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <returns>The parsable rows as events, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The header lacks a required column or repeats a column name.</exception>
    public IEnumerable<InteractionEvent> Read(TextReader reader, IngestionReport report)
    {
        Throw.IfNull(reader);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.ReaderOptions(_options.Separator);
        return SepRows.Read(() => sep.From(reader, leaveOpen: true), Bind, report, CsvSep.RecoveryReaderOptions(_options.Separator));
    }

    /// <summary>Reads all events of <paramref name="csv"/> into one <see cref="EventBatch"/>: the fastest way to load CSV
    /// held in memory.</summary>
    /// <param name="csv">CSV text with a header row.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <returns>The parsable rows as events, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csv"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The header lacks a required column or repeats a column name.</exception>
    /// <remarks><para>Rows are parsed as <see cref="Read"/> parses them, with the same rejections. The buffer is sized
    /// once from the number of lines, so nothing is copied or regrown; hand the batch to
    /// <see cref="EventCleaner.CleanInPlace"/> to clean it without a second buffer.</para></remarks>
    public EventBatch ReadAll(string csv, IngestionReport report)
    {
        Throw.IfNull(csv);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.ReaderOptions(_options.Separator);

        // Every row takes at least one line and the header one more, so with \n line ends the line count bounds the rows
        // from above; text with lone \r line ends overflows the estimate and grows once.
        var events = new InteractionEvent[csv.AsSpan().Count('\n') + 1];
        int count = 0;
        foreach (InteractionEvent e in SepRows.Read(() => sep.FromText(csv), Bind, report, CsvSep.RecoveryReaderOptions(_options.Separator)))
        {
            if (count == events.Length)
            {
                Array.Resize(ref events, (int)Math.Min(Array.MaxLength, 2L * events.Length));
            }

            events[count++] = e;
        }

        return new EventBatch(events, count);
    }

    /// <summary>Reads all events from <paramref name="reader"/> into one <see cref="EventBatch"/>.</summary>
    /// <param name="reader">CSV text with a header row; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <returns>The parsable rows as events, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The header lacks a required column or repeats a column name.</exception>
    /// <remarks><para>Rows are parsed as <see cref="Read"/> parses them, with the same rejections. The events are gathered
    /// in pooled chunks and copied once into a buffer of the exact size, instead of a list that doubles and copies as it
    /// grows. For a source too large to hold, stream it with <see cref="ReadAsync"/>.</para></remarks>
    public EventBatch ReadAll(TextReader reader, IngestionReport report)
    {
        Throw.IfNull(reader);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.ReaderOptions(_options.Separator);
        var chunks = new List<InteractionEvent[]>();
        InteractionEvent[] current = ArrayPool<InteractionEvent>.Shared.Rent(ChunkLength);
        int filled = 0;
        try
        {
            foreach (InteractionEvent e in SepRows.Read(() => sep.From(reader, leaveOpen: true), Bind, report, CsvSep.RecoveryReaderOptions(_options.Separator)))
            {
                if (filled == ChunkLength)
                {
                    chunks.Add(current);
                    current = ArrayPool<InteractionEvent>.Shared.Rent(ChunkLength);
                    filled = 0;
                }

                current[filled++] = e;
            }

            long total = ((long)chunks.Count * ChunkLength) + filled;
            var events = new InteractionEvent[total];
            int at = 0;
            foreach (InteractionEvent[] chunk in chunks)
            {
                chunk.AsSpan(0, ChunkLength).CopyTo(events.AsSpan(at));
                at += ChunkLength;
            }

            current.AsSpan(0, filled).CopyTo(events.AsSpan(at));
            return new EventBatch(events, events.Length);
        }
        finally
        {
            foreach (InteractionEvent[] chunk in chunks)
            {
                ArrayPool<InteractionEvent>.Shared.Return(chunk, clearArray: true);
            }

            ArrayPool<InteractionEvent>.Shared.Return(current, clearArray: true);
        }
    }

    private SepRows.RowParser<InteractionEvent> Bind(SepReaderHeader header) => new RowMap(_options, header).TryParse;

    /// <summary>Where each field is in a row, resolved once from the header.</summary>
    private sealed class RowMap
    {
        private readonly int _columns;
        private readonly int _platform;
        private readonly int _account;
        private readonly int _item;
        private readonly int _kind;
        private readonly int _value;
        private readonly int _timestamp;
        private readonly int _text;
        private readonly PlatformId _defaultPlatform;
        private readonly EventKind _defaultKind;
        private readonly TimestampFormat _format;
        private readonly Dictionary<string, EventKind> _kinds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, EventKind>.AlternateLookup<ReadOnlySpan<char>> _kindLookup;

        // Sep's own per-column pool misses for most ids of a large log, so ids are pooled here, looked up by span.
        private readonly IdPool _platforms = new(1 << 10);
        private readonly IdPool _accounts = new(1 << 20);
        private readonly IdPool _items = new(1 << 20);
        private readonly IdPool _texts = new(1 << 16);

        public RowMap(CsvEventOptions options, SepReaderHeader header)
        {
            _columns = header.ColNames.Count;
            _platform = Find(header, options.PlatformColumn, required: options.DefaultPlatform is null);
            _account = Find(header, options.AccountColumn, required: true);
            _item = Find(header, options.ItemColumn, required: true);
            _kind = Find(header, options.KindColumn, required: options.DefaultKind is null);
            _value = Find(header, options.ValueColumn, required: false);
            _timestamp = Find(header, options.TimestampColumn, required: true);
            _text = Find(header, options.TextColumn, required: false);
            _defaultPlatform = options.DefaultPlatform ?? default;
            _defaultKind = options.DefaultKind ?? default;
            _format = options.TimestampFormat;
            _kindLookup = _kinds.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public bool TryParse(SepReader.Row row, long line, IngestionReport report, out InteractionEvent e)
        {
            e = default;
            if (!SepRows.CheckColumns(row, line, _columns, report))
            {
                return false;
            }

            float? value = null;
            if (_value >= 0)
            {
                ReadOnlySpan<char> cell = row[_value].Span.Trim();
                if (!cell.IsEmpty)
                {
                    if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    {
                        report.RecordMalformed(line, $"column 'value': '{Clip(cell)}' is not a number");
                        return false;
                    }

                    value = v;
                }
            }

            ReadOnlySpan<char> time = row[_timestamp].Span;
            if (!TimestampParser.TryParse(time, _format, out DateTimeOffset timestamp))
            {
                report.RecordMalformed(line, $"column 'timestamp': '{Clip(time)}' is not a timestamp");
                return false;
            }

            PlatformId platform = _platform >= 0 ? new PlatformId(_platforms.Get(row[_platform].Span)) : _defaultPlatform;
            EventKind kind = _kind >= 0 ? Kind(row[_kind].Span) : _defaultKind;
            string? text = null;
            if (_text >= 0)
            {
                ReadOnlySpan<char> cell = row[_text].Span;
                text = cell.IsEmpty ? null : _texts.Get(cell);
            }

            e = new InteractionEvent(platform, new AccountId(_accounts.Get(row[_account].Span)), new ItemId(_items.Get(row[_item].Span)), kind, timestamp)
            {
                Value = value,
                Text = text,
            };
            return true;
        }

        private EventKind Kind(ReadOnlySpan<char> name)
        {
            if (!_kindLookup.TryGetValue(name, out EventKind kind))
            {
                kind = EventKind.Parse(name);
                if (_kinds.Count < 1024)
                {
                    _kinds.Add(name.ToString(), kind);
                }
            }

            return kind;
        }

        private static int Find(SepReaderHeader header, string name, bool required) =>
            SepRows.Column(header, name, required, nameof(CsvEventOptions));
    }

    private static string Clip(ReadOnlySpan<char> text) => SepRows.Clip(text);
}
