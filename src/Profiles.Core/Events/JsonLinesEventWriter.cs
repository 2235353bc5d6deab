// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Writes <see cref="InteractionEvent"/>s as UTF-8 JSON Lines that <see cref="JsonLinesEventReader"/> reads
/// back equal; NaN and infinite values are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.</summary>
/// <remarks><para>Writes are thread-safe: each has its own state.</para></remarks>
public static class JsonLinesEventWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    /// <summary>Writes <paramref name="events"/> to <paramref name="stream"/> asynchronously.</summary>
    /// <param name="events">The events.</param>
    /// <param name="stream">The destination; not closed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written and flushed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or <paramref name="stream"/> is <see langword="null"/>.</exception>
    public static async Task WriteAsync(IAsyncEnumerable<InteractionEvent> events, Stream stream, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(events);
        Throw.IfNull(stream);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var json = new Utf8JsonWriter(buffer, s_writerOptions);
        await using (json.ConfigureAwait(false))
        {
            var record = new JsonEventRecord();
            await foreach (InteractionEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                record.Platform = e.Platform.Value;
                record.Account = e.Account.Value;
                record.Item = e.Item.Value;
                record.Kind = e.Kind.Value;
                record.Value = e.Value;
                record.Timestamp = e.Timestamp;
                record.Text = e.Text;
                JsonSerializer.Serialize(json, record, ProfilesJsonContext.Default.JsonEventRecord);
                json.Flush();
                buffer.Write("\n"u8);
                json.Reset();
                if (buffer.WrittenCount >= 1 << 16)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                }
            }

            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
