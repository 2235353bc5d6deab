// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Profiles.Core;

/// <summary>
/// Holds a leak-free train/test split of interaction events: the training events, each test user's positive items,
/// and how the split was made. Create one with <see cref="RandomPerUser"/>, <see cref="LeaveLastN"/>,
/// <see cref="TemporalCut"/>, <see cref="CrossPlatformColdStart"/>, <see cref="ColdStartUsers"/> or <see cref="ColdStartItems"/>.
/// </summary>
/// <remarks>
/// <para>
/// Users are the integer keys a caller-supplied function gives each event (an account number, or a person id from
/// identity resolution); an event with a negative key belongs to no evaluated user and stays in training.
/// </para>
/// <para>
/// Leak-freedom: a test positive is a (user, item) pair that was held out and that the user has no training event
/// for. A held-out item the user also interacted with in training is not a positive (counted in
/// <see cref="EvaluationSplitMetadata.HeldOutItemsSeenInTraining"/>), because a recommender that excludes seen items,
/// as every recommender here does, could never return it. Users left with no positive are not test users.
/// </para>
/// <para>
/// The catalogue is the distinct items of the training events, numbered in order of first appearance;
/// <see cref="IndexOf"/> and <see cref="TrainingItemIndices"/> give recommenders dense indices and the sorted seen
/// lists the top-K kernel takes (<see cref="TopKSeenItems"/>).
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed partial class EvaluationSplit
{
    private static readonly ReadOnlyCollection<ItemKey> s_noItems = new([]);
    private readonly Dictionary<ItemKey, int> _catalogIndex;
    private readonly Dictionary<int, int[]> _trainingItems;

    /// <summary>Builds a split from its training events and its held-out events, applying the leak-freedom rule.</summary>
    /// <param name="train">The training events.</param>
    /// <param name="trainKeys">The user key of each training event.</param>
    /// <param name="test">The held-out events.</param>
    /// <param name="heldOut">The held-out items per user, distinct, in the order they should be listed.</param>
    /// <param name="targets">The hidden platform per user (cold start), or empty.</param>
    /// <param name="userKey">The event-to-user function.</param>
    /// <param name="metadata">The protocol's metadata; the counts are filled in here.</param>
    internal EvaluationSplit(
        List<InteractionEvent> train, int[] trainKeys, List<InteractionEvent> test, Dictionary<int, List<ItemKey>> heldOut,
        Dictionary<int, PlatformId> targets, Func<InteractionEvent, int> userKey, EvaluationSplitMetadata metadata)
    {
        Train = train.AsReadOnly();
        Test = test.AsReadOnly();
        UserKey = userKey;

        var catalog = new List<ItemKey>();
        _catalogIndex = [];
        var sets = new Dictionary<int, HashSet<int>>();
        for (int i = 0; i < train.Count; i++)
        {
            ItemKey item = new(train[i].Platform, train[i].Item);
            if (!_catalogIndex.TryGetValue(item, out int index))
            {
                index = catalog.Count;
                _catalogIndex.Add(item, index);
                catalog.Add(item);
            }

            int user = trainKeys[i];
            if (user >= 0)
            {
                if (!sets.TryGetValue(user, out HashSet<int>? set))
                {
                    set = [];
                    sets.Add(user, set);
                }

                set.Add(index);
            }
        }

        Catalog = catalog.AsReadOnly();
        var cold = new HashSet<ItemKey>();
        foreach (InteractionEvent e in test)
        {
            var item = new ItemKey(e.Platform, e.Item);
            if (!_catalogIndex.ContainsKey(item))
            {
                cold.Add(item);
            }
        }

        ItemKey[] coldItems = [.. cold];
        Array.Sort(coldItems, CompareItems);
        ColdItems = Array.AsReadOnly(coldItems);
        _trainingItems = new Dictionary<int, int[]>(sets.Count);
        foreach (KeyValuePair<int, HashSet<int>> entry in sets)
        {
            int[] sorted = [.. entry.Value];
            Array.Sort(sorted);
            _trainingItems.Add(entry.Key, sorted);
        }

        var positives = new Dictionary<int, IReadOnlyList<ItemKey>>();
        var users = new List<int>();
        int positiveCount = 0;
        int seenInTraining = 0;
        foreach (KeyValuePair<int, List<ItemKey>> entry in heldOut)
        {
            var kept = new List<ItemKey>(entry.Value.Count);
            foreach (ItemKey item in entry.Value)
            {
                if (IsTrainingItem(entry.Key, item))
                {
                    seenInTraining++;
                }
                else
                {
                    kept.Add(item);
                }
            }

            if (kept.Count > 0)
            {
                positives.Add(entry.Key, kept.AsReadOnly());
                users.Add(entry.Key);
                positiveCount += kept.Count;
            }
        }

        users.Sort();
        Users = users.AsReadOnly();
        TestPositives = new ReadOnlyDictionary<int, IReadOnlyList<ItemKey>>(positives);
        var usedTargets = new Dictionary<int, PlatformId>();
        foreach (KeyValuePair<int, PlatformId> target in targets)
        {
            if (positives.ContainsKey(target.Key))
            {
                usedTargets.Add(target.Key, target.Value);
            }
        }

        TargetPlatforms = new ReadOnlyDictionary<int, PlatformId>(usedTargets);
        Metadata = metadata with
        {
            TrainEvents = train.Count,
            TestEvents = test.Count,
            TestUsers = users.Count,
            TestPositives = positiveCount,
            HeldOutItemsSeenInTraining = seenInTraining,
        };
    }

    /// <summary>Gets the training events, in input order.</summary>
    public IReadOnlyList<InteractionEvent> Train { get; }

    /// <summary>Gets the held-out events, in input order (including those whose item is not a positive).</summary>
    public IReadOnlyList<InteractionEvent> Test { get; }

    /// <summary>Gets the test users (those with at least one positive), ascending.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>Gets each test user's positive items: held out, and never in the user's training events.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<ItemKey>> TestPositives { get; }

    /// <summary>Gets the hidden platform of each test user of a cross-platform cold-start split (recommend that platform's
    /// items); empty for the other protocols.</summary>
    public IReadOnlyDictionary<int, PlatformId> TargetPlatforms { get; }

    /// <summary>Gets the catalogue: the distinct items of the training events, in order of first appearance. An item's
    /// position is its index (<see cref="IndexOf"/>).</summary>
    public IReadOnlyList<ItemKey> Catalog { get; }

    /// <summary>Gets the items that occur only in held-out events (never in training, so not in <see cref="Catalog"/>), in
    /// ordinal order of platform and item id: the candidates of an item cold-start evaluation
    /// (<see cref="ColdStartItems"/>); usually empty for the other protocols.</summary>
    public IReadOnlyList<ItemKey> ColdItems { get; }

    /// <summary>Gets the function that maps an event to its user key.</summary>
    public Func<InteractionEvent, int> UserKey { get; }

    /// <summary>Gets how the split was made and what it holds.</summary>
    public EvaluationSplitMetadata Metadata { get; }

    /// <summary>Returns an item's index in <see cref="Catalog"/>, or -1 when no training event has it.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The index, or -1.</returns>
    public int IndexOf(ItemKey item) => _catalogIndex.TryGetValue(item, out int index) ? index : -1;

    /// <summary>Returns the catalogue indices of the items a user has training events for, strictly increasing (the
    /// user's row of a <see cref="TopKSeenItems"/>).</summary>
    /// <param name="user">The user key.</param>
    /// <returns>The sorted indices; empty for a user without training events.</returns>
    public ReadOnlyMemory<int> TrainingItemIndices(int user) => _trainingItems.TryGetValue(user, out int[]? items) ? items : ReadOnlyMemory<int>.Empty;

    /// <summary>Returns whether the user has a training event for the item.</summary>
    /// <param name="user">The user key.</param>
    /// <param name="item">The item.</param>
    /// <returns><see langword="true"/> when the pair is in training.</returns>
    public bool IsTrainingItem(int user, ItemKey item) =>
        _catalogIndex.TryGetValue(item, out int index) && _trainingItems.TryGetValue(user, out int[]? items) && Array.BinarySearch(items, index) >= 0;

    /// <summary>Gets every user's sorted training item indices (users with a non-negative key).</summary>
    internal IEnumerable<int[]> TrainingItemSets => _trainingItems.Values;

    /// <summary>Returns a test user's positives, or an empty list for any other user.</summary>
    internal IReadOnlyList<ItemKey> PositivesOf(int user) => TestPositives.TryGetValue(user, out IReadOnlyList<ItemKey>? items) ? items : s_noItems;
}
