// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Profiles.Core;

/// <summary>
/// The personal identifiers of the synthetic world and the ways accounts vary them: accent folding, name typos and
/// short forms, e-mail aliases, phone formats and device ids. Everything is computed with ordinal string operations
/// and fixed tables, never with culture-dependent APIs, ICU case mapping or Unicode normalisation (which depend on the
/// ICU version and on invariant-globalization mode).
/// </summary>
internal static class SyntheticPii
{
    private static readonly Dictionary<char, string> s_fold = BuildFold();

    private static readonly string[] s_smallWords = ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "vs.", "with"];

    /// <summary>Gets the phone formats: <c>A</c> area code, <c>E</c> exchange, <c>L</c> line digits, other characters literal.</summary>
    public static readonly string[] PhoneFormats =
    [
        "+1 (AAA) EEE-LLLL", "AAA.EEE.LLLL", "001AAAEEELLLL", "AAAEEELLLL", "(AAA) EEE-LLLL", "AAA-EEE-LLLL",
        "+1AAAEEELLLL", "1-AAA-EEE-LLLL", "+1 AAA EEE LLLL", "AAA EEE LLLL",
    ];

    /// <summary>Returns <paramref name="s"/> with accents removed (é to e, ß to ss, ł to l...), or the same instance when it has none.</summary>
    public static string Fold(string s)
    {
        int i = 0;
        while (i < s.Length && s[i] < 128)
        {
            i++;
        }

        if (i == s.Length)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 4);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= 128 && s_fold.TryGetValue(c, out string? folded))
            {
                sb.Append(folded);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Returns <paramref name="s"/> with German-style transliteration of umlauts (ü to ue, ö to oe, ä to ae), then folded.</summary>
    public static string FoldGerman(string s) =>
        Fold(s.Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal)
            .Replace("Ä", "Ae", StringComparison.Ordinal).Replace("Ö", "Oe", StringComparison.Ordinal).Replace("Ü", "Ue", StringComparison.Ordinal));

    /// <summary>Upper-cases Latin letters (ASCII, Latin-1, Latin Extended-A) with a fixed table; other characters are kept.</summary>
    public static string ToUpper(string s) => ChangeCase(s, upper: true);

    /// <summary>Lower-cases Latin letters (ASCII, Latin-1, Latin Extended-A) with a fixed table; other characters are kept.</summary>
    public static string ToLower(string s) => ChangeCase(s, upper: false);

    /// <summary>The simple upper-case mapping of a Latin letter; <c>ß</c>, <c>ĸ</c> and <c>ŉ</c> have none.</summary>
    public static char ToUpper(char c) => c switch
    {
        >= 'a' and <= 'z' => (char)(c - 32),
        >= 'à' and <= 'þ' when c != '÷' => (char)(c - 32),
        'ÿ' => 'Ÿ',
        'ı' => 'I',
        'ſ' => 'S',
        >= '\u0100' and <= '\u0137' or >= '\u014A' and <= '\u0177' => (char)(c & ~1), // upper even, lower odd
        >= '\u0139' and <= '\u0148' or >= '\u0179' and <= '\u017E' => (char)(((c - 1) & ~1) + 1), // upper odd, lower even
        _ => c,
    };

    /// <summary>The simple lower-case mapping of a Latin letter.</summary>
    public static char ToLower(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + 32),
        >= 'À' and <= 'Þ' when c != '×' => (char)(c + 32),
        'Ÿ' => 'ÿ',
        'İ' => 'i',
        >= '\u0100' and <= '\u0137' or >= '\u014A' and <= '\u0177' => (char)(c | 1),
        >= '\u0139' and <= '\u0148' or >= '\u0179' and <= '\u017E' => (char)(((c - 1) | 1) + 1),
        _ => c,
    };

    private static string ChangeCase(string s, bool upper) =>
        string.Create(s.Length, (s, upper), static (span, st) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = st.upper ? ToUpper(st.s[i]) : ToLower(st.s[i]);
            }
        });

    /// <summary>Gets a value indicating whether <paramref name="s"/> has a character outside ASCII.</summary>
    public static bool HasNonAscii(string s)
    {
        foreach (char c in s)
        {
            if (c >= 128)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the e-mail form of a name part: folded, lower case, letters and digits only (<c>O'Brien</c> to <c>obrien</c>).</summary>
    public static string EmailPart(string name)
    {
        string folded = Fold(name);
        var sb = new StringBuilder(folded.Length);
        foreach (char c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                sb.Append((char)(c + 32));
            }
        }

        return sb.Length > 0 ? sb.ToString() : "x";
    }

    /// <summary>
    /// Returns the mailbox an address delivers to: trimmed, lower case, without a <c>+tag</c>, and for Gmail without dots
    /// and with <c>googlemail.com</c> as <c>gmail.com</c>. Distinct persons never share a canonical address.
    /// </summary>
    public static string CanonicalEmail(string email)
    {
        string e = ToLowerAscii(email.Trim());
        int at = e.LastIndexOf('@');
        string local = e[..at];
        string domain = e[(at + 1)..];
        int plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            local = local[..plus];
        }

        if (domain is "gmail.com" or "googlemail.com")
        {
            local = local.Replace(".", string.Empty, StringComparison.Ordinal);
            domain = "gmail.com";
        }

        return local + "@" + domain;
    }

    /// <summary>Returns the canonical form (see <see cref="CanonicalEmail(string)"/>) of a lower-case local part without a tag at <paramref name="domain"/>.</summary>
    public static string CanonicalEmail(string local, string domain) =>
        domain is "gmail.com" or "googlemail.com"
            ? local.Replace(".", string.Empty, StringComparison.Ordinal) + "@gmail.com"
            : local + "@" + domain;

    /// <summary>
    /// Returns a 64-bit hash of the canonical form of <c>local@domain</c> (see <see cref="CanonicalEmail(string)"/>) for
    /// a lower-case address without a tag, without allocating. Equal canonical forms have equal hashes; a collision of
    /// different ones (about one in 2^64 per pair) would only make the generator pick another address.
    /// </summary>
    public static ulong CanonicalEmailHash(ReadOnlySpan<char> local, ReadOnlySpan<char> domain)
    {
        bool gmail = domain.SequenceEqual("gmail.com") || domain.SequenceEqual("googlemail.com");
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in local)
        {
            if (!(gmail && c == '.'))
            {
                h = (h ^ c) * 0x100000001B3UL;
            }
        }

        h = (h ^ '@') * 0x100000001B3UL;
        foreach (char c in gmail ? "gmail.com" : domain)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return DeterministicRandom.Mix64(h);
    }

    /// <summary>Returns <see cref="CanonicalEmailHash(ReadOnlySpan{char}, ReadOnlySpan{char})"/> of a lower-case address without a tag.</summary>
    public static ulong CanonicalEmailHash(string email)
    {
        int at = email.LastIndexOf('@');
        return CanonicalEmailHash(email.AsSpan(0, at), email.AsSpan(at + 1));
    }

    /// <summary>Returns <paramref name="prefix"/> followed by <paramref name="number"/> zero-padded to <paramref name="width"/> digits.</summary>
    public static string PaddedId(string prefix, int number, int width) =>
        string.Create(prefix.Length + Math.Max(width, DigitCount(number)), (prefix, number), static (span, st) =>
        {
            st.prefix.AsSpan().CopyTo(span);
            int x = st.number;
            for (int i = span.Length - 1; i >= st.prefix.Length; i--)
            {
                span[i] = (char)('0' + (x % 10));
                x /= 10;
            }
        });

    private static int DigitCount(int value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>Lower-cases ASCII letters only.</summary>
    public static string ToLowerAscii(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] is >= 'A' and <= 'Z')
            {
                return string.Create(s.Length, s, static (span, src) =>
                {
                    for (int j = 0; j < src.Length; j++)
                    {
                        char c = src[j];
                        span[j] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                    }
                });
            }
        }

        return s;
    }

    /// <summary>Formats a ten-digit number <c>AAAEEELLLL</c> with <paramref name="format"/> (see <see cref="PhoneFormats"/>).</summary>
    public static string FormatPhone(long digits, string format) =>
        string.Create(format.Length, (digits, format), static (span, st) =>
        {
            Span<char> d = stackalloc char[10];
            long x = st.digits;
            for (int i = 9; i >= 0; i--)
            {
                d[i] = (char)('0' + (int)(x % 10));
                x /= 10;
            }

            int a = 0, e = 3, l = 6;
            for (int i = 0; i < st.format.Length; i++)
            {
                char c = st.format[i];
                span[i] = c switch
                {
                    'A' => d[a++],
                    'E' => d[e++],
                    'L' => d[l++],
                    _ => c,
                };
            }
        });

    /// <summary>Returns a random version-4 style id formatted like a GUID, upper case for iOS-style ids.</summary>
    public static string DeviceId(DeterministicRandom rng, bool upper)
    {
        ulong hi = rng.NextUInt64(), lo = rng.NextUInt64();
        hi = (hi & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL;
        lo = (lo & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;
        string hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        return string.Create(36, (hi, lo, hex), static (span, st) =>
        {
            int pos = 0;
            for (int nibble = 0; nibble < 32; nibble++)
            {
                if (nibble is 8 or 12 or 16 or 20)
                {
                    span[pos++] = '-';
                }

                ulong word = nibble < 16 ? st.hi : st.lo;
                int shift = 60 - (4 * (nibble & 15));
                span[pos++] = st.hex[(int)((word >> shift) & 0xF)];
            }
        });
    }

    /// <summary>Introduces one typo into a letter of <paramref name="s"/>: a transposition, a dropped or a doubled letter.</summary>
    public static string Typo(string s, DeterministicRandom rng)
    {
        if (s.Length < 3)
        {
            return s + s[^1];
        }

        int kind = rng.NextInt(3);
        int i = rng.NextInt(1, s.Length - 1); // keep the first letter: people rarely mistype it
        if (!char.IsLetter(s[i]))
        {
            return s;
        }

        switch (kind)
        {
            case 0:
                if (char.IsLetter(s[i + 1]) && s[i] != s[i + 1])
                {
                    return string.Concat(s.AsSpan(0, i), s.AsSpan(i + 1, 1), s.AsSpan(i, 1), s.AsSpan(i + 2));
                }

                return s.Remove(i, 1);
            case 1:
                return s.Remove(i, 1);
            default:
                return s.Insert(i, s[i].ToString());
        }
    }

    /// <summary>Upper-cases the first character of every word except small words after the first (titles).</summary>
    public static string TitleCase(string s)
    {
        string[] words = s.Split(' ');
        for (int w = 0; w < words.Length; w++)
        {
            string word = words[w];
            if (word.Length == 0 || !char.IsLower(word[0]) || HasUpperAfterFirst(word))
            {
                continue;
            }

            if (w > 0 && Array.IndexOf(s_smallWords, word) >= 0)
            {
                continue;
            }

            words[w] = ToUpper(word[0]) + word[1..];
        }

        return string.Join(' ', words);
    }

    /// <summary>Upper-cases the first character (sentences).</summary>
    public static string Capitalise(string s) =>
        s.Length == 0 || !char.IsLower(s[0]) ? s : ToUpper(s[0]) + s[1..];

    /// <summary>Lower-cases title-case words that have no other capitals (<c>GPS Running Watch</c> to <c>GPS running watch</c>).</summary>
    public static string LowerTitle(string s)
    {
        string[] words = s.Split(' ');
        for (int w = 0; w < words.Length; w++)
        {
            string word = words[w];
            if (word.Length > 0 && char.IsUpper(word[0]) && !HasUpperAfterFirst(word))
            {
                words[w] = ToLower(word[0]) + word[1..];
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>Removes a leading <c>the </c> (for slots after a number: <c>7 Premier League Tips</c>).</summary>
    public static string NoArticle(string s) => s.StartsWith("the ", StringComparison.Ordinal) ? s[4..] : s;

    /// <summary>Formats an integer with the invariant culture.</summary>
    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool HasUpperAfterFirst(string word)
    {
        for (int i = 1; i < word.Length; i++)
        {
            if (char.IsUpper(word[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<char, string> BuildFold()
    {
        (string To, string From)[] groups =
        [
            ("a", "àáâãäåāăą"), ("c", "çćč"), ("d", "ďđð"), ("e", "èéêëēėęě"), ("g", "ğ"), ("i", "ìíîïīıį"), ("l", "ł"),
            ("n", "ñńň"), ("o", "òóôõöøōő"), ("r", "ř"), ("s", "śšşș"), ("t", "ťţț"), ("u", "ùúûüūůűų"), ("y", "ýÿ"),
            ("z", "źżž"), ("A", "ÀÁÂÃÄÅĀĂĄ"), ("C", "ÇĆČ"), ("D", "ĎĐÐ"), ("E", "ÈÉÊËĒĖĘĚ"), ("G", "Ğ"), ("I", "ÌÍÎÏĪİĮ"),
            ("L", "Ł"), ("N", "ÑŃŇ"), ("O", "ÒÓÔÕÖØŌŐ"), ("R", "Ř"), ("S", "ŚŠŞȘ"), ("T", "ŤŢȚ"), ("U", "ÙÚÛÜŪŮŰŲ"),
            ("Y", "ÝŸ"), ("Z", "ŹŻŽ"), ("ae", "æ"), ("AE", "Æ"), ("oe", "œ"), ("OE", "Œ"), ("ss", "ß"), ("th", "þ"), ("Th", "Þ"),
        ];
        var map = new Dictionary<char, string>();
        foreach ((string to, string from) in groups)
        {
            foreach (char c in from)
            {
                map[c] = to;
            }
        }

        return map;
    }
}
