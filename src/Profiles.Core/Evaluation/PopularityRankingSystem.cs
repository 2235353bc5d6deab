// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// The popularity baseline the evaluation harness is exercised with: every user gets the catalogue items the most
/// training users interacted with, minus their own training items (ties: earlier catalogue index first), through the
/// top-K kernel; on a cold-start split, only items of the user's hidden platform.
/// </summary>
/// <remarks>The public popularity recommender belongs to the recommenders; this one only drives tests and measurements.</remarks>
internal sealed class PopularityRankingSystem(string name = "popularity") : IRankingSystem
{
    private readonly ConditionalWeakTable<EvaluationSplit, Model> _models = [];

    public string Name => name;

    public Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(split);
        Throw.IfNull(users);
        Model model = _models.GetValue(split, Fit);
        var indices = new int[count];
        var scores = new float[count];
        var lists = new IReadOnlyList<ItemKey>[users.Count];
        for (int i = 0; i < lists.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<ulong> allowed = split.TargetPlatforms.TryGetValue(users[i], out PlatformId platform) ? model.AllowedOn(split, platform) : default;
            int found = model.Scores.Length == 0 ? 0 : TopK.Select(model.Scores, count, indices, scores, split.TrainingItemIndices(users[i]).Span, allowed);
            var list = new ItemKey[found];
            for (int j = 0; j < found; j++)
            {
                list[j] = split.Catalog[indices[j]];
            }

            lists[i] = list;
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<ItemKey>>>(lists);
    }

    private static Model Fit(EvaluationSplit split)
    {
        var scores = new float[split.Catalog.Count];
        foreach (int[] items in split.TrainingItemSets)
        {
            foreach (int item in items)
            {
                scores[item]++;
            }
        }

        return new Model(scores);
    }

    private sealed class Model(float[] scores)
    {
        private readonly Dictionary<PlatformId, ulong[]> _allowed = [];

        public float[] Scores => scores;

        public ulong[] AllowedOn(EvaluationSplit split, PlatformId platform)
        {
            lock (_allowed)
            {
                if (!_allowed.TryGetValue(platform, out ulong[]? bits))
                {
                    var items = new List<int>();
                    for (int j = 0; j < split.Catalog.Count; j++)
                    {
                        if (split.Catalog[j].Platform == platform)
                        {
                            items.Add(j);
                        }
                    }

                    bits = TopK.CreateAllowList(split.Catalog.Count, items);
                    _allowed.Add(platform, bits);
                }

                return bits;
            }
        }
    }
}
