// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>
/// Evaluates an <see cref="IRecommender"/> built over a <see cref="ProfileModel"/> that was trained on the split's training
/// events (the demo builds each model once and shares it between systems): each test person's profile is read from the
/// model, their training items are excluded, and on a cold-start split only the hidden platform's items are asked for.
/// </summary>
/// <remarks><para>The split's users are person ids (<see cref="PersonId.Value"/>). For recommenders that are not tied to
/// a prebuilt model, the library's <see cref="RecommenderRankingSystem"/> builds one per split instead.</para></remarks>
/// <param name="name">The name in the report.</param>
/// <param name="recommender">The recommender.</param>
/// <param name="profiles">The model the profiles are read from (behaviour-only, or enriched and fused).</param>
internal sealed class RecommenderSystem(string name, IRecommender recommender, ProfileModel profiles) : IRankingSystem
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>Gets how many persons each source served (history, cross-platform cold start, popularity).</summary>
    public Dictionary<RecommendationSource, int> Sources { get; } = [];

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(users);
        var lists = new IReadOnlyList<ItemKey>[users.Count];
        var sources = new RecommendationSource[users.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, users.Count, parallel, async (i, ct) =>
        {
            var person = new PersonId(users[i]);
            UserProfile profile = profiles.TryGetProfile(person, out UserProfile? known) ? known : new UserProfile(person) { AsOf = profiles.AsOf };
            var options = new RecommendationOptions
            {
                Count = count,
                SeenItems = TrainingItems(split, users[i]),
                Platforms = split.TargetPlatforms.TryGetValue(users[i], out PlatformId target) ? [target] : null,
            };
            RecommendationList list = await recommender.RecommendAsync(profile, options, ct).ConfigureAwait(false);
            lists[i] = list.ToItemKeys();
            sources[i] = list.Source;
        }).ConfigureAwait(false);
        foreach (RecommendationSource source in sources)
        {
            Sources[source] = Sources.GetValueOrDefault(source) + 1;
        }

        return lists;
    }

    private static ItemKey[] TrainingItems(EvaluationSplit split, int user)
    {
        ReadOnlySpan<int> indices = split.TrainingItemIndices(user).Span;
        var items = new ItemKey[indices.Length];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = split.Catalog[indices[i]];
        }

        return items;
    }
}
