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

    /// <summary>The default keys: <see cref="LastNamePhoneticAndBirthYear"/>, <see cref="CityAndLastNamePrefix"/> and <see cref="FirstAndLastNamePhonetic"/>.</summary>
    Default = LastNamePhoneticAndBirthYear | CityAndLastNamePrefix | FirstAndLastNamePhonetic,
}
