// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using nietras.SeparatedValues;

namespace Profiles.Core;

/// <summary>The items of one or more platforms' catalogues, keyed by platform and item id.</summary>
/// <remarks>
/// <para>Catalogues load from CSV (header <c>platform,id,title,description,categories</c>, categories separated by
/// <c>|</c>; the platform column may be missing when a default platform is given) and from JSON Lines (objects with
/// <c>platform</c>, <c>id</c>, <c>title</c>, <c>description</c> and a <c>categories</c> array). Loading accounts for every
/// row in an <see cref="IngestionReport"/>: malformed rows and rows without an id or title are rejected, a repeated id is
/// merged into the first.</para>
/// <para>Reading is thread-safe while nobody adds; <see cref="TryAdd"/> is not thread-safe.</para>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A catalogue is the domain's word for it.")]
public sealed class ItemCatalog : IReadOnlyCollection<Item>
{
    private readonly Dictionary<(PlatformId, ItemId), Item> _items = [];
    private readonly List<Item> _order = [];

    /// <summary>Initializes a new, empty instance of the <see cref="ItemCatalog"/> class.</summary>
    public ItemCatalog()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ItemCatalog"/> class with <paramref name="items"/>; a
    /// repeated platform and id keeps the first.</summary>
    /// <param name="items">The items.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    public ItemCatalog(IEnumerable<Item> items)
    {
        foreach (Item item in Throw.IfNull(items))
        {
            _ = TryAdd(item);
        }
    }

    /// <summary>Gets the number of items.</summary>
    public int Count => _order.Count;

    /// <summary>Gets the item with the given platform and id.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="id">The item's id.</param>
    /// <returns>The item.</returns>
    /// <exception cref="KeyNotFoundException">The catalogue has no such item.</exception>
    public Item this[PlatformId platform, ItemId id] =>
        _items.TryGetValue((platform, id), out Item? item) ? item : throw new KeyNotFoundException($"The catalogue has no item {platform}/{id}.");

    /// <summary>Adds <paramref name="item"/> unless the catalogue already has an item with its platform and id.</summary>
    /// <param name="item">The item.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the id was taken.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is <see langword="null"/>.</exception>
    public bool TryAdd(Item item)
    {
        Throw.IfNull(item);
        if (!_items.TryAdd((item.Platform, item.Id), item))
        {
            return false;
        }

        _order.Add(item);
        return true;
    }

    /// <summary>Looks an item up by platform and id.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="id">The item's id.</param>
    /// <param name="item">The item, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGet(PlatformId platform, ItemId id, [MaybeNullWhen(false)] out Item item) => _items.TryGetValue((platform, id), out item);

    /// <summary>Returns the items in the order they were added.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<Item> GetEnumerator() => _order.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Reads a catalogue from CSV.</summary>
    /// <param name="stream">UTF-8 CSV with a header; not closed.</param>
    /// <param name="report">Accounts for every row.</param>
    /// <param name="defaultPlatform">The platform of rows when there is no platform column.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The header lacks the id or title column, or the platform column without a default, or repeats a column name.</exception>
    public static Task<ItemCatalog> ReadCsvAsync(Stream stream, IngestionReport report, PlatformId? defaultPlatform = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.ReaderOptions(',');
        return CollectAsync(SepRows.ReadAsync(ct => sep.FromAsync(stream, leaveOpen: true, ct), header => BindCsv(header, defaultPlatform), report,
            cancellationToken, CsvSep.RecoveryReaderOptions(',')), report, cancellationToken);
    }

    /// <summary>Reads a catalogue from JSON Lines.</summary>
    /// <param name="stream">UTF-8 JSON Lines; not closed.</param>
    /// <param name="report">Accounts for every line.</param>
    /// <param name="defaultPlatform">The platform of lines without one.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static Task<ItemCatalog> ReadJsonLinesAsync(Stream stream, IngestionReport report, PlatformId? defaultPlatform = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        PlatformId platform = defaultPlatform ?? default;
        IAsyncEnumerable<Item> items = JsonLines.ReadAsync(stream, (ReadOnlySpan<byte> line, long lineNumber, out Item item) =>
        {
            item = null!;
            JsonItemRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(line, ProfilesJsonContext.Default.JsonItemRecord);
            }
            catch (JsonException ex)
            {
                report.RecordMalformed(lineNumber, $"not a JSON item: {ex.Message}");
                return false;
            }

            if (record is null)
            {
                report.RecordMalformed(lineNumber, "the line is JSON null");
                return false;
            }

            item = new Item(record.Platform is null ? platform : new PlatformId(record.Platform), new ItemId(record.Id!), record.Title!)
            {
                Description = record.Description,
                Categories = Categories(record.Categories),
            };
            return true;
        }, cancellationToken);
        return CollectAsync(items, report, cancellationToken);
    }

    internal static async Task<ItemCatalog> CollectAsync(IAsyncEnumerable<Item> items, IngestionReport report, CancellationToken cancellationToken)
    {
        var catalog = new ItemCatalog();
        long read = 0, accepted = 0;
        await foreach (Item item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (item.Platform.IsEmpty || item.Id.IsEmpty || string.IsNullOrWhiteSpace(item.Title))
            {
                string which = item.Platform.IsEmpty ? "platform" : item.Id.IsEmpty ? "id" : "title";
                report.Record(RejectionReason.EmptyId, null, $"item {item.Platform}/{item.Id} has no {which}", null);
                continue;
            }

            if (!catalog.TryAdd(item))
            {
                report.Record(RejectionReason.Duplicate, null, $"item {item.Platform}/{item.Id} appears again; the first is kept", null);
                continue;
            }

            accepted++;
        }

        report.AddRead(read);
        report.AddAccepted(accepted);
        return catalog;
    }

    /// <summary>Keeps the categories that are strings with some text, trimmed; JSON may hold <c>null</c> or blanks.</summary>
    private static string[] Categories(List<string>? categories)
    {
        if (categories is null)
        {
            return [];
        }

        var result = new List<string>(categories.Count);
        foreach (string? category in categories)
        {
            if (!string.IsNullOrWhiteSpace(category))
            {
                result.Add(category.Trim());
            }
        }

        return [.. result];
    }

    internal static string[] SplitCategories(ReadOnlySpan<char> text, char separator)
    {
        var result = new List<string>();
        foreach (Range range in text.Split(separator))
        {
            ReadOnlySpan<char> part = text[range].Trim();
            if (!part.IsEmpty)
            {
                result.Add(part.ToString());
            }
        }

        return [.. result];
    }

    private static SepRows.RowParser<Item> BindCsv(SepReaderHeader header, PlatformId? defaultPlatform)
    {
        int columns = header.ColNames.Count;
        int platform = SepRows.Column(header, "platform", required: defaultPlatform is null, nameof(defaultPlatform));
        int id = SepRows.Column(header, "id", required: true, "the header");
        int title = SepRows.Column(header, "title", required: true, "the header");
        int description = SepRows.Column(header, "description", required: false, "the header");
        int categories = SepRows.Column(header, "categories", required: false, "the header");
        PlatformId fallback = defaultPlatform ?? default;
        return (SepReader.Row row, long line, IngestionReport report, out Item item) =>
        {
            item = null!;
            if (!SepRows.CheckColumns(row, line, columns, report))
            {
                return false;
            }

            string? text = description >= 0 && !row[description].Span.IsEmpty ? row[description].ToString() : null;
            item = new Item(platform >= 0 ? new PlatformId(row[platform].ToString()) : fallback, new ItemId(row[id].ToString()), row[title].ToString())
            {
                Description = text,
                Categories = categories >= 0 ? SplitCategories(row[categories].Span, '|') : [],
            };
            return true;
        };
    }
}
