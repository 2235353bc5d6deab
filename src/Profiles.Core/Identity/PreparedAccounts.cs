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
        EmailName = new int[count];
        NameGroup = new int[count];
        for (int i = 0; i < count; i++)
        {
            EmailName[i] = Missing;
            NameGroup[i] = Missing;
        }

        FirstBlockingNames = firstNames;
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

    /// <summary>Gets the interned hash of the name each account's e-mail spells, or <see cref="Missing"/>.</summary>
    public int[] EmailName { get; private set; }

    /// <summary>Gets each account's name-key group (its distinct first, last and surname), or <see cref="Missing"/> without a first and a last name.</summary>
    public int[] NameGroup { get; private set; }

    /// <summary>Gets where each name-key group's keys start in <see cref="NameKeys"/> (length groups + 1).</summary>
    public int[] NameKeyStart { get; private set; } = [0];

    /// <summary>Gets the interned name-key hashes of every group, ascending per group (same id space as <see cref="EmailName"/>).</summary>
    public int[] NameKeys { get; private set; } = [];

    /// <summary>Gets the name key each name-key group blocks on: its lowest-id key that some e-mail name equals, or <see cref="Missing"/>.</summary>
    public int[] BlockingNameKey { get; private set; } = [];

    /// <summary>Gets, per distinct first name, the name its phonetic blocking code is taken from (a short form's full name).</summary>
    public string[] FirstBlockingNames { get; private set; }

    /// <summary>Gets where each distinct first name's full-name ids start in <see cref="FirstForms"/>; <see langword="null"/> when first names are compared by spelling only.</summary>
    public int[]? FirstFormStart { get; private set; }

    /// <summary>Gets the ids of the full names each distinct first name may stand for, ascending per name.</summary>
    public int[] FirstForms { get; private set; } = [];

    /// <summary>Sets the full names each distinct first name may stand for, and the names the phonetic codes are taken from.</summary>
    public void SetFirstNameForms(int[] start, int[] forms, string[] blockingNames)
    {
        FirstFormStart = start;
        FirstForms = forms;
        FirstBlockingNames = blockingNames;
    }

    /// <summary>Sets the e-mail names and the name keys.</summary>
    public void SetNameKeys(int[] emailName, int[] nameGroup, int[] keyStart, int[] keys, int[] blockingKey)
    {
        EmailName = emailName;
        NameGroup = nameGroup;
        NameKeyStart = keyStart;
        NameKeys = keys;
        BlockingNameKey = blockingKey;
    }

    /// <summary>Gets the value of the e-mail name blocking key: for an account with a first and a last name, its name key that an e-mail name equals; for an account without any name, its e-mail name; -1 otherwise.</summary>
    public long EmailNameBlockingKey(int i)
    {
        if (NameGroup[i] >= 0 && BlockingNameKey[NameGroup[i]] >= 0)
        {
            return BlockingNameKey[NameGroup[i]];
        }

        return HasNoName(i) && EmailName[i] >= 0 ? EmailName[i] : -1;
    }

    /// <summary>Compares two accounts field by field and packs the levels (see <see cref="ComparisonPattern"/>).</summary>
    public int Compare(int a, int b)
    {
        int pattern = (int)FirstNameLevel(FirstId[a], FirstId[b]);
        pattern += 5 * (int)NameLevel(LastId[a], LastId[b], LastNames);
        pattern += 25 * (int)YearLevel(BirthYear[a], BirthYear[b]);
        pattern += 125 * (int)TextLevel(CityId[a], CityId[b], Cities);
        pattern += 625 * (int)KeyLevel(EmailId[a], EmailId[b]);
        pattern += 3125 * (int)KeyLevel(PhoneId[a], PhoneId[b]);
        pattern += 15625 * (int)DeviceLevel(a, b);
        pattern += 78125 * (int)EmailNameLevel(a, b);
        return pattern;
    }

    /// <summary>Compares first names like <see cref="NameLevel"/>; a short form and its full name, or two short forms of one name, are at least <see cref="FieldComparison.VerySimilar"/>.</summary>
    private FieldComparison FirstNameLevel(int x, int y)
    {
        FieldComparison level = NameLevel(x, y, FirstNames);
        if (level is FieldComparison.Exact or FieldComparison.VerySimilar or FieldComparison.Missing || FirstFormStart is null
            || FirstNames[x].Length == 1 || FirstNames[y].Length == 1)
        {
            return level;
        }

        int i = FirstFormStart[x], endX = FirstFormStart[x + 1];
        int j = FirstFormStart[y], endY = FirstFormStart[y + 1];
        while (i < endX && j < endY)
        {
            int c = FirstForms[i].CompareTo(FirstForms[j]);
            if (c == 0)
            {
                return FieldComparison.VerySimilar;
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

        return level;
    }

    /// <summary>
    /// Compares the name the e-mail of an account without any name spells with the other account's name keys: exact
    /// when one matches, disagree when not; missing when neither side is an account without a name but with an e-mail
    /// name facing an account with a first and a last name. An account that has a name compares it through the name
    /// fields, which its e-mail (usually made from that name) would only repeat; two e-mails are not compared with each
    /// other, since handles (<c>sunnyfox12@</c>, <c>sunnyfox7@</c>) spell the same letters for different persons.
    /// </summary>
    private FieldComparison EmailNameLevel(int a, int b)
    {
        int ea = HasNoName(a) ? EmailName[a] : Missing;
        int eb = HasNoName(b) ? EmailName[b] : Missing;
        int ga = NameGroup[a], gb = NameGroup[b];
        if (!((ea >= 0 && gb >= 0) || (eb >= 0 && ga >= 0)))
        {
            return FieldComparison.Missing;
        }

        return HasNameKey(gb, ea) || HasNameKey(ga, eb) ? FieldComparison.Exact : FieldComparison.Disagree;
    }

    /// <summary>Gets whether an account has neither a first nor a last name.</summary>
    public bool HasNoName(int i) => FirstId[i] < 0 && LastId[i] < 0;

    private bool HasNameKey(int group, int key) =>
        group >= 0 && key >= 0 && Array.BinarySearch(NameKeys, NameKeyStart[group], NameKeyStart[group + 1] - NameKeyStart[group], key) >= 0;

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
