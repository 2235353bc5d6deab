// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A field that identity resolution compares between two accounts.</summary>
public enum MatchField
{
    /// <summary>The first token of the normalised display name.</summary>
    FirstName,

    /// <summary>The last token of the normalised display name (when the name has at least two tokens).</summary>
    LastName,

    /// <summary>The year of birth.</summary>
    BirthYear,

    /// <summary>The normalised city.</summary>
    City,

    /// <summary>The salted hash of the normalised e-mail address.</summary>
    Email,

    /// <summary>The salted hash of the normalised (E.164-like) phone number.</summary>
    Phone,

    /// <summary>The salted hashes of the device ids: whether the accounts share one.</summary>
    Device,

    /// <summary>
    /// The name an e-mail address spells against the other account's name: the letters of the local part
    /// (<c>maria.garcia84@</c> gives <c>mariagarcia</c>) against the first and last name run together in either order, or
    /// with either as an initial (<c>mgarcia</c>, <c>mariag</c>), compared as salted hashes. Compared only when one account
    /// has no name at all and the other has a first and a last name (otherwise the names already carry this evidence);
    /// two e-mail names are not compared with each other.
    /// </summary>
    EmailName,
}
