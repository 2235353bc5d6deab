// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>How well one field of two accounts agrees: the comparison level of the Fellegi–Sunter model.</summary>
/// <remarks>
/// <para>
/// Names and cities use every level (exact; Jaro–Winkler at or above <see cref="IdentityResolverOptions.VerySimilarThreshold"/>;
/// at or above <see cref="IdentityResolverOptions.SimilarThreshold"/>; otherwise disagree); a name written as an initial
/// (<c>J.</c>) is similar to any name of that letter and never exact. Birth years use exact,
/// <see cref="Similar"/> for one year apart, and disagree. E-mail, phone and device use exact and disagree only.
/// </para>
/// </remarks>
public enum FieldComparison
{
    /// <summary>At least one account lacks the field (or its value is shared by too many accounts to count); the field weighs 0.</summary>
    Missing,

    /// <summary>Both accounts have the field and it disagrees.</summary>
    Disagree,

    /// <summary>The values are similar: Jaro–Winkler at or above the lower threshold, an initial that fits the other name, or birth years one apart.</summary>
    Similar,

    /// <summary>The values are very similar: Jaro–Winkler at or above the upper threshold (names and cities only).</summary>
    VerySimilar,

    /// <summary>The normalised values (or their hashes) are equal; for devices, the accounts share at least one device.</summary>
    Exact,
}
