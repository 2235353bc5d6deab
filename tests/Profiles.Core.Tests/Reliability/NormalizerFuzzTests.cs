// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The identity normalisers never throw on any string, and what they return is already normal: normalising it
/// again changes nothing.</summary>
public class NormalizerFuzzTests
{
    private static readonly IReadOnlySet<string> s_dotProviders = new HashSet<string>(StringComparer.Ordinal) { "gmail.com", "googlemail.com" };

    // Pieces that stress normalisers: lone and paired surrogates, combining marks, a ZWJ, letters without a decomposition,
    // case pairs that change length, full-width and Arabic-Indic digits, address syntax, controls and odd spaces.
    private static readonly string[] s_pieces =
    [
        "a", "Z", "0", "7", "@", "+", ".", "-", "_", " ", "\t", "\u00A0", "\u3000", "<", ">", ",", "(0)", "#", "mailto:", "MAILTO:",
        "\uD800", "\uDC00", "😀", "\uD835\uDC00", "e\u0301", "\u0301", "\u0308\u0308", "\u200D", "\uFEFF", "ß", "ẞ", "İ", "ı", "Æ", "ø", "ǅ",
        "Å", "\u212B", "\uFF10", "\uFF0B", "\u0661", "\0", "\u0085", "gmail.com", "googlemail.com", "example.org", "+1", "00", "011",
    ];

    private static Gen<string> Text =>
        from n in Gen.Choose(0, 14)
        from parts in Gen.ArrayOf(Gen.OneOf(Gen.Elements(s_pieces), Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())), n)
        select string.Concat(parts);

    [Property(MaxTest = 500)]
    public Property Fold_AnyString_NeverThrowsAndIsIdempotent() =>
        Prop.ForAll(Text.ToArbitrary(), raw =>
        {
            string? once = IdentityNormalizer.Fold(raw);
            return (once is null || (IdentityNormalizer.Fold(once) == once && once.Trim() == once && !once.Contains("  ", StringComparison.Ordinal)))
                .Label($"'{Escape(raw)}' -> '{Escape(once)}' -> '{Escape(once is null ? null : IdentityNormalizer.Fold(once))}'");
        });

    [Property(MaxTest = 500)]
    public Property Email_AnyString_NeverThrowsAndIsIdempotent() =>
        Prop.ForAll(Text.ToArbitrary(), ArbMap.Default.ArbFor<bool>(), (raw, stripPlusTags) =>
        {
            string? once = IdentityNormalizer.Email(raw, s_dotProviders, stripPlusTags, out bool invalid);
            string? twice = once is null ? null : IdentityNormalizer.Email(once, s_dotProviders, stripPlusTags, out _);
            return ((once is null || (twice == once && once.Count(c => c == '@') == 1)) && (!invalid || once is null))
                .Label($"'{Escape(raw)}' -> '{Escape(once)}' -> '{Escape(twice)}'");
        });

    [Property(MaxTest = 500)]
    public Property Phone_AnyString_NeverThrowsAndIsIdempotent() =>
        Prop.ForAll(Text.ToArbitrary(), Gen.Elements("1", "44", "49", "353").ToArbitrary(), (raw, country) =>
        {
            string? once = IdentityNormalizer.Phone(raw, country, out _);

            // The result is E.164 without its '+': normalising it again means reading it as international.
            string? twice = once is null ? null : IdentityNormalizer.Phone("+" + once, country, out _);
            return (once is null || (twice == once && once.Length is >= 8 and <= 15 && once.All(char.IsAsciiDigit)))
                .Label($"'{Escape(raw)}' -> '{Escape(once)}' -> '{Escape(twice)}'");
        });

    [Property(MaxTest = 500)]
    public Property Name_AnyString_NeverThrowsAndGivesFoldedTokens() =>
        Prop.ForAll(Text.ToArbitrary(), raw =>
        {
            (string? first, string? last) = IdentityNormalizer.Name(raw);
            bool Token(string? t) => t is null || (t.Length > 0 && !t.Contains(' ', StringComparison.Ordinal) && IdentityNormalizer.Fold(t) == t);
            return (Token(first) && Token(last) && (last is null || first is not null))
                .Label($"'{Escape(raw)}' -> ('{Escape(first)}', '{Escape(last)}')");
        });

    // The strings are built from the lone code unit inside the test: xunit renders a lone surrogate as U+FFFD in the
    // test case's id, so "\uD800" and "\uD83D" as inline strings would collide and one case would be skipped.
    [Theory]
    [InlineData("", 0xFFFE, "")]
    [InlineData("Jos\u00E9 ", 0xFFFF, "Garc\u00EDa")]
    [InlineData("Jos\u00E9 ", 0xFDD0, "Garc\u00EDa")]
    [InlineData("", 0xD800, "")]
    [InlineData("Jos\u00E9 ", 0xDC00, "Garc\u00EDa")]
    [InlineData("", 0xD83D, "")]
    public void Fold_LoneSurrogatesAndNoncharacters_DroppedInsteadOfThrowing(string before, int surrogate, string after)
    {
        string raw = before + (char)surrogate + after;
        string? folded = IdentityNormalizer.Fold(raw);
        Assert.True(folded is null || folded.All(c => !char.IsSurrogate(c) && c < '\uFDD0'), folded);
        Assert.Equal(raw.Contains("Garc", StringComparison.Ordinal) ? "jose garcia" : null, folded);
    }

    [Theory]
    [InlineData("mailto:mailto:Ann@Example.org", "ann@example.org")]
    [InlineData("ann@example.org>.", "ann@example.org")]
    [InlineData("<ann@example.org.>", "ann@example.org")]
    public void Email_WrappedTwice_UnwrappedCompletely(string raw, string expected) =>
        Assert.Equal(expected, IdentityNormalizer.Email(raw, s_dotProviders, stripPlusTags: false, out _));

    private static string Escape(string? s) => s is null ? "null" : string.Concat(s.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
