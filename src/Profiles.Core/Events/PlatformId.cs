// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Identifies a platform (a shop, a social app, a news reader...) that events and accounts come from.</summary>
/// <remarks>
/// <para>Comparison is ordinal and case-sensitive. A default instance has a <see langword="null"/> <see cref="Value"/>;
/// <see cref="EventCleaner"/> rejects such events as having an empty id.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Value">The platform's name, for example <c>shop</c>.</param>
public readonly record struct PlatformId(string Value)
{
    /// <summary>Gets a value indicating whether the id is <see langword="null"/>, empty or only white space.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Value);

    /// <summary>Converts a string to a <see cref="PlatformId"/>.</summary>
    /// <param name="value">The platform's name.</param>
    public static implicit operator PlatformId(string value) => new(value);

    /// <summary>Returns <see cref="Value"/>, or an empty string for a default instance.</summary>
    /// <returns>The platform's name.</returns>
    public override string ToString() => Value ?? string.Empty;
}
