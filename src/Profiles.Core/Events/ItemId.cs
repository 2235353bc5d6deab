// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Identifies an item (a product, a post, an article, a movie) within its platform's catalogue.</summary>
/// <remarks>
/// <para>Comparison is ordinal and case-sensitive. A default instance has a <see langword="null"/> <see cref="Value"/>;
/// <see cref="EventCleaner"/> rejects such events as having an empty id.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Value">The item's id within its platform.</param>
public readonly record struct ItemId(string Value)
{
    /// <summary>Gets a value indicating whether the id is <see langword="null"/>, empty or only white space.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Value);

    /// <summary>Converts a string to a <see cref="ItemId"/>.</summary>
    /// <param name="value">The item's id.</param>
    public static implicit operator ItemId(string value) => new(value);

    /// <summary>Returns <see cref="Value"/>, or an empty string for a default instance.</summary>
    /// <returns>The item's id.</returns>
    public override string ToString() => Value ?? string.Empty;
}
