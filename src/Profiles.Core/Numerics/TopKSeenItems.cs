// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>
/// Holds, for each user of a top-K call, the sorted indices of the items to exclude (those the user has seen), in
/// compressed sparse row form: user <c>u</c>'s items are <c>Indices[Offsets[u]..Offsets[u + 1]]</c>.
/// </summary>
/// <remarks>
/// <para>
/// The kernels walk each user's list with a cursor while they offer items in increasing index order, so excluding
/// seen items costs a comparison only for the few items whose score would enter the top K; the catalogue is never
/// sorted or copied.
/// </para>
/// <para>This type is immutable after construction and thread-safe; it does not copy the arrays it is given, so the
/// caller must not change them afterwards.</para>
/// </remarks>
public sealed class TopKSeenItems
{
    private readonly int[] _offsets;
    private readonly int[] _indices;

    /// <summary>Initializes a new instance of the <see cref="TopKSeenItems"/> class from compressed sparse rows.</summary>
    /// <param name="offsets">The row starts, one per user plus the end: <c>offsets[0] == 0</c>, non-decreasing,
    /// <c>offsets[^1] == indices.Length</c>.</param>
    /// <param name="indices">The item indices of all users, each user's strictly increasing and non-negative.</param>
    /// <exception cref="ArgumentNullException"><paramref name="offsets"/> or <paramref name="indices"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The offsets are not a valid row partition of <paramref name="indices"/>, or a row
    /// is not strictly increasing or holds a negative index.</exception>
    public TopKSeenItems(int[] offsets, int[] indices)
    {
        _offsets = Throw.IfNull(offsets);
        _indices = Throw.IfNull(indices);
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != indices.Length)
        {
            Throw.Argument(nameof(offsets), $"The offsets must start at 0 and end at the number of indices ({indices.Length}).");
        }

        for (int u = 0; u + 1 < offsets.Length; u++)
        {
            if (offsets[u + 1] < offsets[u])
            {
                Throw.Argument(nameof(offsets), $"The offsets decrease at user {u} ({offsets[u]} then {offsets[u + 1]}).");
            }
        }

        for (int u = 0; u + 1 < offsets.Length; u++)
        {
            int start = offsets[u];
            int end = offsets[u + 1];
            for (int i = start; i < end; i++)
            {
                if (indices[i] < 0 || (i > start && indices[i] <= indices[i - 1]))
                {
                    Throw.Argument(nameof(indices), $"User {u}'s item indices must be non-negative and strictly increasing; position {i} holds {indices[i]}.");
                }
            }

            MaxIndex = Math.Max(MaxIndex, end > start ? indices[end - 1] : -1);
        }
    }

    /// <summary>Gets the number of users.</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Gets the largest item index of any user, or -1 when every list is empty.</summary>
    public int MaxIndex { get; } = -1;

    /// <summary>Gets the row starts (length <see cref="Count"/> + 1).</summary>
    public ReadOnlyMemory<int> Offsets => _offsets;

    /// <summary>Gets the item indices of all users, row after row.</summary>
    public ReadOnlyMemory<int> Indices => _indices;

    /// <summary>Gets the sorted item indices of one user.</summary>
    /// <param name="user">The user's row, in <c>[0, Count)</c>.</param>
    /// <returns>The user's strictly increasing item indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="user"/> is outside <c>[0, Count)</c>.</exception>
    public ReadOnlySpan<int> this[int user]
    {
        get
        {
            if ((uint)user >= (uint)Count)
            {
                Throw.OutOfRange(nameof(user), user, $"must be in [0, {Count})");
            }

            return _indices.AsSpan(_offsets[user], _offsets[user + 1] - _offsets[user]);
        }
    }

    /// <summary>Creates the sets from one collection of item indices per user, sorting them and dropping duplicates.</summary>
    /// <param name="lists">One collection per user, in user order; a <see langword="null"/> entry means "nothing seen".</param>
    /// <returns>The sets.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lists"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An index is negative.</exception>
    public static TopKSeenItems FromLists(IReadOnlyList<IEnumerable<int>?> lists)
    {
        Throw.IfNull(lists);
        var offsets = new int[lists.Count + 1];
        var all = new List<int>();
        var row = new List<int>();
        for (int u = 0; u < lists.Count; u++)
        {
            row.Clear();
            if (lists[u] is { } items)
            {
                foreach (int item in items)
                {
                    if (item < 0)
                    {
                        Throw.Argument(nameof(lists), $"User {u} lists the negative item index {item}.");
                    }

                    row.Add(item);
                }
            }

            row.Sort();
            for (int i = 0; i < row.Count; i++)
            {
                if (i == 0 || row[i] != row[i - 1])
                {
                    all.Add(row[i]);
                }
            }

            offsets[u + 1] = all.Count;
        }

        return new TopKSeenItems(offsets, all.ToArray());
    }
}
