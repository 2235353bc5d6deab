// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A MovieLens 100K user's demographics, from <c>u.user</c>.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Account">The user's id, as an account on <see cref="MovieLens.Platform"/>.</param>
/// <param name="Age">The age given, in years.</param>
/// <param name="Gender">The gender given: <c>M</c> or <c>F</c>.</param>
/// <param name="Occupation">The occupation given, for example <c>technician</c>.</param>
/// <param name="ZipCode">The zip code given.</param>
public sealed record MovieLensUser(AccountId Account, int Age, string Gender, string Occupation, string ZipCode);
