// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>A readable interest: a category or tag of the items a person engaged with, its time-decayed weight, and the
/// events that show it most strongly.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Name">The category or tag, as the catalogue names it.</param>
/// <param name="Weight">The interest's share of the person's positive, faded signal, in [0, 1]; a profile's weights sum to 1.</param>
public sealed record Interest(string Name, float Weight)
{
    /// <summary>Gets the strongest evidence events, strongest first.</summary>
    public IReadOnlyList<InterestEvidence> Evidence { get; init; } = Array.Empty<InterestEvidence>();
}
