// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What one platform knows about one account: the input of identity resolution.</summary>
/// <remarks>
/// <para>Every identifier is optional and raw, as the platform holds it; identity resolution normalises and hashes
/// them and keeps no raw value after that.</para>
/// <para>This type is immutable and thread-safe when <see cref="DeviceIds"/> is not mutated.</para>
/// </remarks>
/// <param name="Platform">The platform the account belongs to.</param>
/// <param name="Account">The account's id on that platform.</param>
public sealed record AccountRecord(PlatformId Platform, AccountId Account)
{
    /// <summary>Gets the account's e-mail address, as entered; <see langword="null"/> when unknown.</summary>
    public string? Email { get; init; }

    /// <summary>Gets the account's phone number, in any format; <see langword="null"/> when unknown.</summary>
    public string? Phone { get; init; }

    /// <summary>Gets the device ids (advertising ids, app install ids) the account was seen on; empty when none.</summary>
    public IReadOnlyList<string> DeviceIds { get; init; } = Array.Empty<string>();

    /// <summary>Gets the account's display or full name; <see langword="null"/> when unknown.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets the account holder's year of birth; <see langword="null"/> when unknown.</summary>
    public int? BirthYear { get; init; }

    /// <summary>Gets the account holder's city; <see langword="null"/> when unknown.</summary>
    public string? City { get; init; }
}
