// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
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
/// <para>Parsing is done by Sep; ids are pooled per column, so repeated ids share one string.</para>
/// <para>This type is thread-safe: each read has its own state.</para>
/// </remarks>
public sealed class CsvEventReader
{
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

            PlatformId platform = _platform >= 0 ? new PlatformId(row[_platform].ToString()) : _defaultPlatform;
            EventKind kind = _kind >= 0 ? Kind(row[_kind].ToString()) : _defaultKind;
            string? text = null;
            if (_text >= 0)
            {
                ReadOnlySpan<char> cell = row[_text].Span;
                text = cell.IsEmpty ? null : row[_text].ToString();
            }

            e = new InteractionEvent(platform, new AccountId(row[_account].ToString()), new ItemId(row[_item].ToString()), kind, timestamp)
            {
                Value = value,
                Text = text,
            };
            return true;
        }

        private EventKind Kind(string name)
        {
            if (!_kinds.TryGetValue(name, out EventKind kind))
            {
                kind = EventKind.Parse(name);
                if (_kinds.Count < 1024)
                {
                    _kinds.Add(name, kind);
                }
            }

            return kind;
        }

        private static int Find(SepReaderHeader header, string name, bool required) =>
            SepRows.Column(header, name, required, nameof(CsvEventOptions));
    }

    private static string Clip(ReadOnlySpan<char> text) => SepRows.Clip(text);
}
