// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Profiles.Core;

/// <summary>Replaces personal data in text with placeholders before it leaves the process: e-mail addresses, URLs with
/// query strings, the identifiers of the person's account records (names and their parts, e-mails and their local
/// parts, phones, cities, device and account ids, the birth year), phone numbers and long digit runs.</summary>
/// <remarks>Identifiers match case-insensitively as whole words; parts shorter than three characters are not matched on
/// their own, so that short words survive. Thread-safe after construction.</remarks>
internal sealed partial class PiiRedactor
{
    private const int MinimumPartLength = 3;
    private readonly List<KeyValuePair<string, string>> _identifiers = [];

    public PiiRedactor(IReadOnlyList<AccountRecord> accounts)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < accounts.Count; i++)
        {
            AccountRecord account = accounts[i];
            if (account is null)
            {
                continue;
            }

            AddIdentifier(seen, account.Email, "[email]");
            if (account.Email is { } email && email.IndexOf('@', StringComparison.Ordinal) is > 0 and int at)
            {
                AddIdentifier(seen, email[..at], "[email]");
            }

            AddIdentifier(seen, account.Phone, "[phone]");
            AddIdentifier(seen, Digits(account.Phone), "[phone]");
            AddIdentifier(seen, account.DisplayName, "[name]");
            AddParts(seen, account.DisplayName, "[name]");
            AddIdentifier(seen, account.City, "[city]");
            AddIdentifier(seen, account.Account.Value, "[id]");
            for (int d = 0; d < account.DeviceIds.Count; d++)
            {
                AddIdentifier(seen, account.DeviceIds[d], "[id]");
            }

            if (account.BirthYear is { } year)
            {
                AddIdentifier(seen, year.ToString(CultureInfo.InvariantCulture), "[year]");
            }
        }

        // Longest first, so that a full name is replaced before its parts.
        _identifiers.Sort(static (a, b) => b.Key.Length != a.Key.Length ? b.Key.Length - a.Key.Length : string.CompareOrdinal(a.Key, b.Key));
    }

    /// <summary>Returns <paramref name="text"/> with personal data replaced, adding the number of replacements to <paramref name="count"/>.</summary>
    public string Redact(string text, ref int count)
    {
        int found = 0;
        text = Replace(EmailPattern(), text, "[email]", ref found);
        text = Replace(UrlWithQueryPattern(), text, "[url]", ref found);
        for (int i = 0; i < _identifiers.Count; i++)
        {
            text = ReplaceWord(text, _identifiers[i].Key, _identifiers[i].Value, ref found);
        }

        text = Replace(PhonePattern(), text, "[phone]", ref found);
        text = Replace(LongDigitsPattern(), text, "[number]", ref found);
        count += found;
        return text;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s?#]*\?\S*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlWithQueryPattern();

    // 7 to 15 digits, optionally after a plus, separated by spaces, dots, dashes or parentheses.
    [GeneratedRegex(@"(?<![\w+])\+?\(?\d(?:[\s().\-]{0,2}\d){6,14}(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\d{6,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongDigitsPattern();

    private static string Replace(Regex pattern, string text, string placeholder, ref int found)
    {
        int matches = 0;
        string result = pattern.Replace(text, _ =>
        {
            matches++;
            return placeholder;
        });
        found += matches;
        return result;
    }

    private static string ReplaceWord(string text, string value, string placeholder, ref int found)
    {
        int index = text.IndexOf(value, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        int copied = 0;
        while (index >= 0)
        {
            int end = index + value.Length;
            bool wordStart = index == 0 || !char.IsLetterOrDigit(text[index - 1]) || !char.IsLetterOrDigit(value[0]);
            bool wordEnd = end == text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(value[^1]);
            if (wordStart && wordEnd)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, index - copied).Append(placeholder);
                copied = end;
                found++;
                index = end;
            }
            else
            {
                index++;
            }

            index = index < text.Length ? text.IndexOf(value, index, StringComparison.OrdinalIgnoreCase) : -1;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static string? Digits(string? phone)
    {
        if (phone is null)
        {
            return null;
        }

        var digits = new StringBuilder(phone.Length);
        foreach (char c in phone)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.Length >= 6 ? digits.ToString() : null;
    }

    private void AddParts(HashSet<string> seen, string? value, string placeholder)
    {
        if (value is null)
        {
            return;
        }

        foreach (string part in value.Split([' ', '.', '_', '-', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            AddIdentifier(seen, part, placeholder);
        }
    }

    private void AddIdentifier(HashSet<string> seen, string? value, string placeholder)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length < MinimumPartLength || !seen.Add(value))
        {
            return;
        }

        _identifiers.Add(new KeyValuePair<string, string>(value, placeholder));
    }
}
