// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Names a ranking metric at cutoff K. docs/evaluation.md gives every formula.</summary>
public enum RankingMetric
{
    /// <summary>Hits in the top K divided by K.</summary>
    Precision,

    /// <summary>Hits in the top K divided by the number of the user's positives.</summary>
    Recall,

    /// <summary>Normalised discounted cumulative gain: binary relevance, <c>1 / log2(rank + 1)</c> discount, ideal DCG over
    /// <c>min(K, positives)</c> ranks.</summary>
    Ndcg,

    /// <summary>Mean average precision: the precision at each hit's rank, summed and divided as
    /// <see cref="MapNormalization"/> says.</summary>
    Map,

    /// <summary>1 when the top K holds at least one positive, else 0.</summary>
    HitRate,

    /// <summary>Mean reciprocal rank: <c>1 / rank</c> of the first hit in the top K, 0 without a hit.</summary>
    Mrr,

    /// <summary>Catalogue coverage: distinct items recommended to the evaluated users, divided by the catalogue size (not a
    /// per-user value).</summary>
    Coverage,
}
