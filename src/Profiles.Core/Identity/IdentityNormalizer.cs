// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Profiles.Core;

/// <summary>Normalises raw identifiers (e-mail, phone, names, city) before they are hashed or compared.</summary>
/// <remarks><para>All members are pure and thread-safe.</para></remarks>
internal static class IdentityNormalizer
{
    private const string Gmail = "gmail.com";
    private const string Googlemail = "googlemail.com";

    /// <summary>
    /// Normalises an e-mail address: trims it and lower-cases it; maps <c>googlemail.com</c> to <c>gmail.com</c>; for
    /// providers in <paramref name="ignoreDotsProviders"/> drops the dots of the local part and a <c>+tag</c>; drops a
    /// <c>+tag</c> for every provider when <paramref name="stripPlusTags"/> is set.
    /// </summary>
    /// <returns>The normalised address; <see langword="null"/> when <paramref name="raw"/> is null or blank, or not an address.</returns>
    public static string? Email(string? raw, IReadOnlySet<string> ignoreDotsProviders, bool stripPlusTags, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        string s = Unwrap(raw).ToLowerInvariant();
        int at = s.LastIndexOf('@');
        if (at <= 0 || at == s.Length - 1)
        {
            invalid = true;
            return null;
        }

        string local = s.Substring(0, at);
        string domain = s.Substring(at + 1).TrimEnd('.');
        if (domain.Length == 0 || ContainsWhiteSpaceOrAt(local) || ContainsWhiteSpaceOrAt(domain))
        {
            invalid = true;
            return null;
        }

        bool ignoresDots = ignoreDotsProviders.Contains(domain);
        if (domain == Googlemail)
        {
            domain = Gmail;
            ignoresDots |= ignoreDotsProviders.Contains(Gmail);
        }

        if (ignoresDots || stripPlusTags)
        {
            int plus = local.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0)
            {
                local = local.Substring(0, plus);
            }
        }

        if (ignoresDots)
        {
            local = local.Replace(".", string.Empty, StringComparison.Ordinal);
        }

        if (local.Length == 0)
        {
            invalid = true;
            return null;
        }

        return local + "@" + domain;
    }

    /// <summary>
    /// Normalises a phone number to E.164-like digits (country code and national number, no <c>+</c>): keeps digits
    /// only, cuts an extension, drops an <c>(0)</c> written inside an international number, reads a leading <c>+</c>,
    /// <c>00</c> or (when <paramref name="defaultCountryCode"/> is <c>1</c>) <c>011</c> as the international prefix, and
    /// gives a national number <paramref name="defaultCountryCode"/> after dropping its trunk <c>0</c>.
    /// </summary>
    /// <remarks>
    /// <para>A national number of more than 10 digits that begins with the default country code is taken to carry it
    /// already (<c>1 555 123 4567</c> with default <c>1</c>, <c>44 7700 900123</c> with default <c>44</c>).</para>
    /// </remarks>
    /// <returns>The digits; <see langword="null"/> when <paramref name="raw"/> is null or blank, or the result is not 8 to 15 digits.</returns>
    public static string? Phone(string? raw, string defaultCountryCode, out bool invalid)
    {
        invalid = false;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        ReadOnlySpan<char> s = raw.AsSpan().Trim();
        int cut = s.IndexOfAny("#;,");
        for (int i = 0; i < s.Length && (cut < 0 || i < cut); i++)
        {
            if (char.IsLetter(s[i]))
            {
                cut = i;
                break;
            }
        }

        if (cut >= 0)
        {
            s = s.Slice(0, cut);
        }

        bool plus = s.Length > 0 && (s[0] == '+' || s[0] == '\uFF0B');
        Span<char> digits = stackalloc char[Math.Min(s.Length, 64)];
        int count = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '(' && i + 2 < s.Length && s[i + 1] == '0' && s[i + 2] == ')' && (plus || count > 0))
            {
                i += 2; // "+44 (0) 20 ..." : the trunk 0 is written but not dialled from abroad.
                continue;
            }

            if (char.IsAsciiDigit(s[i]))
            {
                if (count == digits.Length)
                {
                    invalid = true;
                    return null;
                }

                digits[count++] = s[i];
            }
        }

        ReadOnlySpan<char> d = digits.Slice(0, count);
        string result;
        if (plus)
        {
            result = d.ToString();
        }
        else if (d.StartsWith("00"))
        {
            result = d.Slice(2).ToString();
        }
        else if (defaultCountryCode == "1" && d.StartsWith("011"))
        {
            result = d.Slice(3).ToString();
        }
        else if (d.StartsWith("0"))
        {
            result = string.Concat(defaultCountryCode, d.Slice(1));
        }
        else if (d.Length > 10 && d.StartsWith(defaultCountryCode))
        {
            result = d.ToString();
        }
        else
        {
            result = string.Concat(defaultCountryCode, d);
        }

        if (count == 0 || result.Length < 8 || result.Length > 15 || result[0] == '0')
        {
            invalid = true;
            return null;
        }

        return result;
    }

    /// <summary>
    /// Folds text for comparison: decomposes it (FormD) and drops the combining marks (accents), lower-cases it, folds
    /// letters without a decomposition (ß, æ, œ, ø, ł, đ, þ, ı), turns white space, dashes and connectors into single
    /// spaces, drops other punctuation, symbols and surrogates (lone ones included), and trims.
    /// </summary>
    /// <returns>The folded text; <see langword="null"/> when nothing is left.</returns>
    public static string? Fold(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        // Normalisation throws on a lone surrogate and on the noncharacters U+FDD0-U+FDEF, U+FFFE and U+FFFF; folding
        // keeps none of them anyway (surrogates, and code points that are no letter or digit), so drop them first.
        ReadOnlySpan<char> span = raw;
        if (span.ContainsAnyInRange('\uD800', '\uDFFF') || span.ContainsAnyInRange('\uFDD0', '\uFDEF') || span.ContainsAnyInRange('\uFFFE', '\uFFFF'))
        {
            var kept = new StringBuilder(raw.Length);
            foreach (char c in raw)
            {
                if (!char.IsSurrogate(c) && c is not (>= '\uFDD0' and <= '\uFDEF') && c < '\uFFFE')
                {
                    kept.Append(c);
                }
            }

            raw = kept.ToString();
        }

        string decomposed = raw.IsNormalized(NormalizationForm.FormD) ? raw : raw.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        bool pendingSpace = false;
        foreach (char c in decomposed)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            switch (category)
            {
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                    continue;
                case UnicodeCategory.SpaceSeparator:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.DashPunctuation:
                case UnicodeCategory.ConnectorPunctuation:
                case UnicodeCategory.Control when char.IsWhiteSpace(c):
                    pendingSpace = builder.Length > 0;
                    continue;
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (pendingSpace)
                    {
                        builder.Append(' ');
                        pendingSpace = false;
                    }

                    AppendFolded(builder, char.ToLowerInvariant(c));
                    continue;
                default:
                    continue; // other punctuation, symbols, surrogates, format characters
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// Splits a display name into its folded first and last tokens. A name written <c>Last, First</c> (one comma) is
    /// read in that order. A one-token name gives a first name only.
    /// </summary>
    public static (string? First, string? Last) Name(string? raw)
    {
        (string? first, string? last, _) = NameParts(raw);
        return (first, last);
    }

    /// <summary>
    /// Splits a display name like <see cref="Name"/> and also returns the whole surname run together when it has more
    /// than one token (<c>María de la Cruz</c>: <c>delacruz</c>; <c>Cruz, María de la</c> reads the part before the
    /// comma), else <see langword="null"/>.
    /// </summary>
    public static (string? First, string? Last, string? Surname) NameParts(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, null, null);
        }

        int comma = raw.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && comma == raw.LastIndexOf(',') && comma < raw.Length - 1)
        {
            string? surname = Fold(raw.Substring(0, comma));
            string? last = LastToken(surname);
            string? first = FirstToken(Fold(raw.Substring(comma + 1)));
            if (first is not null && last is not null)
            {
                return (first, last, surname!.Contains(' ', StringComparison.Ordinal) ? surname.Replace(" ", string.Empty, StringComparison.Ordinal) : null);
            }
        }

        string? folded = Fold(raw);
        if (folded is null)
        {
            return (null, null, null);
        }

        int firstSpace = folded.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace < 0)
        {
            return (folded, null, null);
        }

        int lastSpace = folded.LastIndexOf(' ');
        string? joined = lastSpace > firstSpace ? folded.Substring(firstSpace + 1).Replace(" ", string.Empty, StringComparison.Ordinal) : null;
        return (folded.Substring(0, firstSpace), folded.Substring(lastSpace + 1), joined);
    }

    /// <summary>
    /// Folds a city like <see cref="Fold"/> and expands an abbreviation at its start: <c>st</c> to <c>saint</c>,
    /// <c>ste</c> to <c>sainte</c>, <c>ft</c> to <c>fort</c>, <c>mt</c> to <c>mount</c> (<c>St. Louis</c> and
    /// <c>Saint Louis</c> are both <c>saint louis</c>).
    /// </summary>
    /// <returns>The folded city; <see langword="null"/> when nothing is left.</returns>
    public static string? City(string? raw)
    {
        string? folded = Fold(raw);
        if (folded is null)
        {
            return null;
        }

        int space = folded.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return folded;
        }

        string? expanded = folded.AsSpan(0, space) switch
        {
            "st" => "saint",
            "ste" => "sainte",
            "ft" => "fort",
            "mt" => "mount",
            _ => null,
        };
        return expanded is null ? folded : string.Concat(expanded, folded.AsSpan(space));
    }

    /// <summary>
    /// Gets the name a normalised e-mail address may spell: the letters of its local part, folded, without the dots,
    /// underscores, dashes and digits between them (<c>maria.garcia84@example.com</c> gives <c>mariagarcia</c>).
    /// </summary>
    /// <returns>The letters; <see langword="null"/> when <paramref name="normalisedEmail"/> is null or has fewer than four letters before the <c>@</c>.</returns>
    public static string? EmailName(string? normalisedEmail)
    {
        if (normalisedEmail is null)
        {
            return null;
        }

        int at = normalisedEmail.LastIndexOf('@');
        ReadOnlySpan<char> local = at < 0 ? normalisedEmail : normalisedEmail.AsSpan(0, at);
        if (System.Text.Ascii.IsValid(local))
        {
            // The common case needs no Unicode folding: keep the ASCII letters, lower-cased.
            Span<char> kept = stackalloc char[Math.Min(local.Length, 256)];
            int count = 0;
            foreach (char c in local)
            {
                if (char.IsAsciiLetter(c) && count < kept.Length)
                {
                    kept[count++] = char.ToLowerInvariant(c);
                }
            }

            return count >= 4 ? kept.Slice(0, count).ToString() : null;
        }

        string? folded = Fold(local.ToString());
        if (folded is null)
        {
            return null;
        }

        string letters = Letters(folded);
        return letters.Length >= 4 ? letters : null;
    }

    /// <summary>Keeps only the letters of <paramref name="s"/>.</summary>
    public static string Letters(string s)
    {
        bool all = true;
        foreach (char c in s)
        {
            all &= char.IsLetter(c);
        }

        if (all)
        {
            return s;
        }

        var builder = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (char.IsLetter(c))
            {
                _ = builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string? FirstToken(string? folded)
    {
        if (folded is null)
        {
            return null;
        }

        int space = folded.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? folded : folded.Substring(0, space);
    }

    private static string? LastToken(string? folded) => folded?.Substring(folded.LastIndexOf(' ') + 1);

    /// <summary>Strips what wraps an address, as often as it is repeated: white space, <c>mailto:</c>, angle brackets and
    /// trailing dots, so that normalising an already normal address changes nothing.</summary>
    private static string Unwrap(string raw)
    {
        ReadOnlySpan<char> s = raw.AsSpan();
        while (true)
        {
            int length = s.Length;
            s = s.Trim().Trim("<>").TrimEnd('.');
            if (s.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                s = s.Slice(7);
            }

            if (s.Length == length)
            {
                return s.ToString();
            }
        }
    }

    private static bool ContainsWhiteSpaceOrAt(string s)
    {
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || c == '@')
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendFolded(StringBuilder builder, char c)
    {
        switch (c)
        {
            case 'ß': builder.Append("ss"); break;
            case 'æ': builder.Append("ae"); break;
            case 'œ': builder.Append("oe"); break;
            case 'ø': builder.Append('o'); break;
            case 'ł': builder.Append('l'); break;
            case 'đ': builder.Append('d'); break;
            case 'ð': builder.Append('d'); break;
            case 'þ': builder.Append("th"); break;
            case 'ı': builder.Append('i'); break;
            default: builder.Append(c); break;
        }
    }
}
