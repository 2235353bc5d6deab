// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>The nearest neighbours of every query, as found by <see cref="NearestNeighbors"/>: indices and cosine similarities.</summary>
/// <remarks>
/// <para>
/// Row <c>q</c> of <see cref="Indices"/> and <see cref="Similarities"/> (row-major <see cref="Queries"/> x
/// <see cref="Neighbors"/>) lists the neighbours of query <c>q</c> by decreasing similarity, equal similarities by
/// increasing index.
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class NeighborList
{
    private readonly int[] _indices;
    private readonly float[] _similarities;

    internal NeighborList(int queries, int neighbors, int[] indices, float[] similarities)
    {
        Queries = queries;
        Neighbors = neighbors;
        _indices = indices;
        _similarities = similarities;
    }

    /// <summary>Gets the number of queries.</summary>
    public int Queries { get; }

    /// <summary>Gets the number of neighbours per query: the requested <c>k</c>, or fewer when there are fewer candidate rows.</summary>
    public int Neighbors { get; }

    /// <summary>Gets the neighbours' row indices, row-major <see cref="Queries"/> x <see cref="Neighbors"/>.</summary>
    public ReadOnlyMemory<int> Indices => _indices;

    /// <summary>Gets the neighbours' cosine similarities, row-major <see cref="Queries"/> x <see cref="Neighbors"/>.</summary>
    public ReadOnlyMemory<float> Similarities => _similarities;

    /// <summary>Gets the neighbours of <paramref name="query"/>, most similar first.</summary>
    /// <param name="query">The query, in [0, <see cref="Queries"/>).</param>
    /// <returns>The row indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="query"/> is out of range.</exception>
    public ReadOnlySpan<int> IndicesOf(int query)
    {
        Check(query);
        return _indices.AsSpan(query * Neighbors, Neighbors);
    }

    /// <summary>Gets the similarities of the neighbours of <paramref name="query"/>, in the order of <see cref="IndicesOf"/>.</summary>
    /// <param name="query">The query, in [0, <see cref="Queries"/>).</param>
    /// <returns>The cosine similarities.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="query"/> is out of range.</exception>
    public ReadOnlySpan<float> SimilaritiesOf(int query)
    {
        Check(query);
        return _similarities.AsSpan(query * Neighbors, Neighbors);
    }

    private void Check(int query)
    {
        if ((uint)query >= (uint)Queries)
        {
            Throw.OutOfRange(nameof(query), query, $"must be in [0, {Queries})");
        }
    }
}
