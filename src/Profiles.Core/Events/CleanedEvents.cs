// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The outcome of <see cref="EventCleaner"/>: the accepted events and the report that accounts for every row.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class CleanedEvents
{
    internal CleanedEvents(InteractionEvent[] events, IngestionReport report)
    {
        Events = events;
        Report = report;
    }

    /// <summary>Gets the accepted events, ordered by timestamp (ties keep their input order).</summary>
    public IReadOnlyList<InteractionEvent> Events { get; }

    /// <summary>Gets the report: counts by reason and samples of what was rejected or merged.</summary>
    public IngestionReport Report { get; }
}
