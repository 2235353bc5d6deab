// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Identifies an account across platforms: the platform plus the account's id on it.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Platform">The platform.</param>
/// <param name="Account">The account's id on <paramref name="Platform"/>.</param>
public readonly record struct AccountKey(PlatformId Platform, AccountId Account)
{
    /// <summary>Returns <c>platform/account</c>.</summary>
    /// <returns>The key as text.</returns>
    public override string ToString() => $"{Platform}/{Account}";
}
