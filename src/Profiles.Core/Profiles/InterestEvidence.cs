// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>One event that shows an interest: the item, what the person did with it, when, and what it contributed.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Item">The item.</param>
/// <param name="Kind">What the person did.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Weight">The event's faded signal weight (see <see cref="SignalWeights"/>).</param>
public sealed record InterestEvidence(ItemKey Item, EventKind Kind, DateTimeOffset Timestamp, float Weight);
