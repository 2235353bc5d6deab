// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>The baseline: every person gets the items the most training persons interacted with, minus their own
/// training items, on the target platform of a cold-start split.</summary>
/// <remarks><para>Not thread-safe.</para></remarks>
internal sealed class PopularityRankingSystem : IRankingSystem
{
    private readonly ProfileModel _model;
    private readonly float[] _scores;
    private readonly Dictionary<PlatformId, ulong[]> _platformItems = [];

    /// <summary>Initializes a new instance of the <see cref="PopularityRankingSystem"/> class.</summary>
    /// <param name="name">The name in the report.</param>
    /// <param name="model">The model, trained on the split's training events with persons as users.</param>
    public PopularityRankingSystem(string name, ProfileModel model)
    {
        Name = name;
        _model = model;
        SparseMatrix seen = model.Matrix.Seen;
        _scores = new float[seen.Columns];
        foreach (int column in seen.ColumnIndices)
        {
            _scores[column]++;
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count,
        CancellationToken cancellationToken = default) => Task.FromResult(Rank(split, users, count));

    /// <summary>Ranks synchronously.</summary>
    internal IReadOnlyList<IReadOnlyList<ItemKey>> Rank(EvaluationSplit split, IReadOnlyList<int> users, int count)
    {
        var lists = new IReadOnlyList<ItemKey>[users.Count];
        var indices = new int[count];
        var top = new float[count];
        IReadOnlyList<ItemKey> keys = _model.Matrix.Items;
        for (int i = 0; i < users.Count; i++)
        {
            ReadOnlySpan<int> seen = _model.Matrix.TryGetRow(new PersonId(users[i]), out int row) ? _model.Matrix.Seen.RowColumns(row) : default;
            ReadOnlySpan<ulong> allowed = split.TargetPlatforms.TryGetValue(users[i], out PlatformId platform) ? AllowList(platform) : default;
            int found = TopK.Select(_scores, count, indices, top, seen, allowed);
            var list = new List<ItemKey>(found);
            for (int r = 0; r < found; r++)
            {
                list.Add(keys[indices[r]]);
            }

            lists[i] = list;
        }

        return lists;
    }

    private ulong[] AllowList(PlatformId platform)
    {
        if (!_platformItems.TryGetValue(platform, out ulong[]? bits))
        {
            var allowed = new List<int>();
            for (int j = 0; j < _scores.Length; j++)
            {
                if (_model.Matrix.Items[j].Platform == platform)
                {
                    allowed.Add(j);
                }
            }

            _platformItems[platform] = bits = TopK.CreateAllowList(_scores.Length, allowed);
        }

        return bits;
    }
}
