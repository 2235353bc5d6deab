// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace Profiles.Core;

/// <summary>Reads <see cref="InteractionEvent"/>s from JSON Lines (one JSON object per line, UTF-8 with or without a
/// byte-order mark), streaming, with System.Text.Json source-generated metadata.</summary>
/// <remarks>
/// <para>A line that is not a JSON object of the expected shape, or has no parsable timestamp, never throws: it is
/// recorded in the <see cref="IngestionReport"/> as <see cref="RejectionReason.Malformed"/> with its line number.
/// See <see cref="JsonLinesEventOptions"/> for the format.</para>
/// <para>This type is thread-safe: each read has its own state.</para>
/// </remarks>
public sealed class JsonLinesEventReader
{
    private readonly JsonLinesEventOptions _options;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesEventReader"/> class.</summary>
    /// <param name="options">The options, cloned here; <see langword="null"/> for the defaults.</param>
    public JsonLinesEventReader(JsonLinesEventOptions? options = null) => _options = options?.Clone() ?? new JsonLinesEventOptions();

    /// <summary>Reads events from <paramref name="stream"/> asynchronously.</summary>
    /// <param name="stream">UTF-8 JSON Lines; not closed.</param>
    /// <param name="report">Receives the malformed lines.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parsable lines as events, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public IAsyncEnumerable<InteractionEvent> ReadAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        var kinds = new Dictionary<string, EventKind>(StringComparer.Ordinal);
        PlatformId defaultPlatform = _options.DefaultPlatform ?? default;
        EventKind defaultKind = _options.DefaultKind ?? default;
        return JsonLines.ReadAsync(stream, (ReadOnlySpan<byte> line, long lineNumber, out InteractionEvent e) =>
        {
            e = default;
            JsonEventRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(line, ProfilesJsonContext.Default.JsonEventRecord);
            }
            catch (JsonException ex)
            {
                report.RecordMalformed(lineNumber, $"not a JSON event: {ex.Message}");
                return false;
            }

            if (record is null)
            {
                report.RecordMalformed(lineNumber, "the line is JSON null");
                return false;
            }

            if (record.Timestamp is not DateTimeOffset timestamp)
            {
                report.RecordMalformed(lineNumber, "the event has no timestamp");
                return false;
            }

            EventKind kind = defaultKind;
            if (record.Kind is string name)
            {
                if (!kinds.TryGetValue(name, out kind))
                {
                    kind = EventKind.Parse(name);
                    if (kinds.Count < 1024)
                    {
                        kinds.Add(name, kind);
                    }
                }
            }

            e = new InteractionEvent(
                record.Platform is null ? defaultPlatform : new PlatformId(record.Platform),
                new AccountId(record.Account!),
                new ItemId(record.Item!),
                kind,
                timestamp)
            {
                Value = record.Value,
                Text = record.Text,
            };
            return true;
        }, cancellationToken);
    }
}
