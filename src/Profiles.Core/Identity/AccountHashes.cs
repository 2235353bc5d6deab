// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The salted SHA-256 hashes an <see cref="IdentityGraph"/> keeps for one account, as lower-case hex.</summary>
/// <remarks>
/// <para>Each hash is <c>SHA256(UTF-8(salt + normalised value))</c>. Hashes of keys shared by too many accounts are kept
/// too (they were hashed like any other) but linked nothing.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Email">The hash of the normalised e-mail address; <see langword="null"/> when there was none (or it was invalid).</param>
/// <param name="Phone">The hash of the normalised phone number; <see langword="null"/> when there was none (or it was invalid).</param>
/// <param name="Devices">The hashes of the distinct device ids, in input order.</param>
public sealed record AccountHashes(string? Email, string? Phone, IReadOnlyList<string> Devices);
