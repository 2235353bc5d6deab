// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What a person did on one platform: counts by kind and when they were first and last seen there.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Platform">The platform.</param>
/// <param name="EventsByKind">The number of accepted events per kind.</param>
/// <param name="FirstSeen">The timestamp of the person's first event on the platform.</param>
/// <param name="LastSeen">The timestamp of the person's last event on the platform.</param>
public sealed record PlatformActivity(PlatformId Platform, IReadOnlyDictionary<EventKind, int> EventsByKind, DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    /// <summary>Gets the total number of events on the platform.</summary>
    public int EventCount
    {
        get
        {
            int total = 0;
            foreach (int count in EventsByKind.Values)
            {
                total += count;
            }

            return total;
        }
    }
}
