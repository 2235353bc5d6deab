// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>An interest an enricher found: a tag from the fixed vocabulary, its weight and the items that show it.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Tag">The tag, one of the enricher's vocabulary.</param>
/// <param name="Weight">The weight, in [0, 1].</param>
public sealed record InsightInterest(string Tag, float Weight)
{
    /// <summary>Gets the items of the person's history that show the interest.</summary>
    public IReadOnlyList<ItemKey> Evidence { get; init; } = Array.Empty<ItemKey>();
}
