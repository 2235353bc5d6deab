// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>
/// Joins linked accounts into persons with union-find, honouring manual cannot-links and, optionally, one account per
/// platform for probabilistic links; then numbers the persons.
/// </summary>
/// <remarks><para>Instances live for one call of <see cref="Cluster"/> and are not thread-safe.</para></remarks>
internal sealed class PersonClustering
{
    private readonly UnionFind _sets;
    private readonly Dictionary<int, List<int>> _constrained = [];
    private readonly Dictionary<int, List<int>> _partners = [];
    private readonly int[]? _platformOf;
    private readonly Dictionary<int, int[]> _platformsOfRoot = [];

    private PersonClustering(int count, int[]? platformOf)
    {
        _sets = new UnionFind(count);
        _platformOf = platformOf;
    }

    /// <summary>
    /// Joins accounts: must-links first, then deterministic links, then probabilistic links by descending weight (ties
    /// by account indices). A union is skipped when it would join the two accounts of a cannot-link, and, when
    /// <paramref name="platformOf"/> is given, a probabilistic union is skipped when both sides already hold an account
    /// on one platform. Numbers the persons: a person that holds the first account of a previous person takes the
    /// lowest such id; any other gets a new id from <paramref name="previousNextId"/> on, in the order of its first account.
    /// </summary>
    /// <returns>The person id of every account.</returns>
    public static int[] Cluster(
        int count, LinkData[] links, (int First, int Second)[] mustLinks, (int First, int Second)[] cannotLinks, int[]? platformOf,
        int[]? previousPersonOf, int previousNextId, out int nextPersonId)
    {
        var clustering = new PersonClustering(count, platformOf);
        foreach ((int x, int y) in cannotLinks)
        {
            AddTo(clustering._partners, x, y);
            AddTo(clustering._partners, y, x);
            AddTo(clustering._constrained, x, x);
            AddTo(clustering._constrained, y, y);
        }

        foreach ((int x, int y) in mustLinks)
        {
            clustering.TryUnion(x, y, checkPlatforms: false);
        }

        if (cannotLinks.Length == 0 && platformOf is null)
        {
            // Without constraints the partition does not depend on the order: the connected components.
            foreach (LinkData link in links)
            {
                _ = clustering._sets.Union(link.First, link.Second);
            }
        }
        else
        {
            var order = (LinkData[])links.Clone();
            Array.Sort(order, static (p, q) =>
            {
                int c = p.Rule.CompareTo(q.Rule);
                if (c == 0)
                {
                    c = q.Weight.CompareTo(p.Weight);
                }

                if (c == 0)
                {
                    c = p.First.CompareTo(q.First);
                }

                return c == 0 ? p.Second.CompareTo(q.Second) : c;
            });
            foreach (LinkData link in order)
            {
                clustering.TryUnion(link.First, link.Second, checkPlatforms: link.Rule is LinkRule.Probabilistic or LinkRule.Combined);
            }
        }

        return clustering.Number(previousPersonOf, previousNextId, out nextPersonId);
    }

    private static void AddTo(Dictionary<int, List<int>> lists, int key, int value)
    {
        if (!lists.TryGetValue(key, out List<int>? list))
        {
            list = [];
            lists[key] = list;
        }

        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static bool Intersect(int[] a, int[] b)
    {
        int i = 0;
        int j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                return true;
            }

            if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return false;
    }

    private static int[] SortedUnion(int[] a, int[] b)
    {
        var union = new List<int>(a.Length + b.Length);
        int i = 0;
        int j = 0;
        while (i < a.Length || j < b.Length)
        {
            int next = j == b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            union.Add(next);
            while (i < a.Length && a[i] == next)
            {
                i++;
            }

            while (j < b.Length && b[j] == next)
            {
                j++;
            }
        }

        return union.ToArray();
    }

    private int[] PlatformsOf(int root) => _platformsOfRoot.TryGetValue(root, out int[]? platforms) ? platforms : [_platformOf![root]];

    private void TryUnion(int x, int y, bool checkPlatforms)
    {
        int rx = _sets.Find(x);
        int ry = _sets.Find(y);
        if (rx == ry)
        {
            return;
        }

        _constrained.TryGetValue(rx, out List<int>? cx);
        _constrained.TryGetValue(ry, out List<int>? cy);
        if (cx is not null && cy is not null)
        {
            // Check the side with fewer constrained accounts against the other root.
            (List<int> small, int otherRoot) = cx.Count <= cy.Count ? (cx, ry) : (cy, rx);
            foreach (int member in small)
            {
                foreach (int partner in _partners[member])
                {
                    if (_sets.Find(partner) == otherRoot)
                    {
                        return;
                    }
                }
            }
        }

        int[]? px = null;
        int[]? py = null;
        if (_platformOf is not null)
        {
            px = PlatformsOf(rx);
            py = PlatformsOf(ry);
            if (checkPlatforms && Intersect(px, py))
            {
                return;
            }
        }

        int root = _sets.UnionRoots(rx, ry);
        if (px is not null && py is not null)
        {
            _ = _platformsOfRoot.Remove(rx);
            _ = _platformsOfRoot.Remove(ry);
            _platformsOfRoot[root] = SortedUnion(px, py);
        }

        if (cx is not null || cy is not null)
        {
            var merged = new List<int>((cx?.Count ?? 0) + (cy?.Count ?? 0));
            merged.AddRange(cx ?? []);
            merged.AddRange(cy ?? []);
            _ = _constrained.Remove(rx);
            _ = _constrained.Remove(ry);
            _constrained[root] = merged;
        }
    }

    private int[] Number(int[]? previousPersonOf, int previousNextId, out int nextPersonId)
    {
        int count = _sets.Count;
        var idOfRoot = new int[count];
        Array.Fill(idOfRoot, -1);
        if (previousPersonOf is not null)
        {
            // The first account of each previous person (accounts are scanned in order, so the first seen is the first).
            var seen = new HashSet<int>();
            for (int a = 0; a < count; a++)
            {
                int old = previousPersonOf[a];
                if (seen.Add(old))
                {
                    int root = _sets.Find(a);
                    if (idOfRoot[root] < 0 || old < idOfRoot[root])
                    {
                        idOfRoot[root] = old;
                    }
                }
            }
        }

        nextPersonId = previousNextId;
        var personOf = new int[count];
        for (int a = 0; a < count; a++)
        {
            int root = _sets.Find(a);
            if (idOfRoot[root] < 0)
            {
                idOfRoot[root] = nextPersonId++;
            }

            personOf[a] = idOfRoot[root];
        }

        return personOf;
    }
}
