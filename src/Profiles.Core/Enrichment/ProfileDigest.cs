// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>What the enrichers read of a request: the training-window events of the person's accounts, folded into the
/// catalogued items the person engaged with (strongest first) and the person's own texts (newest first).</summary>
internal sealed class ProfileDigest
{
    private ProfileDigest(List<ItemDigest> items, List<TextDigest> texts, HashSet<ItemKey> history, int droppedEvents, DateTimeOffset asOf)
    {
        Items = items;
        Texts = texts;
        History = history;
        DroppedEvents = droppedEvents;
        AsOf = asOf;
    }

    /// <summary>Gets the catalogued items with a positive faded signal, strongest first (ties: latest first, then by key).</summary>
    public List<ItemDigest> Items { get; }

    /// <summary>Gets the person's texts, newest first.</summary>
    public List<TextDigest> Texts { get; }

    /// <summary>Gets every item of the person's accepted events, catalogued or not: the valid evidence ids.</summary>
    public HashSet<ItemKey> History { get; }

    /// <summary>Gets the number of events dropped as after the window or of another person's account.</summary>
    public int DroppedEvents { get; }

    /// <summary>Gets the end of the training window: the profile's <see cref="UserProfile.AsOf"/>, or the latest event.</summary>
    public DateTimeOffset AsOf { get; }

    public bool IsEmpty => Items.Count == 0 && Texts.Count == 0;

    public static ProfileDigest Create(EnrichmentRequest request, SignalWeights weights)
    {
        UserProfile profile = request.Profile;
        IReadOnlyList<InteractionEvent> events = request.Events;
        bool windowed = profile.AsOf != default;
        HashSet<AccountKey>? accounts = null;
        if (profile.Accounts.Count > 0)
        {
            accounts = new HashSet<AccountKey>(profile.Accounts.Count);
            for (int i = 0; i < profile.Accounts.Count; i++)
            {
                accounts.Add(profile.Accounts[i]);
            }
        }

        DateTimeOffset asOf = profile.AsOf;
        if (!windowed)
        {
            asOf = DateTimeOffset.MinValue;
            for (int i = 0; i < events.Count; i++)
            {
                if (events[i].Timestamp > asOf)
                {
                    asOf = events[i].Timestamp;
                }
            }
        }

        var byItem = new Dictionary<ItemKey, ItemDigest>();
        var texts = new List<TextDigest>();
        var history = new HashSet<ItemKey>();
        int dropped = 0;
        for (int i = 0; i < events.Count; i++)
        {
            InteractionEvent e = events[i];
            if ((windowed && e.Timestamp > asOf) || (accounts is not null && !accounts.Contains(new AccountKey(e.Platform, e.Account))))
            {
                dropped++;
                continue;
            }

            bool hasItem = !e.Item.IsEmpty && !e.Platform.IsEmpty;
            var key = new ItemKey(e.Platform, e.Item);
            Item? item = null;
            if (hasItem)
            {
                history.Add(key);
                _ = request.Catalog.TryGet(e.Platform, e.Item, out item);
            }

            if (!string.IsNullOrWhiteSpace(e.Text))
            {
                texts.Add(new TextDigest(e.Kind, item is null ? null : key, e.Text, e.Timestamp));
            }

            if (item is null)
            {
                continue;
            }

            if (!byItem.TryGetValue(key, out ItemDigest? digest))
            {
                digest = new ItemDigest(key, item);
                byItem.Add(key, digest);
            }

            float weight = weights.Weight(e, asOf);
            digest.Add(e.Kind, float.IsFinite(weight) ? weight : 0f, e.Timestamp);
        }

        var items = new List<ItemDigest>(byItem.Count);
        foreach (ItemDigest digest in byItem.Values)
        {
            if (digest.Score > 0)
            {
                items.Add(digest);
            }
        }

        items.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            if (c == 0)
            {
                c = b.LastSeen.CompareTo(a.LastSeen);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Key.ToString(), b.Key.ToString());
        });
        texts.Sort(static (a, b) =>
        {
            int c = b.Timestamp.CompareTo(a.Timestamp);
            return c != 0 ? c : string.CompareOrdinal(a.Text, b.Text);
        });
        return new ProfileDigest(items, texts, history, dropped, asOf);
    }
}

/// <summary>One catalogued item of a person's history: its summed faded signal, event counts by kind and last event.</summary>
internal sealed class ItemDigest(ItemKey key, Item item)
{
    private readonly List<KeyValuePair<EventKind, int>> _kinds = [];

    public ItemKey Key { get; } = key;

    public Item Item { get; } = item;

    public double Score { get; private set; }

    public int Events { get; private set; }

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Gets the event counts by kind, in order of first appearance.</summary>
    public List<KeyValuePair<EventKind, int>> Kinds => _kinds;

    public void Add(EventKind kind, float weight, DateTimeOffset timestamp)
    {
        Score += weight;
        Events++;
        if (timestamp > LastSeen)
        {
            LastSeen = timestamp;
        }

        for (int i = 0; i < _kinds.Count; i++)
        {
            if (_kinds[i].Key == kind)
            {
                _kinds[i] = new KeyValuePair<EventKind, int>(kind, _kinds[i].Value + 1);
                return;
            }
        }

        _kinds.Add(new KeyValuePair<EventKind, int>(kind, 1));
    }
}

/// <summary>A text the person wrote: a comment, a review, a search query.</summary>
internal readonly record struct TextDigest(EventKind Kind, ItemKey? Item, string Text, DateTimeOffset Timestamp);
