// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Creates <see cref="IRankingSystem"/> instances: from a delegate, and the shuffled-profile control.</summary>
/// <remarks><para>All members are thread-safe.</para></remarks>
public static class RankingSystem
{
    /// <summary>Creates a system from a per-user ranking function.</summary>
    /// <param name="name">The system's name.</param>
    /// <param name="rank">Returns the ranked items (best first) for <c>(split, user, count)</c>; it may train lazily on the
    /// first call for a split and must exclude the user's training items.</param>
    /// <returns>The system.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="rank"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static IRankingSystem Create(string name, Func<EvaluationSplit, int, int, IReadOnlyList<ItemKey>> rank)
    {
        Throw.IfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            Throw.Argument(nameof(name), "A system needs a name to label the report.");
        }

        return new DelegateRankingSystem(name, Throw.IfNull(rank));
    }

    /// <summary>
    /// Creates the shuffled-profile control of <paramref name="inner"/>: a seeded permutation of the split's test users
    /// decides whose recommendations each user gets (user <c>u</c> is ranked as <c>pi(u)</c>), with <c>u</c>'s own
    /// training items removed. If a system's gain over a baseline survives this shuffle, the gain is not personalisation.
    /// </summary>
    /// <param name="inner">The system to shuffle.</param>
    /// <param name="seed">The seed of the permutation.</param>
    /// <returns>The control, named "<c>inner.Name</c> (shuffled)".</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is <see langword="null"/>.</exception>
    /// <remarks>To fill K slots after removing <c>u</c>'s training items, the control asks <paramref name="inner"/> for
    /// <c>2 K + 10</c> items, and asks again with room for all of <c>u</c>'s training items for the users left short.</remarks>
    public static IRankingSystem Shuffled(IRankingSystem inner, int seed = 42) => new ShuffledRankingSystem(Throw.IfNull(inner), seed);
}
