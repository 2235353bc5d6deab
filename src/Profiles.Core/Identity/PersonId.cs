// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Globalization;

namespace Profiles.Core;

/// <summary>Identifies a person: the accounts that identity resolution found to belong to one human.</summary>
/// <remarks>
/// <para>
/// <see cref="IIdentityResolver.ResolveAsync"/> numbers persons densely from 0, in the order of their first account in
/// the input. Later edits of an <see cref="IdentityGraph"/> (split, merge, forget) keep the ids of the persons they do
/// not touch, so an id can key a profile across edits.
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Value">The person's number.</param>
public readonly record struct PersonId(int Value)
{
    /// <summary>Returns <see cref="Value"/> as invariant-culture text.</summary>
    /// <returns>The person's number.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
