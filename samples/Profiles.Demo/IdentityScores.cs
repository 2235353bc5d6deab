// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>Pairwise identity scores against the synthetic world's ground truth: pairs of accounts of one true person
/// against pairs of accounts in one found person (bot accounts are persons of their own).</summary>
/// <param name="Precision">Found pairs that are true pairs.</param>
/// <param name="Recall">True pairs that were found.</param>
/// <param name="TruePersons">Persons (and bots) in the ground truth.</param>
/// <param name="FoundPersons">Persons found.</param>
internal sealed record IdentityScores(double Precision, double Recall, int TruePersons, int FoundPersons)
{
    /// <summary>Gets the harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall > 0 ? 2 * Precision * Recall / (Precision + Recall) : 0;

    /// <summary>Scores a graph against a world's ground truth.</summary>
    /// <param name="world">The world.</param>
    /// <param name="graph">The resolved graph.</param>
    /// <returns>The scores.</returns>
    public static IdentityScores Compute(SyntheticWorld world, IdentityGraph graph)
    {
        var cells = new Dictionary<(int, int), long>();
        var truthSizes = new Dictionary<int, long>();
        var foundSizes = new Dictionary<int, long>();
        int bots = 0;
        foreach (AccountRecord account in world.Accounts)
        {
            int truth = world.GroundTruth.PersonOf(account.Platform, account.Account) ?? (-1 - bots++);
            int found = graph.PersonOf(account.Platform, account.Account).Value;
            cells[(truth, found)] = cells.GetValueOrDefault((truth, found)) + 1;
            truthSizes[truth] = truthSizes.GetValueOrDefault(truth) + 1;
            foundSizes[found] = foundSizes.GetValueOrDefault(found) + 1;
        }

        long together = Pairs(cells.Values), foundPairs = Pairs(foundSizes.Values), truePairs = Pairs(truthSizes.Values);
        return new IdentityScores(
            foundPairs == 0 ? 1d : (double)together / foundPairs, truePairs == 0 ? 1d : (double)together / truePairs, truthSizes.Count, foundSizes.Count);
    }

    private static long Pairs(IEnumerable<long> sizes)
    {
        long pairs = 0;
        foreach (long size in sizes)
        {
            pairs += size * (size - 1) / 2;
        }

        return pairs;
    }
}
