// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>The blocking keys that choose which account pairs the probabilistic stage compares; combine with <c>|</c>.</summary>
/// <remarks>
/// <para>
/// Two accounts become a candidate pair when they share the value of at least one enabled key. An account lacking a
/// part of a key (no last name, no birth year...) has no value for that key. Phonetic codes are American Soundex of
/// the normalised name.
/// </para>
/// </remarks>
[Flags]
public enum BlockingKeys
{
    /// <summary>No key; not a valid setting.</summary>
    None = 0,

    /// <summary>The Soundex code of the last name plus the birth year.</summary>
    LastNamePhoneticAndBirthYear = 1,

    /// <summary>The city plus the first three letters of the last name.</summary>
    CityAndLastNamePrefix = 2,

    /// <summary>The Soundex codes of the first and the last name.</summary>
    FirstAndLastNamePhonetic = 4,

    /// <summary>The Soundex code of the first name plus the birth year.</summary>
    FirstNamePhoneticAndBirthYear = 8,

    /// <summary>The city plus the Soundex code of the first name: finds <c>María G.</c> in Toronto for <c>Maria Garcia</c> in Toronto.</summary>
    CityAndFirstNamePhonetic = 16,

    /// <summary>
    /// The Soundex code of the first name plus the first letter of the last name, comparing only pairs where one side
    /// has a name written as an initial: finds <c>María G.</c> for <c>Maria Garcia</c>.
    /// </summary>
    FirstNamePhoneticAndLastInitial = 32,

    /// <summary>
    /// The Soundex code of the last name plus the first letter of the first name, comparing only pairs where one side
    /// has a name written as an initial: finds <c>M. García</c> for <c>Maria Garcia</c>.
    /// </summary>
    LastNamePhoneticAndFirstInitial = 64,

    /// <summary>
    /// The default keys: all seven. The last four find accounts whose names are initials or mistyped (<c>María G.</c>,
    /// <c>M. García</c>, <c>Maria Gracia</c>), which the first three miss when the birth year or city is missing.
    /// </summary>
    Default = LastNamePhoneticAndBirthYear | CityAndLastNamePrefix | FirstAndLastNamePhonetic | FirstNamePhoneticAndBirthYear | CityAndFirstNamePhonetic
        | FirstNamePhoneticAndLastInitial | LastNamePhoneticAndFirstInitial,
}
