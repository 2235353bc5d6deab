// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Identifies an account on one platform; the same person usually has different account ids on different platforms.</summary>
/// <remarks>
/// <para>Comparison is ordinal and case-sensitive. A default instance has a <see langword="null"/> <see cref="Value"/>;
/// <see cref="EventCleaner"/> rejects such events as having an empty id.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Value">The account's id as the platform knows it.</param>
public readonly record struct AccountId(string Value)
{
    /// <summary>Gets a value indicating whether the id is <see langword="null"/>, empty or only white space.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Value);

    /// <summary>Converts a string to a <see cref="AccountId"/>.</summary>
    /// <param name="value">The account's id.</param>
    public static implicit operator AccountId(string value) => new(value);

    /// <summary>Returns <see cref="Value"/>, or an empty string for a default instance.</summary>
    /// <returns>The account's id.</returns>
    public override string ToString() => Value ?? string.Empty;
}
