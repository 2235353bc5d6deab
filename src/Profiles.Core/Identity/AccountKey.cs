// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Names one account in an <see cref="IdentityGraph"/>: its platform and its id there.</summary>
/// <remarks>
/// <para>The graph keeps account keys (they are how callers find persons), so an account id must not itself be personal
/// data such as an e-mail address; use the platform's internal id.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Platform">The platform the account belongs to.</param>
/// <param name="Account">The account's id on that platform.</param>
public readonly record struct AccountKey(PlatformId Platform, AccountId Account)
{
    /// <summary>Returns <c>platform/account</c>.</summary>
    /// <returns>The key as text.</returns>
    public override string ToString() => Platform.ToString() + "/" + Account.ToString();
}
