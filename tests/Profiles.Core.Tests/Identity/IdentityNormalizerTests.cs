// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Xunit;

namespace Profiles.Core.Tests;

public class IdentityNormalizerTests
{
    private static readonly HashSet<string> s_gmail = new(StringComparer.Ordinal) { "gmail.com", "googlemail.com" };

    [Theory]
    [InlineData("John.Smith@Example.com", "john.smith@example.com")]
    [InlineData("  JOHN.SMITH@EXAMPLE.COM  ", "john.smith@example.com")]
    [InlineData("john.smith+news@example.com", "john.smith+news@example.com")]
    [InlineData("J.O.H.N.Smith@gmail.com", "johnsmith@gmail.com")]
    [InlineData("john.smith+shopping@gmail.com", "johnsmith@gmail.com")]
    [InlineData("John.Smith+a+b@GoogleMail.com", "johnsmith@gmail.com")]
    [InlineData("johnsmith@googlemail.com", "johnsmith@gmail.com")]
    [InlineData("mailto:Anna@Example.org", "anna@example.org")]
    [InlineData("<anna@example.org>", "anna@example.org")]
    [InlineData("anna@example.org.", "anna@example.org")]
    [InlineData("José.Núñez@Correo.es", "josé.núñez@correo.es")]
    public void Email_Variants_Normalise(string raw, string expected)
    {
        Assert.Equal(expected, IdentityNormalizer.Email(raw, s_gmail, stripPlusTags: false, out bool invalid));
        Assert.False(invalid);
    }

    [Theory]
    [InlineData("john.smith+news@example.com", "john.smith@example.com")]
    [InlineData("j.s+x@gmail.com", "js@gmail.com")]
    public void Email_StripPlusTagsForAll_DropsTheTagButKeepsDotsOutsideProviders(string raw, string expected) =>
        Assert.Equal(expected, IdentityNormalizer.Email(raw, s_gmail, stripPlusTags: true, out _));

    [Fact]
    public void Email_ProviderListIsConfigurable_DotsKeptForGmailWhenNotListed()
    {
        var outlookOnly = new HashSet<string>(StringComparer.Ordinal) { "outlook.com" };
        Assert.Equal("j.smith@gmail.com", IdentityNormalizer.Email("J.Smith@googlemail.com", outlookOnly, false, out _));
        Assert.Equal("jsmith@outlook.com", IdentityNormalizer.Email("J.Smith+x@Outlook.com", outlookOnly, false, out _));
    }

    [Theory]
    [InlineData("not an email")]
    [InlineData("@example.com")]
    [InlineData("anna@")]
    [InlineData("an na@example.com")]
    [InlineData("a@b@c.com")]
    [InlineData("+@gmail.com")]
    [InlineData("...@gmail.com")]
    public void Email_Invalid_ReturnsNullAndFlags(string raw)
    {
        Assert.Null(IdentityNormalizer.Email(raw, s_gmail, false, out bool invalid));
        Assert.True(invalid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Email_Absent_ReturnsNullWithoutFlag(string? raw)
    {
        Assert.Null(IdentityNormalizer.Email(raw, s_gmail, false, out bool invalid));
        Assert.False(invalid);
    }

    [Theory]
    [InlineData("+1 (555) 123-4567", "1", "15551234567")]
    [InlineData("(555) 123-4567", "1", "15551234567")]
    [InlineData("555.123.4567", "1", "15551234567")]
    [InlineData("1-555-123-4567", "1", "15551234567")]
    [InlineData("001 555 123 4567", "1", "15551234567")]
    [InlineData("011 44 20 7946 0958", "1", "442079460958")]
    [InlineData("+44 20 7946 0958", "1", "442079460958")]
    [InlineData("0044 20 7946 0958", "1", "442079460958")]
    [InlineData("+44 (0) 20 7946 0958", "1", "442079460958")]
    [InlineData("020 7946 0958", "44", "442079460958")]
    [InlineData("07700 900123", "44", "447700900123")]
    [InlineData("7700 900123", "44", "447700900123")]
    [InlineData("44 7700 900123", "44", "447700900123")]
    [InlineData("0115 496 0000", "44", "441154960000")]
    [InlineData("030 123456", "49", "4930123456")]
    [InlineData("+49 30 123456", "1", "4930123456")]
    [InlineData("+1 555 123 4567 ext. 89", "1", "15551234567")]
    [InlineData("555-123-4567 x89", "1", "15551234567")]
    [InlineData("\uFF0B44 20 7946 0958", "1", "442079460958")]
    public void Phone_Formats_NormaliseToE164Digits(string raw, string country, string expected)
    {
        Assert.Equal(expected, IdentityNormalizer.Phone(raw, country, out bool invalid));
        Assert.False(invalid);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("call me")]
    [InlineData("+1 2345 6789 0123 4567")]
    [InlineData("+0 555 123 4567")]
    public void Phone_Invalid_ReturnsNullAndFlags(string raw)
    {
        Assert.Null(IdentityNormalizer.Phone(raw, "1", out bool invalid));
        Assert.True(invalid);
    }

    [Theory]
    [InlineData("  José   Núñez ", "jose", "nunez")]
    [InlineData("JOSÉ NÚÑEZ", "jose", "nunez")]
    [InlineData("Zoë O'Brien", "zoe", "obrien")]
    [InlineData("François-Xavier de la Tour", "francois", "tour")]
    [InlineData("Smith, John", "john", "smith")]
    [InlineData("Søren Kierkegaard", "soren", "kierkegaard")]
    [InlineData("Paweł Łukasiewicz", "pawel", "lukasiewicz")]
    [InlineData("Straße", "strasse", null)]
    [InlineData("Ångström\tÆsir", "angstrom", "aesir")]
    [InlineData("Jane Q. Public", "jane", "public")]
    [InlineData("李 小龍", "李", "小龍")]
    public void Name_Variants_FoldAndSplit(string raw, string? first, string? last)
    {
        (string? f, string? l) = IdentityNormalizer.Name(raw);
        Assert.Equal(first, f);
        Assert.Equal(last, l);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" .,;' ")]
    public void Name_Empty_GivesNothing(string? raw)
    {
        (string? first, string? last) = IdentityNormalizer.Name(raw);
        Assert.Null(first);
        Assert.Null(last);
    }

    [Theory]
    [InlineData("  São   Paulo ", "sao paulo")]
    [InlineData("SÃO PAULO", "sao paulo")]
    [InlineData("Saint-Étienne", "saint etienne")]
    [InlineData("St. Louis", "st louis")]
    [InlineData("Zürich", "zurich")]
    [InlineData("Kraków", "krakow")]
    public void Fold_Cities_FoldLikeNames(string raw, string expected) => Assert.Equal(expected, IdentityNormalizer.Fold(raw));

    [Theory]
    [InlineData("St. Louis", "saint louis")]
    [InlineData("Saint Louis", "saint louis")]
    [InlineData("Ft. Worth", "fort worth")]
    [InlineData("Mt Vernon", "mount vernon")]
    [InlineData("Ste-Foy", "sainte foy")]
    [InlineData("Stuttgart", "stuttgart")]
    [InlineData("St", "st")]
    [InlineData(" ", null)]
    public void City_Abbreviations_Expand(string raw, string? expected) => Assert.Equal(expected, IdentityNormalizer.City(raw));

    [Theory]
    [InlineData("maria.garcia84@gmail.com", "mariagarcia")]
    [InlineData("garcia_maria-1990@example.com", "garciamaria")]
    [InlineData("jürgen.müller@example.de", "jurgenmuller")]
    [InlineData("m.garcia@example.com", "mgarcia")]
    [InlineData("jd42@example.com", null)] // fewer than four letters
    [InlineData(null, null)]
    public void EmailName_LocalPart_GivesItsLetters(string? email, string? expected) => Assert.Equal(expected, IdentityNormalizer.EmailName(email));

    [Theory]
    [InlineData("María de la Cruz", "maria", "cruz", "delacruz")]
    [InlineData("de la Cruz, María", "maria", "cruz", "delacruz")]
    [InlineData("Ahmed El-Amin", "ahmed", "amin", "elamin")]
    [InlineData("Maria Garcia", "maria", "garcia", null)]
    [InlineData("Garcia, Maria", "maria", "garcia", null)]
    [InlineData("Maria", "maria", null, null)]
    public void NameParts_Surnames_RunTogether(string raw, string first, string? last, string? surname) =>
        Assert.Equal((first, last, surname), IdentityNormalizer.NameParts(raw));
}
