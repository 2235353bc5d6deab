// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Computes a person's readable interests and activity from their events: each event's positive, faded signal
/// weight is shared equally among its item's categories; weights are normalised to sum to 1; each interest keeps its
/// strongest evidence events (one per item).</summary>
/// <remarks>Negative signals (low ratings) do not create interests. Events whose item is not in the catalogue count for
/// activity but not for interests.</remarks>
internal sealed class InterestProfiler
{
    private readonly ItemCatalog _catalog;
    private readonly SignalWeights _weights;
    private readonly int _maxInterests;
    private readonly int _evidencePerInterest;
    private readonly Dictionary<string, Accumulator> _scratch = new(StringComparer.Ordinal);

    public InterestProfiler(ItemCatalog catalog, SignalWeights weights, int maxInterests, int evidencePerInterest)
    {
        _catalog = catalog;
        _weights = weights;
        _maxInterests = maxInterests;
        _evidencePerInterest = evidencePerInterest;
    }

    /// <summary>Returns the interests, strongest first (ties by name), at most the configured number, their weights
    /// normalised to sum to 1 over the ones returned.</summary>
    public Interest[] Interests(ReadOnlySpan<InteractionEvent> events, DateTimeOffset asOf)
    {
        _scratch.Clear();
        double total = 0;
        foreach (ref readonly InteractionEvent e in events)
        {
            float weight = _weights.Weight(in e, asOf);
            if (weight <= 0f || !_catalog.TryGet(e.Platform, e.Item, out Item? item) || item.Categories.Count == 0)
            {
                continue;
            }

            float share = weight / item.Categories.Count;
            foreach (string category in item.Categories)
            {
                if (!_scratch.TryGetValue(category, out Accumulator? acc))
                {
                    acc = new Accumulator(_evidencePerInterest);
                    _scratch.Add(category, acc);
                }

                acc.Add(new InterestEvidence(new ItemKey(e.Platform, e.Item), e.Kind, e.Timestamp, weight), share);
            }

            total += weight;
        }

        if (_scratch.Count == 0 || total <= 0)
        {
            return [];
        }

        var all = new List<KeyValuePair<string, Accumulator>>(_scratch);
        all.Sort(static (a, b) =>
        {
            int byWeight = b.Value.Weight.CompareTo(a.Value.Weight);
            return byWeight != 0 ? byWeight : string.CompareOrdinal(a.Key, b.Key);
        });

        int count = Math.Min(_maxInterests, all.Count);
        double kept = 0;
        for (int i = 0; i < count; i++)
        {
            kept += all[i].Value.Weight;
        }

        var result = new Interest[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = new Interest(all[i].Key, (float)(all[i].Value.Weight / kept)) { Evidence = all[i].Value.Evidence() };
        }

        return result;
    }

    /// <summary>Returns the activity per platform, in platform order.</summary>
    public static PlatformActivity[] Activity(ReadOnlySpan<InteractionEvent> events)
    {
        var byPlatform = new SortedDictionary<string, (Dictionary<EventKind, int> Kinds, DateTimeOffset First, DateTimeOffset Last, PlatformId Id)>(StringComparer.Ordinal);
        foreach (ref readonly InteractionEvent e in events)
        {
            string key = e.Platform.Value ?? string.Empty;
            if (!byPlatform.TryGetValue(key, out var entry))
            {
                entry = ([], e.Timestamp, e.Timestamp, e.Platform);
            }

            entry.Kinds[e.Kind] = entry.Kinds.GetValueOrDefault(e.Kind) + 1;
            entry.First = e.Timestamp < entry.First ? e.Timestamp : entry.First;
            entry.Last = e.Timestamp > entry.Last ? e.Timestamp : entry.Last;
            byPlatform[key] = entry;
        }

        var result = new PlatformActivity[byPlatform.Count];
        int i = 0;
        foreach (var entry in byPlatform.Values)
        {
            result[i++] = new PlatformActivity(entry.Id, entry.Kinds, entry.First, entry.Last);
        }

        return result;
    }

    private sealed class Accumulator(int capacity)
    {
        private readonly List<InterestEvidence> _evidence = new(capacity + 1);

        public double Weight { get; private set; }

        public void Add(InterestEvidence evidence, float share)
        {
            Weight += share;
            if (capacity == 0)
            {
                return;
            }

            // Keep the strongest event per item, then the strongest items; tiny lists, so linear scans.
            for (int i = 0; i < _evidence.Count; i++)
            {
                if (_evidence[i].Item == evidence.Item)
                {
                    if (evidence.Weight > _evidence[i].Weight)
                    {
                        _evidence.RemoveAt(i);
                        break;
                    }

                    return;
                }
            }

            int at = _evidence.Count;
            while (at > 0 && _evidence[at - 1].Weight < evidence.Weight)
            {
                at--;
            }

            if (at < capacity)
            {
                _evidence.Insert(at, evidence);
                if (_evidence.Count > capacity)
                {
                    _evidence.RemoveAt(_evidence.Count - 1);
                }
            }
        }

        public InterestEvidence[] Evidence() => [.. _evidence];
    }
}
