// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using nietras.SeparatedValues;

namespace Profiles.Core;

/// <summary>The one row loop every CSV-like reader shares: reading errors become a <see cref="RejectionReason.Malformed"/>
/// record instead of an exception, and each row goes through a parser bound to the header once.</summary>
/// <remarks><para>An unbalanced quote makes a CSV parser read on through the following lines until the next quote, so
/// one broken line would swallow the good rows after it. A row that spans lines and has the wrong column count or an
/// odd number of quotes (one never closed) is therefore split again: its first line is recorded as malformed and the lines after it are parsed anew (with
/// <c>recovery</c>, the same dialect without a header), so every good row among them still comes through. The one row
/// that cannot be recovered is the one whose own opening quote closed the swallowed text (its quoted field runs on past
/// it): it is rejected rather than read truncated.</para></remarks>
internal static class SepRows
{
    /// <summary>Parses one row; records it in the report and returns <see langword="false"/> when it cannot.</summary>
    /// <param name="row">The row.</param>
    /// <param name="line">The 1-based line of the source the row starts on (use it, not the row's own line number,
    /// which is relative when the row was re-read after an unbalanced quote).</param>
    /// <param name="report">Receives the rejection.</param>
    /// <param name="value">The parsed value.</param>
    public delegate bool RowParser<T>(SepReader.Row row, long line, IngestionReport report, out T value);

    public static async IAsyncEnumerable<T> ReadAsync<T>(Func<CancellationToken, ValueTask<SepReader>> open,
        Func<SepReaderHeader, RowParser<T>> bind, IngestionReport report, [EnumeratorCancellation] CancellationToken cancellationToken,
        SepReaderOptions? recovery = null)
    {
        List<T>? recovered = null;
        SepReader opened;
        try
        {
            opened = await open(cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw BadHeader(ex);
        }

        using SepReader reader = opened;
        if (!reader.HasRows && IsEmpty(reader.Header))
        {
            yield break;
        }

        RowParser<T> parse = bind(reader.Header);
        while (true)
        {
            bool more;
            try
            {
                more = await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                report.RecordMalformed(null, $"reading stopped: {ex.Message}");
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            if (IsBlank(reader.Current, reader.Header.ColNames.Count))
            {
                continue;
            }

            if (recovery is SepReaderOptions options && TryRecover(reader, options, parse, report, recovered ??= []))
            {
                foreach (T item in recovered)
                {
                    yield return item;
                }

                continue;
            }

            if (parse(reader.Current, reader.Current.LineNumberFrom, report, out T value))
            {
                yield return value;
            }
        }
    }

    public static IEnumerable<T> Read<T>(Func<SepReader> open, Func<SepReaderHeader, RowParser<T>> bind, IngestionReport report,
        SepReaderOptions? recovery = null)
    {
        List<T>? recovered = null;
        SepReader opened;
        try
        {
            opened = open();
        }
        catch (ArgumentException ex)
        {
            throw BadHeader(ex);
        }

        using SepReader reader = opened;
        if (!reader.HasRows && IsEmpty(reader.Header))
        {
            yield break;
        }

        RowParser<T> parse = bind(reader.Header);
        while (true)
        {
            bool more;
            try
            {
                more = reader.MoveNext();
            }
            catch (Exception ex)
            {
                report.RecordMalformed(null, $"reading stopped: {ex.Message}");
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            if (IsBlank(reader.Current, reader.Header.ColNames.Count))
            {
                continue;
            }

            if (recovery is SepReaderOptions options && TryRecover(reader, options, parse, report, recovered ??= []))
            {
                foreach (T item in recovered)
                {
                    yield return item;
                }

                continue;
            }

            if (parse(reader.Current, reader.Current.LineNumberFrom, report, out T value))
            {
                yield return value;
            }
        }
    }

    /// <summary>Splits the current row again when it ran on past its first line with the wrong column count.</summary>
    private static bool TryRecover<T>(SepReader reader, SepReaderOptions options, RowParser<T> parse, IngestionReport report, List<T> values)
    {
        SepReader.Row row = reader.Current;
        int expected = reader.Header.ColNames.Count;
        if (!SpansLines(row) || (row.ColCount == expected && !OddQuotes(row.Span)))
        {
            return false;
        }

        values.Clear();
        Recover(row.Span.ToString(), row.LineNumberFrom, row.ColCount, expected, parse, options, report, values);
        return true;
    }

    /// <summary>Sep rejects a header that repeats a column name (an empty one included) with an
    /// <see cref="ArgumentException"/>; like a missing column, that is a header no row can be read by.</summary>
    private static System.IO.InvalidDataException BadHeader(ArgumentException ex) =>
        new($"The CSV header cannot be read: {ex.Message}", ex);

    /// <summary>A blank line (empty or only white space) in a file of several columns is no row at all: it is skipped
    /// without being counted, as JSON Lines skips blank lines.</summary>
    private static bool IsBlank(SepReader.Row row, int expected) => expected > 1 && row.ColCount == 1 && row.Span.IsWhiteSpace();

    /// <summary>Whether the raw row holds an odd number of quotes: one was opened and never closed.</summary>
    private static bool OddQuotes(ReadOnlySpan<char> raw) => (raw.Count('"') & 1) == 1;

    private static bool SpansLines(SepReader.Row row) => row.Span.IndexOfAny('\n', '\r') >= 0;

    /// <summary>Records the first line of a row that ran on past it as malformed and parses the lines after it anew.</summary>
    private static void Recover<T>(string text, long line, int found, int expected, RowParser<T> parse, SepReaderOptions options,
        IngestionReport report, List<T> values)
    {
        int end = text.AsSpan().IndexOfAny('\n', '\r');
        report.RecordMalformed(line, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"expected {expected} columns, found {found}: a quote opened on this line is not closed on it: {Clip(text.AsSpan(0, end))}"));
        int next = end + 1;
        if (text[end] == '\r' && next < text.Length && text[next] == '\n')
        {
            next++;
        }

        if (text.AsSpan(next).IsWhiteSpace())
        {
            return;
        }

        using SepReader rest = options.FromText(text.Substring(next));
        foreach (SepReader.Row row in rest)
        {
            // Without a header Sep numbers the first row as line 2 (the ones after it correctly), so count it as line 1.
            long at = line + (row.RowIndex == 0 ? 1 : row.LineNumberFrom);
            if (IsBlank(row, expected))
            {
                continue;
            }

            bool odd = OddQuotes(row.Span);
            if (SpansLines(row) && (odd || row.ColCount != expected))
            {
                Recover(row.Span.ToString(), at, row.ColCount, expected, parse, options, report, values);
            }
            else if (odd)
            {
                // The last row of the swallowed text opens a quote that only a later row closes: it cannot be read as written.
                report.RecordMalformed(at, $"a quote opened on this line is closed only on a later row: {Clip(row.Span)}");
            }
            else if (parse(row, at, report, out T value))
            {
                values.Add(value);
            }
        }
    }

    /// <summary>An empty source has no header (Sep reports one empty column name for it).</summary>
    private static bool IsEmpty(SepReaderHeader header) =>
        header.IsEmpty || header.ColNames.Count == 0 || (header.ColNames.Count == 1 && header.ColNames[0].Length == 0);

    /// <summary>Returns the column index of <paramref name="name"/>, or -1; throws when a required column is missing.</summary>
    public static int Column(SepReaderHeader header, string name, bool required, string optionsName)
    {
        if (header.TryIndexOf(name, out int index))
        {
            return index;
        }

        if (required)
        {
            throw new System.IO.InvalidDataException(
                $"The CSV header has no '{name}' column; it has: {string.Join(", ", header.ColNames)}. Map the column in {optionsName}.");
        }

        return -1;
    }

    /// <summary>Records a row with the wrong number of columns; returns <see langword="false"/> for it.</summary>
    public static bool CheckColumns(SepReader.Row row, long line, int expected, IngestionReport report)
    {
        if (row.ColCount == expected)
        {
            return true;
        }

        report.RecordMalformed(line, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"expected {expected} columns, found {row.ColCount}: {Clip(row.Span)}"));
        return false;
    }

    public static string Clip(ReadOnlySpan<char> text) => text.Length <= 80 ? text.ToString() : string.Concat(text[..77], "...");
}
