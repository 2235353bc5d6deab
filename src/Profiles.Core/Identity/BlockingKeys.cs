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

    /// <summary>
    /// The Soundex code of the first name plus the birth year, comparing only pairs where one side has no last name or
    /// only its initial: finds <c>Maria</c> or <c>María G.</c> born in 1984 for <c>Maria Garcia</c> born in 1984.
    /// </summary>
    FirstNamePhoneticAndBirthYear = 8,

    /// <summary>
    /// The city plus the Soundex code of the first name, comparing only pairs where one side has no last name or only
    /// its initial: finds <c>María G.</c> or <c>Maria</c> in Toronto for <c>Maria Garcia</c> in Toronto.
    /// </summary>
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
    /// For an account without any name, the name its e-mail address spells (the letters of the local part:
    /// <c>maria.garcia84@</c> gives <c>mariagarcia</c>); for an account with a first and a last name, the one of its name
    /// keys (first and last name run together in either order, or with either as an initial) that some such e-mail name
    /// equals; compares only pairs where one side has no name: finds an account holding only
    /// <c>maria.garcia84@example.com</c> for <c>María García</c>. Only salted hashes of these keys are computed.
    /// </summary>
    EmailName = 128,

    /// <summary>
    /// The default keys: <see cref="LastNamePhoneticAndBirthYear"/>, <see cref="CityAndLastNamePrefix"/>,
    /// <see cref="FirstAndLastNamePhonetic"/>, <see cref="FirstNamePhoneticAndBirthYear"/>,
    /// <see cref="CityAndFirstNamePhonetic"/> and <see cref="EmailName"/>. The two first-name keys find accounts whose
    /// last name is missing, an initial or mistyped when the birth year or the city is there; the e-mail name key finds
    /// accounts that carry a name only in their e-mail address. The two initial keys are not in the default: on the
    /// synthetic world they add about two fifths to the candidate pairs for a quarter of a point of recall at 1,500
    /// persons and none at 10,000 (docs/identity.md).
    /// </summary>
    Default = LastNamePhoneticAndBirthYear | CityAndLastNamePrefix | FirstAndLastNamePhonetic | FirstNamePhoneticAndBirthYear | CityAndFirstNamePhonetic
        | EmailName,
}
