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
internal static class SepRows
{
    /// <summary>Parses one row; records it in the report and returns <see langword="false"/> when it cannot.</summary>
    public delegate bool RowParser<T>(SepReader.Row row, IngestionReport report, out T value);

    public static async IAsyncEnumerable<T> ReadAsync<T>(Func<CancellationToken, ValueTask<SepReader>> open,
        Func<SepReaderHeader, RowParser<T>> bind, IngestionReport report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using SepReader reader = await open(cancellationToken).ConfigureAwait(false);
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

            if (parse(reader.Current, report, out T value))
            {
                yield return value;
            }
        }
    }

    public static IEnumerable<T> Read<T>(Func<SepReader> open, Func<SepReaderHeader, RowParser<T>> bind, IngestionReport report)
    {
        using SepReader reader = open();
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

            if (parse(reader.Current, report, out T value))
            {
                yield return value;
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
    public static bool CheckColumns(SepReader.Row row, int expected, IngestionReport report)
    {
        if (row.ColCount == expected)
        {
            return true;
        }

        report.RecordMalformed(row.LineNumberFrom, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"expected {expected} columns, found {row.ColCount}: {Clip(row.Span)}"));
        return false;
    }

    public static string Clip(ReadOnlySpan<char> text) => text.Length <= 80 ? text.ToString() : string.Concat(text[..77], "...");
}
