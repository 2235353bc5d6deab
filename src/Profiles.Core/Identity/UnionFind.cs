// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Disjoint sets over <c>0..n-1</c> with path compression and union by size.</summary>
/// <remarks><para>Instances are not thread-safe.</para></remarks>
internal sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    /// <summary>Initializes <paramref name="count"/> singleton sets.</summary>
    public UnionFind(int count)
    {
        _parent = new int[Throw.IfLessThan(count, 0)];
        _size = new int[count];
        for (int i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }

        Sets = count;
    }

    /// <summary>Gets the number of elements.</summary>
    public int Count => _parent.Length;

    /// <summary>Gets the number of disjoint sets.</summary>
    public int Sets { get; private set; }

    /// <summary>Finds the representative of <paramref name="x"/>'s set, compressing the path to it.</summary>
    public int Find(int x)
    {
        int root = x;
        while (_parent[root] != root)
        {
            root = _parent[root];
        }

        while (_parent[x] != root)
        {
            int next = _parent[x];
            _parent[x] = root;
            x = next;
        }

        return root;
    }

    /// <summary>Gets the size of the set whose representative is <paramref name="root"/>.</summary>
    public int SizeOfRoot(int root) => _size[root];

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/>, the smaller under the larger.</summary>
    /// <returns><see langword="true"/> when they were different sets.</returns>
    public bool Union(int a, int b)
    {
        int ra = Find(a);
        int rb = Find(b);
        if (ra == rb)
        {
            return false;
        }

        UnionRoots(ra, rb);
        return true;
    }

    /// <summary>Joins two distinct roots, the smaller under the larger (ties: under the lower index).</summary>
    /// <returns>The new root.</returns>
    public int UnionRoots(int ra, int rb)
    {
        if (_size[ra] < _size[rb] || (_size[ra] == _size[rb] && rb < ra))
        {
            (ra, rb) = (rb, ra);
        }

        _parent[rb] = ra;
        _size[ra] += _size[rb];
        Sets--;
        return ra;
    }
}
