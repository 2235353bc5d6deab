// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using Xunit;

namespace Profiles.Core.Tests;

public sealed class PiiRedactorTests
{
    private static string Redact(string text, params AccountRecord[] accounts)
    {
        int count = 0;
        return new PiiRedactor(accounts).Redact(text, ref count);
    }

    [Theory]
    [InlineData("write to jo.doe+shop@mail.example.org today", "write to [email] today")]
    [InlineData("see https://x.test/a?b=1&c=2 and http://x.test/plain", "see [url] and http://x.test/plain")]
    [InlineData("call (020) 7946-0958 now", "call [phone] now")]
    [InlineData("call +1 415 555 2671.", "call [phone].")]
    [InlineData("iban 12345678901234567890", "iban [number]")]
    [InlineData("room 12, 2024 edition, 3 stars", "room 12, 2024 edition, 3 stars")]
    public void Redact_GenericPatterns_AreReplaced(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Fact]
    public void Redact_AccountIdentifiers_AreReplacedAsWholeWords()
    {
        var record = new AccountRecord("shop", "jdoe77") { DisplayName = "Jo Doering", City = "Bath", DeviceIds = ["idfa-0001"], BirthYear = 1990 };

        string redacted = Redact("JO DOERING of bath (jdoe77, idfa-0001, 1990) loved Bathsheba and Doeringer", record);

        Assert.Equal("[name] of [city] ([id], [id], [year]) loved Bathsheba and Doeringer", redacted);
    }

    [Fact]
    public void Redact_CountsEverySpan()
    {
        int count = 0;
        var redactor = new PiiRedactor([new AccountRecord("shop", "a1") { DisplayName = "Mia Wong" }]);

        redactor.Redact("Mia Wong, mia@x.test, Wong again", ref count);

        Assert.Equal(3, count);
    }
}
