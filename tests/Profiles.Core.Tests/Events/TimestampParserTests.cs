// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

public class TimestampParserTests
{
    [Property(MaxTest = 500)]
    public Property TryParse_RoundTripFormat_GivesTheSameInstantAndOffset() =>
        Prop.ForAll(EventData.Timestamp.ToArbitrary(), t =>
        {
            bool ok = TimestampParser.TryParse(t.ToString("O", CultureInfo.InvariantCulture), TimestampFormat.Auto, out DateTimeOffset parsed);
            return (ok && parsed.UtcTicks == t.UtcTicks && parsed.Offset == t.Offset).Label($"{t:O} -> {parsed:O}");
        });

    [Theory]
    [InlineData("2026-01-01T10:00:00Z")]
    [InlineData("2026-01-01T10:00:00.5+02:00")]
    [InlineData("2026-01-01 10:00:00")]
    [InlineData("2026-01-01T10:00:00.123-05:30")]
    [InlineData("2026-01-01")]
    [InlineData("2026-01-01T10:00")]
    [InlineData("Thu, 01 Jan 2026 10:00:00 GMT")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    public void TryParse_IsoShapes_AgreeWithTheFrameworkParser(string text)
    {
        DateTimeOffset expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.True(TimestampParser.TryParse(text, TimestampFormat.Auto, out DateTimeOffset parsed));
        Assert.Equal(expected, parsed);
        Assert.Equal(expected.Offset, parsed.Offset);
    }

    [Theory]
    [InlineData("1767225600", TimestampFormat.Auto, 1767225600_000L)]
    [InlineData("1767225600000", TimestampFormat.Auto, 1767225600_000L)]
    [InlineData("1767225600.25", TimestampFormat.UnixSeconds, 1767225600_250L)]
    [InlineData("-86400", TimestampFormat.UnixSeconds, -86400_000L)]
    [InlineData("1767225600000", TimestampFormat.UnixMilliseconds, 1767225600_000L)]
    public void TryParse_UnixTimes_ReadSecondsOrMilliseconds(string text, TimestampFormat format, long expectedMilliseconds)
    {
        Assert.True(TimestampParser.TryParse(text, format, out DateTimeOffset parsed));
        Assert.Equal(expectedMilliseconds, parsed.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-01-01T24:00:00Z")]
    [InlineData("2026-01-01T10:00:00+15:00")]
    [InlineData("99999999999999999999")]
    [InlineData("NaN")]
    [InlineData("yesterday")]
    public void TryParse_Nonsense_ReturnsFalse(string text) =>
        Assert.False(TimestampParser.TryParse(text, TimestampFormat.Auto, out _));

    [Fact]
    public void TryParse_IsoFormatGivenNumber_ReturnsFalse() =>
        Assert.False(TimestampParser.TryParse("1767225600", TimestampFormat.Iso8601, out _));
}
