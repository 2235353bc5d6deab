// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Hands out one shared string per distinct short cell of a column (ids, kinds, short texts), looked up by the
/// cell's characters, so a repeated id allocates nothing and all its events share one string.</summary>
/// <remarks><para>Used by one read at a time; not thread-safe.</para></remarks>
internal sealed class IdPool
{
    /// <summary>Longest cell that is pooled; longer cells (texts) get their own string.</summary>
    public const int MaxPooledLength = 64;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _capacity;

    /// <summary>Initializes a new instance of the <see cref="IdPool"/> class.</summary>
    /// <param name="capacity">Distinct strings kept at most; cells beyond it get their own string.</param>
    public IdPool(int capacity)
    {
        _capacity = capacity;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Returns the pooled string equal to <paramref name="cell"/>, adding it when it is new.</summary>
    public string Get(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty)
        {
            return string.Empty;
        }

        if (cell.Length > MaxPooledLength)
        {
            return cell.ToString();
        }

        if (_lookup.TryGetValue(cell, out string? pooled))
        {
            return pooled;
        }

        string value = cell.ToString();
        if (_strings.Count < _capacity)
        {
            _strings.Add(value);
        }

        return value;
    }
}
