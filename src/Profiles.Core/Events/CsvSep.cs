// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Globalization;
using nietras.SeparatedValues;

namespace Profiles.Core;

/// <summary>The Sep settings every CSV reader and writer of the library shares.</summary>
internal static class CsvSep
{
    /// <summary>Longest cell that is pooled (ids, kinds); longer cells (texts) get their own string.</summary>
    private const int MaxPooledLength = 64;

    /// <summary>Distinct values pooled per column: enough for the accounts and items of a large log, so that repeated
    /// ids share one string in memory (Sep's default of 4,096 stops pooling long before that).</summary>
    private const int MaxPooledPerColumn = 1 << 18;

    public static SepReaderOptions ReaderOptions(char separator) => new Sep(separator).Reader(o => o with
    {
        HasHeader = true,
        Unescape = true,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
        CreateToString = SepToString.PoolPerCol(maximumStringLength: MaxPooledLength, maximumCapacity: MaxPooledPerColumn),
    });

    /// <summary>The dialect of <see cref="ReaderOptions"/> without a header: re-reads the lines an unbalanced quote swallowed.</summary>
    public static SepReaderOptions RecoveryReaderOptions(char separator) => ReaderOptions(separator) with { HasHeader = false };

    public static SepReaderOptions HeaderlessReaderOptions(char separator) => new Sep(separator).Reader(o => o with
    {
        HasHeader = false,
        Unescape = false,
        DisableQuotesParsing = true,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
        CreateToString = SepToString.PoolPerCol(maximumStringLength: MaxPooledLength, maximumCapacity: MaxPooledPerColumn),
    });

    public static SepWriterOptions WriterOptions(char separator) => new Sep(separator).Writer(o => o with
    {
        Escape = true,
        CultureInfo = CultureInfo.InvariantCulture,
    });
}
