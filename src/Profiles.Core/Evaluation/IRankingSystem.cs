// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Ranks items for users from a split's training data: a system under evaluation.</summary>
/// <remarks>
/// <para>
/// <see cref="Evaluator"/> calls <see cref="RankAsync"/> with batches of the split's test users. A system trains on
/// <see cref="EvaluationSplit.Train"/> only (typically once per split, on the first call) and must exclude each user's
/// training items (<see cref="EvaluationSplit.IsTrainingItem"/>, or <see cref="EvaluationSplit.TrainingItemIndices"/> with
/// the top-K kernel): the evaluator records any it returns. Recommenders plug in through <see cref="RankingSystem.Create"/>
/// or by implementing this interface.
/// </para>
/// <para>Implementations should be safe to call from one thread at a time; the evaluator does not call concurrently.</para>
/// </remarks>
public interface IRankingSystem
{
    /// <summary>Gets the system's name, unique within one evaluation (it labels the report).</summary>
    string Name { get; }

    /// <summary>Ranks items for each of <paramref name="users"/>.</summary>
    /// <param name="split">The split: train on its training events only.</param>
    /// <param name="users">The users to rank for (test users of <paramref name="split"/>).</param>
    /// <param name="count">How many items each list needs (K); longer lists are cut, shorter ones count missing ranks as misses.</param>
    /// <param name="cancellationToken">Cancels the ranking.</param>
    /// <returns>One list per user, in the order of <paramref name="users"/>, each best first.</returns>
    Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(
        EvaluationSplit split, IReadOnlyList<int> users, int count, CancellationToken cancellationToken = default);
}
