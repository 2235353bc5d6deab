// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

public sealed partial class FellegiSunterResolver
{
    /// <summary>The most pairs of accounts across two persons compared as wholes; larger persons (shared keys chained together) are left as they are.</summary>
    private const int MaxCombinedPairs = 64;

    /// <summary>
    /// Adds <see cref="LinkRule.Combined"/> links: joins the pairwise links into persons, then compares every two persons
    /// that a scored candidate pair within one field's agreement of the threshold connects as wholes (see
    /// <see cref="IdentityResolverOptions.CombineAccountEvidence"/>) and links those that reach the threshold.
    /// </summary>
    /// <returns>The links, the combined ones added, sorted by accounts.</returns>
    private LinkData[] AddCombinedLinks(
        LinkData[] links, AccountKey[] keys, PreparedAccounts p, Scored scored, double[] patternWeights, FellegiSunterModel model,
        double threshold, ParallelOptions parallel, out int combinedLinks)
    {
        int n = p.Count;
        int[]? platformOf = _options.OneAccountPerPlatform ? IdentityGraph.PlatformIndices(keys) : null;
        int[] personOf = PersonClustering.Cluster(n, links, [], [], platformOf, null, 0, out int persons);

        // The accounts of every person, ascending (compressed rows).
        var start = new int[persons + 1];
        for (int a = 0; a < n; a++)
        {
            start[personOf[a] + 1]++;
        }

        for (int q = 0; q < persons; q++)
        {
            start[q + 1] += start[q];
        }

        var members = new int[n];
        var fill = (int[])start.Clone();
        for (int a = 0; a < n; a++)
        {
            members[fill[personOf[a]]++] = a;
        }

        var fieldWeights = new double[Slots];
        double largestAgreement = 0d;
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            foreach (FieldComparison level in ComparisonPattern.LevelsOf((MatchField)f))
            {
                fieldWeights[(f * ComparisonPattern.Levels) + (int)level] = model.Weight((MatchField)f, level);
            }

            if (f <= (int)MatchField.City || f == (int)MatchField.EmailName)
            {
                largestAgreement = Math.Max(largestAgreement, model.Weight((MatchField)f, FieldComparison.Exact));
            }
        }

        // The pairs of persons that a candidate pair within one name, birth-year or city agreement of the threshold
        // connects, each once, in a fixed order.
        double floor = Math.Max(0d, threshold - largestAgreement);
        var perBuffer = new long[scored.Buffers.Count][];
        _ = Parallel.For(0, perBuffer.Length, parallel, w =>
        {
            var list = new List<long>();
            foreach (ScoredPair pair in scored.Buffers[w].Pairs())
            {
                int x = personOf[pair.First];
                int y = personOf[pair.Second];
                if (x != y && patternWeights[pair.Pattern] >= floor)
                {
                    list.Add(x < y ? ((long)x << 32) | (uint)y : ((long)y << 32) | (uint)x);
                }
            }

            perBuffer[w] = list.ToArray();
        });

        long seeds = 0;
        foreach (long[] part in perBuffer)
        {
            seeds += part.Length;
        }

        long[] personPairs = new long[seeds];
        int at = 0;
        foreach (long[] part in perBuffer)
        {
            part.CopyTo(personPairs, at);
            at += part.Length;
        }

        Array.Sort(personPairs);
        int distinct = 0;
        for (int k = 0; k < personPairs.Length; k++)
        {
            if (k == 0 || personPairs[k] != personPairs[k - 1])
            {
                personPairs[distinct++] = personPairs[k];
            }
        }

        Array.Resize(ref personPairs, distinct);
        parallel.CancellationToken.ThrowIfCancellationRequested();

        var found = new LinkData?[personPairs.Length];
        const int chunk = 1024;
        _ = Parallel.For(0, (personPairs.Length + chunk - 1) / chunk, parallel, c =>
        {
            int end = Math.Min(personPairs.Length, (c + 1) * chunk);
            Span<double> bestWeight = stackalloc double[ComparisonPattern.Fields];
            Span<int> bestLevel = stackalloc int[ComparisonPattern.Fields];
            Span<int> present = stackalloc int[ComparisonPattern.Fields];
            for (int k = c * chunk; k < end; k++)
            {
                int x = (int)(personPairs[k] >> 32);
                int y = (int)personPairs[k];
                long crossPairs = (long)(start[x + 1] - start[x]) * (start[y + 1] - start[y]);
                if (crossPairs > MaxCombinedPairs || (platformOf is not null && SharePlatform(members, start, platformOf, x, y)))
                {
                    continue;
                }

                found[k] = CombinedLink(p, members, start, x, y, patternWeights, fieldWeights, threshold, bestWeight, bestLevel, present);
            }
        });

        var result = new List<LinkData>(links.Length + 64);
        result.AddRange(links);
        combinedLinks = 0;
        foreach (LinkData? link in found)
        {
            if (link is { } value)
            {
                result.Add(value);
                combinedLinks++;
            }
        }

        if (combinedLinks == 0)
        {
            return links;
        }

        LinkData[] all = result.ToArray();
        Array.Sort(all, static (l, r) => l.First != r.First ? l.First.CompareTo(r.First) : l.Second.CompareTo(r.Second));
        return all;
    }

    /// <summary>
    /// Compares persons <paramref name="x"/> and <paramref name="y"/> as wholes: each field at the level of highest weight
    /// over the pairs of their accounts where both carry it, less <c>log2(k)</c> bits for an agreement found among
    /// <c>k &gt; 1</c> such pairs; returns the link between the strongest pair when the sum reaches the threshold.
    /// </summary>
    private static LinkData? CombinedLink(
        PreparedAccounts p, int[] members, int[] start, int x, int y, double[] patternWeights, double[] fieldWeights, double threshold,
        Span<double> bestWeight, Span<int> bestLevel, Span<int> present)
    {
        bestWeight.Fill(double.NegativeInfinity);
        bestLevel.Clear();
        present.Clear();
        int bestFirst = -1;
        int bestSecond = -1;
        double bestPair = double.NegativeInfinity;
        for (int i = start[x]; i < start[x + 1]; i++)
        {
            for (int j = start[y]; j < start[y + 1]; j++)
            {
                int a = Math.Min(members[i], members[j]);
                int b = Math.Max(members[i], members[j]);
                int pattern = p.Compare(a, b);
                double weight = patternWeights[pattern];
                if (weight > bestPair || (weight == bestPair && (a < bestFirst || (a == bestFirst && b < bestSecond))))
                {
                    bestPair = weight;
                    bestFirst = a;
                    bestSecond = b;
                }

                for (int f = 0; f < ComparisonPattern.Fields; f++)
                {
                    int level = pattern % ComparisonPattern.Levels;
                    pattern /= ComparisonPattern.Levels;
                    if (level == (int)FieldComparison.Missing)
                    {
                        continue;
                    }

                    present[f]++;
                    double w = fieldWeights[(f * ComparisonPattern.Levels) + level];
                    if (w > bestWeight[f])
                    {
                        bestWeight[f] = w;
                        bestLevel[f] = level;
                    }
                }
            }
        }

        double total = 0d;
        int combined = 0;

        // The e-mail name is name evidence: it counts only where no pair compared the names themselves (one pair's e-mail
        // name and another pair's names would count one name twice).
        bool namesCompared = present[(int)MatchField.FirstName] > 0 || present[(int)MatchField.LastName] > 0;
        for (int f = 0; f < ComparisonPattern.Fields; f++)
        {
            if (present[f] == 0 || (f == (int)MatchField.EmailName && namesCompared))
            {
                continue;
            }

            total += bestWeight[f];
            if (bestWeight[f] > 0d && present[f] > 1)
            {
                total -= Math.Log2(present[f]); // k chances to agree: the agreement is at most k times likelier by chance
            }

            combined += bestLevel[f] * ComparisonPattern.Power(f);
        }

        return total >= threshold && total > bestPair
            ? new LinkData(bestFirst, bestSecond, LinkRule.Combined, combined, total)
            : null;
    }

    /// <summary>Gets whether persons <paramref name="x"/> and <paramref name="y"/> hold accounts on a common platform.</summary>
    private static bool SharePlatform(int[] members, int[] start, int[] platformOf, int x, int y)
    {
        for (int i = start[x]; i < start[x + 1]; i++)
        {
            for (int j = start[y]; j < start[y + 1]; j++)
            {
                if (platformOf[members[i]] == platformOf[members[j]])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
