// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Profiles.Core.Tests;

public class UnionFindTests
{
    private static readonly Gen<(int N, (int A, int B)[] Edges)> s_graphs =
        from n in Gen.Choose(1, 60)
        from edges in Gen.ArrayOf(from a in Gen.Choose(0, n - 1) from b in Gen.Choose(0, n - 1) select (a, b))
        select (n, edges);

    [Property(MaxTest = 200)]
    public Property Union_AnyEdges_PartitionEqualsConnectedComponents() =>
        Prop.ForAll(s_graphs.ToArbitrary(), g =>
        {
            var sets = new UnionFind(g.N);
            foreach ((int a, int b) in g.Edges)
            {
                _ = sets.Union(a, b);
            }

            int[] expected = ComponentsByBfs(g.N, g.Edges);
            int[] actual = Canonical(Enumerable.Range(0, g.N).Select(sets.Find).ToArray());
            return (expected.SequenceEqual(actual) && sets.Sets == expected.Distinct().Count())
                .Label($"n={g.N} edges={g.Edges.Length}");
        });

    [Property(MaxTest = 200)]
    public Property Union_ReappliedEdges_ChangeNothing() =>
        Prop.ForAll(s_graphs.ToArbitrary(), g =>
        {
            var sets = new UnionFind(g.N);
            foreach ((int a, int b) in g.Edges)
            {
                _ = sets.Union(a, b);
            }

            int[] before = Canonical(Enumerable.Range(0, g.N).Select(sets.Find).ToArray());
            bool anyJoined = false;
            foreach ((int a, int b) in g.Edges)
            {
                anyJoined |= sets.Union(a, b);
            }

            int[] after = Canonical(Enumerable.Range(0, g.N).Select(sets.Find).ToArray());
            return (!anyJoined && before.SequenceEqual(after)).Label("re-applying unions joined something");
        });

    [Property(MaxTest = 200)]
    public Property Union_ShuffledEdges_GiveTheSamePartition() =>
        Prop.ForAll(
            (from g in s_graphs from keys in Gen.ArrayOf(Gen.Choose(0, 1_000_000), g.Edges.Length) select (g, keys)).ToArbitrary(),
            t =>
            {
                ((int n, (int A, int B)[] edges), int[] keys) = t;
                var shuffled = edges.Zip(keys).OrderBy(e => e.Second).Select(e => (e.First.B, e.First.A)).ToArray();
                var first = new UnionFind(n);
                var second = new UnionFind(n);
                foreach ((int a, int b) in edges)
                {
                    _ = first.Union(a, b);
                }

                foreach ((int a, int b) in shuffled)
                {
                    _ = second.Union(a, b);
                }

                int[] p = Canonical(Enumerable.Range(0, n).Select(first.Find).ToArray());
                int[] q = Canonical(Enumerable.Range(0, n).Select(second.Find).ToArray());
                return p.SequenceEqual(q).Label("order changed the partition");
            });

    [Property(MaxTest = 100)]
    public Property Union_BySize_KeepsTreesShallow() =>
        Prop.ForAll(s_graphs.ToArbitrary(), g =>
        {
            var sets = new UnionFind(g.N);
            foreach ((int a, int b) in g.Edges)
            {
                _ = sets.Union(a, b);
            }

            int sizes = Enumerable.Range(0, g.N).Where(i => sets.Find(i) == i).Sum(sets.SizeOfRoot);
            return (sizes == g.N).Label($"root sizes sum to {sizes}, not {g.N}");
        });

    [Xunit.Fact]
    public void Constructor_NegativeCount_ThrowsNamingCount() =>
        Xunit.Assert.Throws<ArgumentOutOfRangeException>("count", () => new UnionFind(-1));

    /// <summary>Labels each element by the smallest element of its component, found by breadth-first search.</summary>
    private static int[] ComponentsByBfs(int n, (int A, int B)[] edges)
    {
        var adjacent = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach ((int a, int b) in edges)
        {
            adjacent[a].Add(b);
            adjacent[b].Add(a);
        }

        var label = Enumerable.Repeat(-1, n).ToArray();
        for (int s = 0; s < n; s++)
        {
            if (label[s] >= 0)
            {
                continue;
            }

            var queue = new Queue<int>([s]);
            label[s] = s;
            while (queue.Count > 0)
            {
                foreach (int next in adjacent[queue.Dequeue()])
                {
                    if (label[next] < 0)
                    {
                        label[next] = s;
                        queue.Enqueue(next);
                    }
                }
            }
        }

        return label;
    }

    /// <summary>Relabels representatives by the smallest member of each class.</summary>
    private static int[] Canonical(int[] representative)
    {
        var smallest = new Dictionary<int, int>();
        for (int i = 0; i < representative.Length; i++)
        {
            _ = smallest.TryAdd(representative[i], i);
        }

        return representative.Select(r => smallest[r]).ToArray();
    }
}
