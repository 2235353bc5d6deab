// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>American Soundex (the U.S. National Archives rules) of a folded name.</summary>
/// <remarks>
/// <para>
/// The first letter is kept; the rest map to digits (B F P V = 1; C G J K Q S X Z = 2; D T = 3; L = 4; M N = 5; R = 6).
/// Adjacent letters with the same digit, including the first letter, code once; H and W do not separate them, while a
/// vowel (A E I O U Y) does. The code is padded with zeros or cut to a letter and three digits. Letters outside A–Z
/// (the input is folded first, so accents are already gone) and other characters are skipped.
/// </para>
/// <para>All members are pure and thread-safe.</para>
/// </remarks>
internal static class Soundex
{
    /// <summary>The code for "no code": the name has no letter A–Z.</summary>
    public const int None = 0;

    // A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; 0 = vowel (separates), 7 = H or W (transparent).
    private static ReadOnlySpan<byte> Digits => [0, 1, 2, 3, 0, 1, 2, 7, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 7, 2, 0, 2];

    /// <summary>Computes the code packed in 14 bits: the letter (1–26) in bits 9–13 and the three digits in 3 bits each; <see cref="None"/> when there is no letter.</summary>
    public static int Encode(ReadOnlySpan<char> name)
    {
        int letter = 0;
        int code = 0;
        int written = 0;
        int last = 0;
        foreach (char raw in name)
        {
            char c = (char)(raw | 0x20);
            if (c < 'a' || c > 'z')
            {
                continue;
            }

            int digit = Digits[c - 'a'];
            if (letter == 0)
            {
                letter = c - 'a' + 1;
                last = digit == 7 ? 0 : digit;
                continue;
            }

            if (digit == 7)
            {
                continue;
            }

            if (digit == 0)
            {
                last = 0;
                continue;
            }

            if (digit != last)
            {
                code = (code << 3) | digit;
                if (++written == 3)
                {
                    break;
                }
            }

            last = digit;
        }

        if (letter == 0)
        {
            return None;
        }

        code <<= 3 * (3 - written);
        return (letter << 9) | code;
    }

    /// <summary>Formats a packed code as text, for example <c>R163</c>; empty for <see cref="None"/>.</summary>
    public static string ToText(int code)
    {
        if (code == None)
        {
            return string.Empty;
        }

        Span<char> text = [(char)('A' + (code >> 9) - 1), (char)('0' + ((code >> 6) & 7)), (char)('0' + ((code >> 3) & 7)), (char)('0' + (code & 7))];
        return new string(text);
    }
}
