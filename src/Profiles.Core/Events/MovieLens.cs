// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using nietras.SeparatedValues;

namespace Profiles.Core;

/// <summary>Reads the public MovieLens datasets (GroupLens, University of Minnesota): the ml-latest-small layout
/// (<c>ratings.csv</c>, <c>movies.csv</c>, <c>tags.csv</c>) and the ML-100K layout (<c>u.data</c>, <c>u.item</c> in
/// Latin-1, <c>u.user</c>), so real data loads in one call.</summary>
/// <remarks>
/// <para>Every rating becomes a <see cref="EventKind.Rating"/> event on <see cref="Platform"/> with the stars as value and
/// the account and item ids as in the files; every tag a <see cref="EventKind.Comment"/> event with the tag as text.
/// Movies become <see cref="Item"/>s whose categories are their genres. Rows that cannot be parsed are recorded in the
/// report, as with any reader. The datasets' licences forbid redistribution: point these readers at your own copy.</para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public static class MovieLens
{
    private static readonly string[] s_100KGenres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Gets the platform every MovieLens event and item is on: <c>movielens</c>.</summary>
    public static PlatformId Platform { get; } = new("movielens");

    /// <summary>Reads ml-latest-small's <c>ratings.csv</c> (<c>userId,movieId,rating,timestamp</c>).</summary>
    /// <param name="stream">The file's content; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ratings, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<InteractionEvent> ReadRatingsAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default) =>
        new CsvEventReader(new CsvEventOptions
        {
            AccountColumn = "userId",
            ItemColumn = "movieId",
            ValueColumn = "rating",
            TimestampColumn = "timestamp",
            TimestampFormat = TimestampFormat.UnixSeconds,
            DefaultPlatform = Platform,
            DefaultKind = EventKind.Rating,
        }).ReadAsync(stream, report, cancellationToken);

    /// <summary>Reads ml-latest-small's <c>tags.csv</c> (<c>userId,movieId,tag,timestamp</c>) as comment events.</summary>
    /// <param name="stream">The file's content; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tags, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<InteractionEvent> ReadTagsAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default) =>
        new CsvEventReader(new CsvEventOptions
        {
            AccountColumn = "userId",
            ItemColumn = "movieId",
            TextColumn = "tag",
            TimestampColumn = "timestamp",
            TimestampFormat = TimestampFormat.UnixSeconds,
            DefaultPlatform = Platform,
            DefaultKind = EventKind.Comment,
        }).ReadAsync(stream, report, cancellationToken);

    /// <summary>Reads ml-latest-small's <c>movies.csv</c> (<c>movieId,title,genres</c>, genres separated by <c>|</c>).</summary>
    /// <param name="stream">The file's content; not closed.</param>
    /// <param name="report">Accounts for every row.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The movies; <c>(no genres listed)</c> becomes no categories.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static Task<ItemCatalog> ReadMoviesAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.ReaderOptions(',');
        return ItemCatalog.CollectAsync(SepRows.ReadAsync(ct => sep.FromAsync(stream, leaveOpen: true, ct), BindMovies, report, cancellationToken,
            CsvSep.RecoveryReaderOptions(',')),
            report, cancellationToken);
    }

    /// <summary>Reads ML-100K's <c>u.data</c> (tab-separated <c>user item rating timestamp</c>, no header).</summary>
    /// <param name="stream">The file's content; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ratings, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<InteractionEvent> Read100KRatingsAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.HeaderlessReaderOptions('\t');
        return SepRows.ReadAsync(ct => sep.FromAsync(stream, leaveOpen: true, ct), static _ => (SepRows.RowParser<InteractionEvent>)Parse100KRating, report, cancellationToken);
    }

    /// <summary>Reads ML-100K's <c>u.item</c> (Latin-1, <c>|</c>-separated: id, title, release date, video release date,
    /// IMDb URL, then 19 genre flags).</summary>
    /// <param name="stream">The file's content; not closed.</param>
    /// <param name="report">Accounts for every row.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The movies, with the flagged genres as categories.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static Task<ItemCatalog> Read100KItemsAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.HeaderlessReaderOptions('|');
        var text = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return ItemCatalog.CollectAsync(SepRows.ReadAsync(ct => sep.FromAsync(text, leaveOpen: false, ct), static _ => (SepRows.RowParser<Item>)Parse100KItem, report,
            cancellationToken), report, cancellationToken);
    }

    /// <summary>Reads ML-100K's <c>u.user</c> (<c>|</c>-separated: id, age, gender, occupation, zip code).</summary>
    /// <param name="stream">The file's content; not closed.</param>
    /// <param name="report">Receives the malformed rows.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The users, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="report"/> is <see langword="null"/>.</exception>
    public static IAsyncEnumerable<MovieLensUser> Read100KUsersAsync(Stream stream, IngestionReport report, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(stream);
        Throw.IfNull(report);
        SepReaderOptions sep = CsvSep.HeaderlessReaderOptions('|');
        var text = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return SepRows.ReadAsync(ct => sep.FromAsync(text, leaveOpen: false, ct), static _ => (SepRows.RowParser<MovieLensUser>)Parse100KUser, report, cancellationToken);
    }

    /// <summary>Loads a MovieLens directory in one call, recognising the layout: <c>ratings.csv</c> + <c>movies.csv</c>
    /// (+ <c>tags.csv</c>) for ml-latest-small and the other current CSV releases, <c>u.data</c> + <c>u.item</c>
    /// (+ <c>u.user</c>) for ML-100K.</summary>
    /// <param name="directory">The dataset's directory.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is <see langword="null"/>.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist or holds neither layout.</exception>
    public static async Task<MovieLensDataset> LoadAsync(string directory, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(directory);
        var report = new IngestionReport();
        var itemReport = new IngestionReport();
        if (File.Exists(Path.Combine(directory, "ratings.csv")))
        {
            ItemCatalog movies = await ReadFileAsync(directory, "movies.csv", s => ReadMoviesAsync(s, itemReport, cancellationToken)).ConfigureAwait(false);
            List<InteractionEvent> ratings = await ReadFileAsync(directory, "ratings.csv",
                s => ToListAsync(ReadRatingsAsync(s, report, cancellationToken), cancellationToken)).ConfigureAwait(false);
            List<InteractionEvent> tags = File.Exists(Path.Combine(directory, "tags.csv"))
                ? await ReadFileAsync(directory, "tags.csv", s => ToListAsync(ReadTagsAsync(s, report, cancellationToken), cancellationToken)).ConfigureAwait(false)
                : [];
            return new MovieLensDataset(movies, ratings, tags, [], report);
        }

        if (File.Exists(Path.Combine(directory, "u.data")))
        {
            ItemCatalog movies = await ReadFileAsync(directory, "u.item", s => Read100KItemsAsync(s, itemReport, cancellationToken)).ConfigureAwait(false);
            List<InteractionEvent> ratings = await ReadFileAsync(directory, "u.data",
                s => ToListAsync(Read100KRatingsAsync(s, report, cancellationToken), cancellationToken)).ConfigureAwait(false);
            List<MovieLensUser> users = File.Exists(Path.Combine(directory, "u.user"))
                ? await ReadFileAsync(directory, "u.user", s => ToListAsync(Read100KUsersAsync(s, new IngestionReport(), cancellationToken), cancellationToken))
                    .ConfigureAwait(false)
                : [];
            return new MovieLensDataset(movies, ratings, [], users, report);
        }

        throw new DirectoryNotFoundException(
            $"'{directory}' holds neither ratings.csv (ml-latest-small layout) nor u.data (ML-100K layout).");
    }

    private static async Task<T> ReadFileAsync<T>(string directory, string name, Func<Stream, Task<T>> read)
    {
        string path = Path.Combine(directory, name);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await read(stream).ConfigureAwait(false);
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (T value in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(value);
        }

        return list;
    }

    private static SepRows.RowParser<Item> BindMovies(SepReaderHeader header)
    {
        int columns = header.ColNames.Count;
        int id = SepRows.Column(header, "movieId", required: true, "movies.csv");
        int title = SepRows.Column(header, "title", required: true, "movies.csv");
        int genres = SepRows.Column(header, "genres", required: true, "movies.csv");
        return (SepReader.Row row, long line, IngestionReport report, out Item item) =>
        {
            item = null!;
            if (!SepRows.CheckColumns(row, line, columns, report))
            {
                return false;
            }

            ReadOnlySpan<char> genreText = row[genres].Span;
            item = new Item(Platform, new ItemId(row[id].ToString()), row[title].ToString())
            {
                Categories = genreText.SequenceEqual("(no genres listed)") ? [] : ItemCatalog.SplitCategories(genreText, '|'),
            };
            return true;
        };
    }

    private static bool Parse100KRating(SepReader.Row row, long line, IngestionReport report, out InteractionEvent e)
    {
        e = default;
        if (!SepRows.CheckColumns(row, line, 4, report))
        {
            return false;
        }

        if (!float.TryParse(row[2].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out float stars) ||
            !TimestampParser.TryParse(row[3].Span, TimestampFormat.UnixSeconds, out DateTimeOffset timestamp))
        {
            report.RecordMalformed(line, $"'{SepRows.Clip(row.Span)}' has an unparsable rating or timestamp");
            return false;
        }

        e = new InteractionEvent(Platform, new AccountId(row[0].ToString()), new ItemId(row[1].ToString()), EventKind.Rating, timestamp) { Value = stars };
        return true;
    }

    private static bool Parse100KItem(SepReader.Row row, long line, IngestionReport report, out Item item)
    {
        item = null!;
        if (!SepRows.CheckColumns(row, line, 5 + s_100KGenres.Length, report))
        {
            return false;
        }

        var genres = new List<string>();
        for (int g = 0; g < s_100KGenres.Length; g++)
        {
            if (row[5 + g].Span.SequenceEqual("1") && g > 0)
            {
                genres.Add(s_100KGenres[g]);
            }
        }

        item = new Item(Platform, new ItemId(row[0].ToString()), row[1].ToString()) { Categories = [.. genres] };
        return true;
    }

    private static bool Parse100KUser(SepReader.Row row, long line, IngestionReport report, out MovieLensUser user)
    {
        user = null!;
        if (!SepRows.CheckColumns(row, line, 5, report))
        {
            return false;
        }

        if (!int.TryParse(row[1].Span, NumberStyles.None, CultureInfo.InvariantCulture, out int age))
        {
            report.RecordMalformed(line, $"'{SepRows.Clip(row[1].Span)}' is not an age");
            return false;
        }

        user = new MovieLensUser(new AccountId(row[0].ToString()), age, row[2].ToString(), row[3].ToString(), row[4].ToString());
        return true;
    }
}
