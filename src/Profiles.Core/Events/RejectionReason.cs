// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says why a row read from a source did not become an accepted event.</summary>
public enum RejectionReason
{
    /// <summary>The row could not be parsed: wrong column count, unparsable number or timestamp, broken JSON.</summary>
    Malformed,

    /// <summary>The platform, account or item id is missing, empty or white space.</summary>
    EmptyId,

    /// <summary>The kind is empty, or a custom kind not listed in <see cref="EventCleanerOptions.CustomKinds"/>.</summary>
    UnknownKind,

    /// <summary>The value is NaN, infinite or negative, or a kind that needs a value (rating, dwell) has none.</summary>
    InvalidValue,

    /// <summary>The timestamp is before <see cref="EventCleanerOptions.MinTimestamp"/> or further in the future than
    /// <see cref="EventCleanerOptions.MaxFutureSkew"/>.</summary>
    TimestampOutOfRange,

    /// <summary>The text is longer than <see cref="EventCleanerOptions.MaxTextLength"/>.</summary>
    TextTooLong,

    /// <summary>The same platform, account, item and kind occurred within <see cref="EventCleanerOptions.DuplicateWindow"/>
    /// of a kept event; the row was merged into it (counted in <see cref="IngestionReport.Merged"/>, not in
    /// <see cref="IngestionReport.Rejected"/>).</summary>
    Duplicate,

    /// <summary>The account's busiest day is far above the population's (see <see cref="EventCleanerOptions.BotMadMultiplier"/>);
    /// all its rows are rejected.</summary>
    BotLikeAccount,

    /// <summary>The platform, account or item id is longer than <see cref="EventCleanerOptions.MaxIdLength"/>, or holds a
    /// control character (NUL, a line break...), a lone surrogate, a byte-order mark (U+FEFF) or the replacement character
    /// U+FFFD that decoders put where the bytes were not valid UTF-8.</summary>
    InvalidId,

    /// <summary>The platform is not listed in <see cref="EventCleanerOptions.Platforms"/> (when that list is not empty).</summary>
    UnknownPlatform,
}
