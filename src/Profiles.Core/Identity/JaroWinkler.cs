// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>The Jaro–Winkler similarity of two strings.</summary>
/// <remarks>
/// <para>
/// Jaro: characters match when equal and no further apart than <c>max(|a|, |b|) / 2 - 1</c>; with <c>m</c> matches and
/// <c>t</c> half the number of matched characters out of order, <c>jaro = (m / |a| + m / |b| + (m - t) / m) / 3</c>.
/// Winkler adds <c>l * 0.1 * (1 - jaro)</c> for a common prefix of <c>l</c> characters (at most 4) when <c>jaro</c> exceeds
/// 0.7. Two empty strings are identical (1); one empty string shares nothing (0).
/// </para>
/// <para>All members are pure and thread-safe.</para>
/// </remarks>
internal static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const double BoostThreshold = 0.7;
    private const int MaxPrefix = 4;

    /// <summary>Computes the Jaro–Winkler similarity in [0, 1].</summary>
    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        double jaro = Jaro(a, b);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }

        int limit = Math.Min(MaxPrefix, Math.Min(a.Length, b.Length));
        int prefix = 0;
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * PrefixScale * (1d - jaro));
    }

    /// <summary>Computes the Jaro similarity in [0, 1].</summary>
    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1d : 0d;
        }

        if (a.SequenceEqual(b))
        {
            return 1d;
        }

        if (a.Length > b.Length)
        {
            ReadOnlySpan<char> swap = a;
            a = b;
            b = swap;
        }

        int window = Math.Max(0, (b.Length / 2) - 1);
        Span<bool> matchedB = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];
        Span<bool> matchedA = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        matchedA.Clear();
        matchedB.Clear();
        int matches = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int start = Math.Max(0, i - window);
            int end = Math.Min(b.Length - 1, i + window);
            for (int j = start; j <= end; j++)
            {
                if (!matchedB[j] && a[i] == b[j])
                {
                    matchedA[i] = true;
                    matchedB[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0d;
        }

        int outOfOrder = 0;
        int k = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (!matchedA[i])
            {
                continue;
            }

            while (!matchedB[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                outOfOrder++;
            }

            k++;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (outOfOrder / 2d)) / m)) / 3d;
    }
}
