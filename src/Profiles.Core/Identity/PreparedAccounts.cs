// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>
/// The accounts in the form the resolver compares: interned ids for every field, and the folded names and cities that
/// Jaro–Winkler needs. Lives only for the duration of one resolution; nothing here reaches the <see cref="IdentityGraph"/>.
/// </summary>
/// <remarks><para>Read-only after construction, so <see cref="Compare"/> may run on many threads at once.</para></remarks>
internal sealed class PreparedAccounts
{
    /// <summary>The value of an id for a missing field.</summary>
    public const int Missing = -1;

    public PreparedAccounts(
        int count, int[] firstId, int[] lastId, int[] cityId, int[] birthYear, int[] emailId, int[] phoneId, int[] deviceStart,
        int[] devices, string[] firstNames, string[] lastNames, string[] cities, double similar, double verySimilar)
    {
        Count = count;
        FirstId = firstId;
        LastId = lastId;
        CityId = cityId;
        BirthYear = birthYear;
        EmailId = emailId;
        PhoneId = phoneId;
        DeviceStart = deviceStart;
        Devices = devices;
        FirstNames = firstNames;
        LastNames = lastNames;
        Cities = cities;
        Similar = similar;
        VerySimilar = verySimilar;
    }

    public int Count { get; }

    /// <summary>Gets the interned first name of each account, or <see cref="Missing"/>.</summary>
    public int[] FirstId { get; }

    /// <summary>Gets the interned last name of each account, or <see cref="Missing"/>.</summary>
    public int[] LastId { get; }

    /// <summary>Gets the interned city of each account, or <see cref="Missing"/>.</summary>
    public int[] CityId { get; }

    /// <summary>Gets the birth year of each account, or 0 when missing.</summary>
    public int[] BirthYear { get; }

    /// <summary>Gets the interned e-mail hash of each account; <see cref="Missing"/> when absent or over-shared.</summary>
    public int[] EmailId { get; }

    /// <summary>Gets the interned phone hash of each account; <see cref="Missing"/> when absent or over-shared.</summary>
    public int[] PhoneId { get; }

    /// <summary>Gets where each account's device ids start in <see cref="Devices"/> (length <c>Count + 1</c>).</summary>
    public int[] DeviceStart { get; }

    /// <summary>Gets the interned device hashes of every account, ascending per account, over-shared ones left out.</summary>
    public int[] Devices { get; }

    public string[] FirstNames { get; }

    public string[] LastNames { get; }

    public string[] Cities { get; }

    public double Similar { get; }

    public double VerySimilar { get; }

    /// <summary>Compares two accounts field by field and packs the levels (see <see cref="ComparisonPattern"/>).</summary>
    public int Compare(int a, int b)
    {
        int pattern = (int)NameLevel(FirstId[a], FirstId[b], FirstNames);
        pattern += 5 * (int)NameLevel(LastId[a], LastId[b], LastNames);
        pattern += 25 * (int)YearLevel(BirthYear[a], BirthYear[b]);
        pattern += 125 * (int)TextLevel(CityId[a], CityId[b], Cities);
        pattern += 625 * (int)KeyLevel(EmailId[a], EmailId[b]);
        pattern += 3125 * (int)KeyLevel(PhoneId[a], PhoneId[b]);
        pattern += 15625 * (int)DeviceLevel(a, b);
        return pattern;
    }

    /// <summary>Compares names like <see cref="TextLevel"/>, except that an initial (<c>J.</c>) agrees with any name of that letter, initial or whole, only as <see cref="FieldComparison.Similar"/>.</summary>
    private FieldComparison NameLevel(int x, int y, string[] values)
    {
        if (x != Missing && y != Missing && (values[x].Length == 1 || values[y].Length == 1))
        {
            return values[x][0] == values[y][0] ? FieldComparison.Similar : FieldComparison.Disagree;
        }

        return TextLevel(x, y, values);
    }

    private FieldComparison TextLevel(int x, int y, string[] values)
    {
        if (x == Missing || y == Missing)
        {
            return FieldComparison.Missing;
        }

        if (x == y)
        {
            return FieldComparison.Exact;
        }

        double similarity = JaroWinkler.Similarity(values[x], values[y]);
        return similarity >= VerySimilar ? FieldComparison.VerySimilar
            : similarity >= Similar ? FieldComparison.Similar
            : FieldComparison.Disagree;
    }

    private static FieldComparison YearLevel(int x, int y)
    {
        if (x == 0 || y == 0)
        {
            return FieldComparison.Missing;
        }

        int gap = Math.Abs(x - y);
        return gap == 0 ? FieldComparison.Exact : gap == 1 ? FieldComparison.Similar : FieldComparison.Disagree;
    }

    private static FieldComparison KeyLevel(int x, int y) =>
        x == Missing || y == Missing ? FieldComparison.Missing : x == y ? FieldComparison.Exact : FieldComparison.Disagree;

    private FieldComparison DeviceLevel(int a, int b)
    {
        int i = DeviceStart[a];
        int endA = DeviceStart[a + 1];
        int j = DeviceStart[b];
        int endB = DeviceStart[b + 1];
        if (i == endA || j == endB)
        {
            return FieldComparison.Missing;
        }

        while (i < endA && j < endB)
        {
            int c = Devices[i].CompareTo(Devices[j]);
            if (c == 0)
            {
                return FieldComparison.Exact;
            }

            if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return FieldComparison.Disagree;
    }
}
