// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>
/// Packs the comparison levels of the eight <see cref="MatchField"/>s into one integer: field <c>f</c>'s
/// <see cref="FieldComparison"/> is digit <c>f</c> in base 5.
/// </summary>
internal static class ComparisonPattern
{
    /// <summary>The number of fields compared.</summary>
    public const int Fields = 8;

    /// <summary>The number of comparison levels (the base of the packing).</summary>
    public const int Levels = 5;

    /// <summary>The number of distinct patterns, <c>5^8</c>.</summary>
    public const int Count = 390_625;

    private static readonly int[] s_powers = [1, 5, 25, 125, 625, 3125, 15625, 78125];

    /// <summary>Gets the place value of field <paramref name="field"/>.</summary>
    public static int Power(int field) => s_powers[field];

    /// <summary>Gets field <paramref name="field"/>'s level in <paramref name="pattern"/>.</summary>
    public static FieldComparison Level(int pattern, int field) => (FieldComparison)(pattern / s_powers[field] % Levels);

    /// <summary>Gets whether field <paramref name="field"/> uses comparison level <paramref name="level"/>.</summary>
    public static bool Uses(MatchField field, FieldComparison level) => level switch
    {
        FieldComparison.Missing or FieldComparison.Disagree or FieldComparison.Exact => true,
        FieldComparison.Similar => field is not (MatchField.Email or MatchField.Phone or MatchField.Device or MatchField.EmailName),
        FieldComparison.VerySimilar => field is MatchField.FirstName or MatchField.LastName or MatchField.City,
        _ => false,
    };

    /// <summary>Gets the levels field <paramref name="field"/> uses, <see cref="FieldComparison.Missing"/> first.</summary>
    public static FieldComparison[] LevelsOf(MatchField field)
    {
        var levels = new FieldComparison[Levels];
        int count = 0;
        for (int l = 0; l < Levels; l++)
        {
            if (Uses(field, (FieldComparison)l))
            {
                levels[count++] = (FieldComparison)l;
            }
        }

        return levels.AsSpan(0, count).ToArray();
    }
}
