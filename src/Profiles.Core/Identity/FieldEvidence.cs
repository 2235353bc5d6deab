// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>One field's part in a link: how it compared and what that weighed.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Field">The field compared.</param>
/// <param name="Level">How the two accounts' values compared.</param>
/// <param name="Weight">The field's match weight <c>log2(m / u)</c> at <paramref name="Level"/>; 0 when <see cref="FieldComparison.Missing"/>.</param>
public readonly record struct FieldEvidence(MatchField Field, FieldComparison Level, double Weight);
