// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using Xunit;

namespace Profiles.Core.Tests;

public class StringMatchingTests
{
    // Reference values from Winkler (1990) and the common Jaro-Winkler literature, to three decimals.
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.896)]
    [InlineData("CRATE", "TRACE", 0.733)]
    [InlineData("ABC", "ABC", 1.0)]
    [InlineData("ABC", "XYZ", 0.0)]
    public void JaroWinkler_ReferencePairs_MatchPublishedValues(string a, string b, double expected)
    {
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 3);
        Assert.Equal(expected, JaroWinkler.Similarity(b, a), 3);
    }

    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.944)]
    [InlineData("DWAYNE", "DUANE", 0.822)]
    [InlineData("DIXON", "DICKSONX", 0.767)]
    public void Jaro_ReferencePairs_MatchPublishedValues(string a, string b, double expected) =>
        Assert.Equal(expected, JaroWinkler.Jaro(a, b), 3);

    [Fact]
    public void JaroWinkler_EmptyStrings_AreIdenticalOnlyToEachOther()
    {
        Assert.Equal(1d, JaroWinkler.Similarity(string.Empty, string.Empty));
        Assert.Equal(0d, JaroWinkler.Similarity("A", string.Empty));
    }

    [Fact]
    public void JaroWinkler_LongStrings_UseTheHeapPathAndStayInRange()
    {
        string a = new string('a', 300) + "b";
        string b = new string('a', 300) + "c";
        double similarity = JaroWinkler.Similarity(a, b);
        Assert.InRange(similarity, 0.99, 1d);
    }

    [Theory]
    [InlineData("Robert", "R163")]
    [InlineData("Rupert", "R163")]
    [InlineData("Rubin", "R150")]
    [InlineData("Ashcraft", "A261")]
    [InlineData("Ashcroft", "A261")]
    [InlineData("Tymczak", "T522")]
    [InlineData("Pfister", "P236")]
    [InlineData("Honeyman", "H555")]
    [InlineData("Lee", "L000")]
    [InlineData("Gutierrez", "G362")]
    [InlineData("Jackson", "J250")]
    [InlineData("washington", "W252")]
    [InlineData("o'hara", "O600")]
    public void Soundex_ReferenceNames_MatchNationalArchivesCodes(string name, string expected) =>
        Assert.Equal(expected, Soundex.ToText(Soundex.Encode(name)));

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("李小龍")]
    public void Soundex_NoLatinLetter_GivesNone(string name) => Assert.Equal(Soundex.None, Soundex.Encode(name));

    [Fact]
    public void Soundex_SameCodeForSpellingVariants_DifferentForOthers()
    {
        Assert.Equal(Soundex.Encode("smith"), Soundex.Encode("smyth"));
        Assert.NotEqual(Soundex.Encode("smith"), Soundex.Encode("jones"));
        Assert.Equal(string.Empty, Soundex.ToText(Soundex.None));
    }
}
