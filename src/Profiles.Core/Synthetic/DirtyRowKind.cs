// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Why a row of <see cref="SyntheticWorld.Events"/> is dirty: what a cleaner should reject it for.</summary>
public enum DirtyRowKind
{
    /// <summary>The row is clean.</summary>
    None = 0,

    /// <summary>An exact copy (platform, account, item, kind, value, text) of an earlier clean row, 0 to 5 seconds after it.</summary>
    Duplicate = 1,

    /// <summary>A copy of a clean row whose timestamp is outside every window: 1970-01-01 or elsewhere in 1970, the first second of the year 1, the last second of 9999, or more than ten years after the training window.</summary>
    TimestampOutOfRange = 2,

    /// <summary>A copy of a clean row whose value is NaN, positive or negative infinity, or negative.</summary>
    InvalidValue = 3,

    /// <summary>A copy of a clean row whose kind is not one of <see cref="EventKind.WellKnown"/> (<c>hover</c>, <c>scroll</c>...).</summary>
    UnknownKind = 4,

    /// <summary>A copy of a clean row whose account id or item id is empty, white space or a default instance.</summary>
    EmptyId = 5,

    /// <summary>A copy of a clean row whose text is <see cref="SyntheticWorldOptions.OversizedTextLength"/> characters long.</summary>
    OversizedText = 6,

    /// <summary>A row of a bot account (<see cref="SyntheticGroundTruth.BotAccounts"/>), which belongs to no person.</summary>
    Bot = 7,
}
