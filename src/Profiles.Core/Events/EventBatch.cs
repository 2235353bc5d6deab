// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Events read in one go into one buffer, as <see cref="CsvEventReader.ReadAll(string, IngestionReport)"/> returns them:
/// no per-event allocation and no growing list to copy, and <see cref="EventCleaner.CleanInPlace"/> can clean them
/// without a second buffer.</summary>
/// <remarks>
/// <para><see cref="EventCleaner.CleanInPlace"/> takes the buffer over: afterwards the batch is empty
/// (<see cref="Count"/> is 0) and the accepted events belong to the <see cref="CleanedEvents"/> it returns.
/// <see cref="EventCleaner.Clean"/> leaves the batch as it is.</para>
/// <para>This type is not thread-safe: do not read a batch while <see cref="EventCleaner.CleanInPlace"/> takes it over.</para>
/// </remarks>
public sealed class EventBatch : IReadOnlyList<InteractionEvent>
{
    private InteractionEvent[] _events;
    private int _count;

    internal EventBatch(InteractionEvent[] events, int count)
    {
        _events = events;
        _count = count;
    }

    /// <summary>Gets the number of events in the batch.</summary>
    public int Count => _count;

    /// <summary>Gets the event at <paramref name="index"/>.</summary>
    /// <param name="index">The 0-based position, in input order.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public InteractionEvent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                Throw.OutOfRange(nameof(index), index, "is outside the batch");
            }

            return _events[index];
        }
    }

    /// <summary>Returns the events as a span, in input order, without copying.</summary>
    /// <returns>The events.</returns>
    public ReadOnlySpan<InteractionEvent> AsSpan() => _events.AsSpan(0, _count);

    /// <summary>Returns an enumerator over the events, in input order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<InteractionEvent> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return _events[i];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Gives the buffer back after a cancelled <see cref="EventCleaner.CleanInPlace"/> that left it untouched.</summary>
    internal void Restore(InteractionEvent[] events, int count)
    {
        _events = events;
        _count = count;
    }

    /// <summary>Hands the buffer over and leaves the batch empty.</summary>
    internal InteractionEvent[] Take(out int count)
    {
        InteractionEvent[] events = _events;
        count = _count;
        _events = [];
        _count = 0;
        return events;
    }
}
