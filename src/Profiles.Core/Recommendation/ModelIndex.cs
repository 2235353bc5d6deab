// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Profiles.Core;

/// <summary>What every recommender over one <see cref="ProfileModel"/> shares, computed once per model: the item
/// metadata, one allow-list bitset per platform, and the time-decayed popularity of every item.</summary>
/// <remarks><para>Immutable after construction and thread-safe; <see cref="For"/> creates at most one per model.</para></remarks>
internal sealed class ModelIndex
{
    private static readonly ConditionalWeakTable<ProfileModel, ModelIndex> s_indices = [];
    private readonly Dictionary<PlatformId, ulong[]> _platformBits;

    private ModelIndex(ProfileModel model)
    {
        Model = model;
        IReadOnlyList<ItemKey> keys = model.Matrix.Items;
        int n = keys.Count;
        Items = new ItemKey[n];
        Catalog = new Item?[n];
        _platformBits = [];
        for (int j = 0; j < n; j++)
        {
            ItemKey key = keys[j];
            Items[j] = key;
            Catalog[j] = model.Catalog.TryGet(key.Platform, key.Item, out Item? item) ? item : null;
            if (!_platformBits.TryGetValue(key.Platform, out ulong[]? bits))
            {
                bits = new ulong[(n + 63) / 64];
                _platformBits.Add(key.Platform, bits);
            }

            bits[j >> 6] |= 1UL << (j & 63);
        }

        // Popularity: the item's column sum of positive, time-faded signal weights (a time-decayed count of likings).
        Popularity = new float[n];
        SparseMatrix byItem = model.Matrix.ByItem;
        ReadOnlySpan<int> pointers = byItem.RowPointers;
        ReadOnlySpan<float> values = byItem.Values;
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = pointers[j]; p < pointers[j + 1]; p++)
            {
                sum += values[p];
            }

            Popularity[j] = (float)sum;
        }

        Rank = model.Factors.Rank;
        FactorItems = Math.Min(model.Factors.Items, n);
    }

    /// <summary>Gets the model.</summary>
    public ProfileModel Model { get; }

    /// <summary>Gets the item keys in column order.</summary>
    public ItemKey[] Items { get; }

    /// <summary>Gets the catalogue entry of each column, when the catalogue has it.</summary>
    public Item?[] Catalog { get; }

    /// <summary>Gets the time-decayed popularity of each column.</summary>
    public float[] Popularity { get; }

    /// <summary>Gets the factor rank.</summary>
    public int Rank { get; }

    /// <summary>Gets the number of items with factors (the first columns).</summary>
    public int FactorItems { get; }

    /// <summary>Gets the number of items.</summary>
    public int Count => Items.Length;

    /// <summary>Returns the index of <paramref name="model"/>, creating it on first use.</summary>
    public static ModelIndex For(ProfileModel model) => s_indices.GetValue(model, static m => new ModelIndex(m));

    /// <summary>Returns the bitset of a platform's items, or <see langword="null"/> when the model has none.</summary>
    public ulong[]? PlatformBits(PlatformId platform) => _platformBits.TryGetValue(platform, out ulong[]? bits) ? bits : null;
}
