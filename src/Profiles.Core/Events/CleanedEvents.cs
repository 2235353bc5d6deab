// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The outcome of <see cref="EventCleaner"/>: the accepted events and the report that accounts for every row.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class CleanedEvents
{
    private readonly InteractionEvent[] _events;
    private readonly int _count;

    internal CleanedEvents(InteractionEvent[] events, int count, IngestionReport report)
    {
        _events = events;
        _count = count;
        Events = new ArraySegment<InteractionEvent>(events, 0, count);
        Report = report;
    }

    /// <summary>Gets the accepted events, ordered by timestamp (ties keep their input order).</summary>
    public IReadOnlyList<InteractionEvent> Events { get; }

    /// <summary>Returns the accepted events as a span, without copying.</summary>
    /// <returns>The events, ordered by timestamp.</returns>
    public ReadOnlySpan<InteractionEvent> AsSpan() => _events.AsSpan(0, _count);

    /// <summary>Gets the report: counts by reason and samples of what was rejected or merged.</summary>
    public IngestionReport Report { get; }
}
