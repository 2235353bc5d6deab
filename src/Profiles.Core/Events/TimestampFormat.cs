// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says how readers parse a timestamp column.</summary>
public enum TimestampFormat
{
    /// <summary>An integer is Unix time in seconds (in milliseconds when it has more than 11 digits); anything else is
    /// parsed as ISO 8601, assumed UTC when it has no offset.</summary>
    Auto,

    /// <summary>Unix time in whole or fractional seconds.</summary>
    UnixSeconds,

    /// <summary>Unix time in milliseconds.</summary>
    UnixMilliseconds,

    /// <summary>ISO 8601 (round-trip format <c>O</c> and its shorter forms), assumed UTC when it has no offset.</summary>
    Iso8601,
}
