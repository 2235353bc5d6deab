// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>
/// Ranks a split's users by the inner product of a profile vector (the behaviour vector, or the fused one) with the item
/// factors of a <see cref="ProfileModel"/> trained on the split's training events, through the one top-K kernel
/// (<see cref="TopK.Search"/>): the person's training items are excluded, and on a cold-start split only the target
/// platform's items are allowed.
/// </summary>
/// <remarks><para>A user without a profile or with an empty vector gets the popularity list. Not thread-safe (the
/// evaluator calls one batch at a time).</para></remarks>
internal sealed class FactorRankingSystem : IRankingSystem
{
    private readonly ProfileModel _model;
    private readonly Func<UserProfile, ReadOnlyMemory<float>> _vectorOf;
    private readonly PopularityRankingSystem _fallback;
    private readonly Dictionary<PlatformId, ulong[]> _platformItems = [];

    /// <summary>Initializes a new instance of the <see cref="FactorRankingSystem"/> class.</summary>
    /// <param name="name">The name in the report.</param>
    /// <param name="model">The model, trained on the split's training events with persons as users.</param>
    /// <param name="vectorOf">Picks the vector to score with.</param>
    public FactorRankingSystem(string name, ProfileModel model, Func<UserProfile, ReadOnlyMemory<float>> vectorOf)
    {
        Name = name;
        _model = model;
        _vectorOf = vectorOf;
        _fallback = new PopularityRankingSystem("popularity", model);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the number of users served by the popularity fallback so far.</summary>
    public int FallbackUsers { get; private set; }

    /// <inheritdoc />
    public Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(users);
        var lists = new IReadOnlyList<ItemKey>[users.Count];

        // Group the users by the platform they must be served on (none, outside a cold-start split).
        var groups = new Dictionary<PlatformId, List<int>>();
        var unrestricted = new List<int>();
        var fallback = new List<int>();
        for (int i = 0; i < users.Count; i++)
        {
            if (!_model.TryGetProfile(new PersonId(users[i]), out UserProfile? profile) || _vectorOf(profile).Length != _model.Factors.Rank)
            {
                fallback.Add(i);
            }
            else if (split.TargetPlatforms.TryGetValue(users[i], out PlatformId platform))
            {
                if (!groups.TryGetValue(platform, out List<int>? group))
                {
                    groups[platform] = group = [];
                }

                group.Add(i);
            }
            else
            {
                unrestricted.Add(i);
            }
        }

        Rank(users, unrestricted, count, default, lists);
        foreach (KeyValuePair<PlatformId, List<int>> group in groups)
        {
            Rank(users, group.Value, count, AllowList(group.Key), lists);
        }

        if (fallback.Count > 0)
        {
            FallbackUsers += fallback.Count;
            var fallbackUsers = new int[fallback.Count];
            for (int i = 0; i < fallback.Count; i++)
            {
                fallbackUsers[i] = users[fallback[i]];
            }

            IReadOnlyList<IReadOnlyList<ItemKey>> popular = _fallback.Rank(split, fallbackUsers, count);
            for (int i = 0; i < fallback.Count; i++)
            {
                lists[fallback[i]] = popular[i];
            }
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<ItemKey>>>(lists);
    }

    /// <summary>Returns the allow-list of the items of <paramref name="platform"/>.</summary>
    internal ulong[] AllowList(PlatformId platform)
    {
        if (!_platformItems.TryGetValue(platform, out ulong[]? bits))
        {
            IReadOnlyList<ItemKey> items = _model.Matrix.Items;
            var allowed = new List<int>();
            for (int j = 0; j < _model.Factors.Items; j++)
            {
                if (items[j].Platform == platform)
                {
                    allowed.Add(j);
                }
            }

            _platformItems[platform] = bits = TopK.CreateAllowList(_model.Factors.Items, allowed);
        }

        return bits;
    }

    /// <summary>Ranks the users at <paramref name="positions"/> of <paramref name="users"/> with the top-K kernel.</summary>
    private void Rank(IReadOnlyList<int> users, List<int> positions, int count, ReadOnlyMemory<ulong> allowed, IReadOnlyList<ItemKey>[] lists)
    {
        if (positions.Count == 0)
        {
            return;
        }

        int d = _model.Factors.Rank;
        var vectors = new float[positions.Count * d];
        var seen = new IEnumerable<int>?[positions.Count];
        SparseMatrix seenMatrix = _model.Matrix.Seen;
        for (int i = 0; i < positions.Count; i++)
        {
            var person = new PersonId(users[positions[i]]);
            _ = _model.TryGetProfile(person, out UserProfile? profile);
            _vectorOf(profile!).Span.CopyTo(vectors.AsSpan(i * d, d));
            _ = _model.Matrix.TryGetRow(person, out int row);
            seen[i] = seenMatrix.RowColumns(row).ToArray();
        }

        var indices = new int[positions.Count * count];
        var scores = new float[positions.Count * count];
        ReadOnlyMemory<float> items = _model.Factors.ItemFactors;
        TopK.Search(vectors, items, d, count, indices, scores, TopKSeenItems.FromLists(seen), allowed);
        IReadOnlyList<ItemKey> keys = _model.Matrix.Items;
        for (int i = 0; i < positions.Count; i++)
        {
            var list = new List<ItemKey>(count);
            for (int r = 0; r < count; r++)
            {
                int index = indices[(i * count) + r];
                if (index >= 0)
                {
                    list.Add(keys[index]);
                }
            }

            lists[positions[i]] = list;
        }
    }
}
