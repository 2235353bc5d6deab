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
        TryIsoFast(text, out timestamp) ||
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out timestamp);

    /// <summary>Parses the shapes logs use (<c>yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm]</c>, or a space for the T) without
    /// the general parser; anything else returns <see langword="false"/> for the general parser to try.</summary>
    private static bool TryIsoFast(ReadOnlySpan<char> s, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day) ||
            !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
        {
            return false;
        }

        int i = 19;
        long fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            int start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (i - start < 7)
                {
                    fraction = (fraction * 10) + (s[i] - '0');
                }

                i++;
            }

            int digits = i - start;
            if (digits == 0)
            {
                return false;
            }

            for (int d = digits; d < 7; d++)
            {
                fraction *= 10;
            }
        }

        TimeSpan offset = TimeSpan.Zero;
        if (i < s.Length)
        {
            if (s[i] == 'Z' && i == s.Length - 1)
            {
                // UTC
            }
            else if ((s[i] == '+' || s[i] == '-') && i + 6 == s.Length && s[i + 3] == ':' &&
                Digits(s, i + 1, 2, out int oh) && Digits(s, i + 4, 2, out int om) && oh <= 14 && om < 60)
            {
                offset = new TimeSpan(oh, om, 0);
                if (s[i] == '-')
                {
                    offset = -offset;
                }
            }
            else
            {
                return false;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction;
        long utc = ticks - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        timestamp = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }
}
