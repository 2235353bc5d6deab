// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>An <see cref="IRankingSystem"/> over a per-user delegate.</summary>
internal sealed class DelegateRankingSystem(string name, Func<EvaluationSplit, int, int, IReadOnlyList<ItemKey>> rank) : IRankingSystem
{
    public string Name => name;

    public Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(split);
        Throw.IfNull(users);
        var lists = new IReadOnlyList<ItemKey>[users.Count];
        for (int i = 0; i < lists.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lists[i] = rank(split, users[i], count);
        }

        return Task.FromResult<IReadOnlyList<IReadOnlyList<ItemKey>>>(lists);
    }
}
