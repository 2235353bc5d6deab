// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using nietras.SeparatedValues;

namespace Profiles.Core;

/// <summary>Writes <see cref="InteractionEvent"/>s as UTF-8 CSV (no byte-order mark) that <see cref="CsvEventReader"/>
/// reads back equal: a header with the column names of <see cref="CsvEventOptions"/>, RFC 4180 quoting where needed,
/// culture-invariant round-trip numbers and ISO 8601 round-trip timestamps.</summary>
/// <remarks>
/// <para>An empty cell means "none", so an event whose text is the empty string reads back with no text.</para>
/// <para>This type is thread-safe: each write has its own state.</para>
/// </remarks>
public sealed class CsvEventWriter
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly CsvEventOptions _options;

    /// <summary>Initializes a new instance of the <see cref="CsvEventWriter"/> class.</summary>
    /// <param name="options">The options, cloned here; <see langword="null"/> for the defaults.</param>
    public CsvEventWriter(CsvEventOptions? options = null) => _options = options?.Clone() ?? new CsvEventOptions();

    /// <summary>Writes <paramref name="events"/> to <paramref name="writer"/>.</summary>
    /// <param name="events">The events.</param>
    /// <param name="writer">The destination; not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="writer"/> is <see langword="null"/>.</exception>
    public void Write(IEnumerable<InteractionEvent> events, TextWriter writer)
    {
        Throw.IfNull(events);
        Throw.IfNull(writer);
        using SepWriter sep = CsvSep.WriterOptions(_options.Separator).To(writer, leaveOpen: true);
        WriteHeader(sep);
        foreach (InteractionEvent e in events)
        {
            using SepWriter.Row row = sep.NewRow();
            Fill(row, in e);
        }
    }

    /// <summary>Writes <paramref name="events"/> to <paramref name="stream"/> asynchronously.</summary>
    /// <param name="events">The events.</param>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written and flushed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    public async Task WriteAsync(IAsyncEnumerable<InteractionEvent> events, Stream stream, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(events);
        Throw.IfNull(stream);
        var text = new StreamWriter(stream, s_utf8, bufferSize: 1 << 16, leaveOpen: true);
        await using (text.ConfigureAwait(false))
        {
            SepWriter sep = CsvSep.WriterOptions(_options.Separator).To(text, leaveOpen: true);
            await using (sep.ConfigureAwait(false))
            {
                WriteHeader(sep);
                await foreach (InteractionEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    WriteRow(sep, in e);
                }
            }

            await text.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteHeader(SepWriter sep) => sep.Header.Add(
        [_options.PlatformColumn, _options.AccountColumn, _options.ItemColumn, _options.KindColumn, _options.ValueColumn,
            _options.TimestampColumn, _options.TextColumn]);

    private static void WriteRow(SepWriter sep, in InteractionEvent e)
    {
        using SepWriter.Row row = sep.NewRow();
        Fill(row, in e);
    }

    private static void Fill(SepWriter.Row row, in InteractionEvent e)
    {
        row[0].Set(e.Platform.Value);
        row[1].Set(e.Account.Value);
        row[2].Set(e.Item.Value);
        row[3].Set(e.Kind.Value);
        if (e.Value is float value)
        {
            row[4].Format(value);
        }
        else
        {
            row[4].Set(ReadOnlySpan<char>.Empty);
        }

        row[5].Format(e.Timestamp, "O");
        row[6].Set(e.Text);
    }
}
