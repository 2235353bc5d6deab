// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Profiles.Core;

/// <summary>Parses timestamps the way <see cref="TimestampFormat"/> describes, without throwing.</summary>
internal static class TimestampParser
{
    private const long MinUnixSeconds = -62_135_596_800L;
    private const long MaxUnixSeconds = 253_402_300_799L;

    public static bool TryParse(ReadOnlySpan<char> text, TimestampFormat format, out DateTimeOffset timestamp)
    {
        text = text.Trim();
        timestamp = default;
        if (text.IsEmpty)
        {
            return false;
        }

        switch (format)
        {
            case TimestampFormat.UnixSeconds:
                return TryUnix(text, 1d, out timestamp);
            case TimestampFormat.UnixMilliseconds:
                return TryUnix(text, 1e-3, out timestamp);
            case TimestampFormat.Iso8601:
                return TryIso(text, out timestamp);
            default:
                if (IsInteger(text))
                {
                    int digits = text[0] == '-' ? text.Length - 1 : text.Length;
                    return TryUnix(text, digits > 11 ? 1e-3 : 1d, out timestamp);
                }

                return TryIso(text, out timestamp);
        }
    }

    private static bool IsInteger(ReadOnlySpan<char> text)
    {
        int start = text[0] == '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        for (int i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryUnix(ReadOnlySpan<char> text, double secondsPerUnit, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
        {
            if (secondsPerUnit == 1d)
            {
                if (whole is < MinUnixSeconds or > MaxUnixSeconds)
                {
                    return false;
                }

                timestamp = DateTimeOffset.FromUnixTimeSeconds(whole);
                return true;
            }

            if (whole is < MinUnixSeconds * 1000 or > MaxUnixSeconds * 1000)
            {
                return false;
            }

            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(whole);
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double units) || !double.IsFinite(units))
        {
            return false;
        }

        double seconds = units * secondsPerUnit;
        if (seconds is < MinUnixSeconds or > MaxUnixSeconds)
        {
            return false;
        }

        timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static bool TryIso(ReadOnlySpan<char> text, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out timestamp);
}
