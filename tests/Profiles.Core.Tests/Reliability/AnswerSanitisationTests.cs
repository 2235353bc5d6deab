// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The pieces the fault tests rely on, one by one: the summary cut (control characters, long words, surrogate
/// pairs) and the reading of a service's <c>Retry-After</c> from an SDK exception.</summary>
public sealed class AnswerSanitisationTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CutWords_ControlCharactersAndLongWords_SplitsAndCuts()
    {
        string summary = InsightValidator.CutWords("ab\u0000cd\u001b[31m  " + new string('y', 100) + "\r\nend", 10, out bool truncated);

        Assert.Equal("ab cd [31m " + new string('y', InsightValidator.MaxWordLength) + " end", summary);
        Assert.True(truncated);
    }

    [Fact]
    public void CutWords_WordLimit_KeepsTheFirstWordsOnly()
    {
        Assert.Equal("one two", InsightValidator.CutWords(" one\ttwo three ", 2, out bool truncated));
        Assert.True(truncated);
        Assert.Equal("one two", InsightValidator.CutWords("one two", 2, out truncated));
        Assert.False(truncated);
        Assert.Equal(string.Empty, InsightValidator.CutWords("\u0001\u0002", 2, out truncated));
        Assert.False(truncated);
    }

    [Fact]
    public void CutWords_SurrogatePairAtTheLimit_KeptWholeOrDropped()
    {
        const string Emoji = "\U0001F600";
        string fits = new string('a', InsightValidator.MaxWordLength - 2) + Emoji;
        Assert.Equal(fits, InsightValidator.CutWords(fits, 5, out bool truncated));
        Assert.False(truncated);

        string overflows = new string('a', InsightValidator.MaxWordLength - 1) + Emoji;
        Assert.Equal(new string('a', InsightValidator.MaxWordLength - 1), InsightValidator.CutWords(overflows, 5, out truncated));
        Assert.True(truncated);
    }

    [Theory]
    [InlineData("retry-after-ms", "250", 250)]
    [InlineData("Retry-After", "2", 2_000)]
    [InlineData("Retry-After", "Sun, 29 Nov 2026 06:00:05 GMT", 5_000)]
    [InlineData("Retry-After", "Sun, 29 Nov 2026 05:00:00 GMT", 0)]
    public void RetryAfterOf_SdkExceptionWithHeader_ReadsTheWait(string header, string value, double expectedMs)
    {
        var exception = new FakeSdkException(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [header] = value });

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), TransientErrors.RetryAfterOf(exception, s_now));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), TransientErrors.RetryAfterOf(new InvalidOperationException("wrapped", exception), s_now));
    }

    [Fact]
    public void RetryAfterOf_NoOrBadHeader_ReturnsNull()
    {
        Assert.Null(TransientErrors.RetryAfterOf(new InvalidOperationException("no response"), s_now));
        Assert.Null(TransientErrors.RetryAfterOf(new FakeSdkException(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)), s_now));
        Assert.Null(TransientErrors.RetryAfterOf(new FakeSdkException(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = "soon" }), s_now));
    }

    /// <summary>Shaped like the OpenAI and Azure SDKs' exceptions: <c>GetRawResponse().Headers.TryGetValue(name, out value)</c>.</summary>
    private sealed class FakeSdkException(Dictionary<string, string> headers) : Exception("HTTP 429")
    {
        public FakeResponse GetRawResponse() => new(headers);
    }

    private sealed class FakeResponse(Dictionary<string, string> headers)
    {
        public FakeHeaders Headers { get; } = new(headers);
    }

    private sealed class FakeHeaders(Dictionary<string, string> headers)
    {
        public bool TryGetValue(string name, out string? value)
        {
            bool found = headers.TryGetValue(name, out string? text);
            value = text;
            return found;
        }
    }
}
