// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Caches recommendation lists by person and options, so that a page that asks for the same list twice (or
/// many pages at once) computes it once; least recently used lists are evicted beyond <see cref="Capacity"/>.</summary>
/// <remarks>
/// <para>The key is the person, the profile's <see cref="UserProfile.AsOf"/> (a rebuilt profile gets a new entry), and
/// every option: the count, the platforms, <see cref="RecommendationOptions.ExcludeSeen"/>, the extra seen items and the
/// candidate items (as sorted sets), and the candidate filter (by reference: two different delegates are two keys).
/// Other changes to a profile with the same person and <see cref="UserProfile.AsOf"/> are not seen: serve one model per
/// cache, and <see cref="Clear"/> it when the model changes.</para>
/// <para>This type is thread-safe: one lock guards the map and the recency list. Two concurrent misses for one key both
/// call the inner recommender, and the later result is kept; failed or cancelled calls are not cached.</para>
/// </remarks>
public sealed class CachingRecommender : DelegatingRecommender
{
    private readonly Dictionary<CacheKey, LinkedListNode<(CacheKey Key, RecommendationList List)>> _map = [];
    private readonly LinkedList<(CacheKey Key, RecommendationList List)> _recency = new();
    private long _hits;
    private long _misses;

    /// <summary>Initializes a new instance of the <see cref="CachingRecommender"/> class.</summary>
    /// <param name="innerRecommender">The recommender calls go to on a miss.</param>
    /// <param name="capacity">The most lists kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerRecommender"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public CachingRecommender(IRecommender innerRecommender, int capacity = 10_000)
        : base(innerRecommender) => Capacity = Throw.IfLessThan(capacity, 1);

    /// <summary>Gets the most lists kept.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of calls served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Gets the number of calls that went to the inner recommender.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Gets the number of lists held.</summary>
    public int Count
    {
        get
        {
            lock (_map)
            {
                return _map.Count;
            }
        }
    }

    /// <inheritdoc />
    public override async Task<RecommendationList> RecommendAsync(UserProfile profile, RecommendationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(profile);
        cancellationToken.ThrowIfCancellationRequested();
        CacheKey key = CacheKey.Create(profile, options);
        lock (_map)
        {
            if (_map.TryGetValue(key, out LinkedListNode<(CacheKey Key, RecommendationList List)>? node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                Interlocked.Increment(ref _hits);
                return node.Value.List;
            }
        }

        Interlocked.Increment(ref _misses);
        RecommendationList list = await base.RecommendAsync(profile, options, cancellationToken).ConfigureAwait(false);
        lock (_map)
        {
            if (_map.TryGetValue(key, out LinkedListNode<(CacheKey Key, RecommendationList List)>? existing))
            {
                _recency.Remove(existing);
                _map.Remove(key);
            }

            _map.Add(key, _recency.AddFirst((key, list)));
            while (_map.Count > Capacity)
            {
                LinkedListNode<(CacheKey Key, RecommendationList List)> last = _recency.Last!;
                _recency.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }

        return list;
    }

    /// <summary>Removes every cached list (the hit and miss counts are kept).</summary>
    public void Clear()
    {
        lock (_map)
        {
            _map.Clear();
            _recency.Clear();
        }
    }

    /// <summary>Evicts every cached list of <paramref name="person"/>, whatever its options or profile time, so the
    /// person's next call misses; other persons' lists stay.</summary>
    /// <param name="person">The person to forget.</param>
    /// <returns>The number of lists evicted.</returns>
    /// <remarks><para>Takes the cache's lock and scans every entry, <c>O(Count)</c>. Lists of other persons were computed
    /// from the model that still held the person; <see cref="Clear"/> the cache when the recommender is rebuilt from the
    /// forgotten model (<see cref="ModelRecommender.Rebuild"/>).</para></remarks>
    public int Forget(PersonId person)
    {
        int removed = 0;
        lock (_map)
        {
            LinkedListNode<(CacheKey Key, RecommendationList List)>? node = _recency.First;
            while (node is not null)
            {
                LinkedListNode<(CacheKey Key, RecommendationList List)>? next = node.Next;
                if (node.Value.Key.Person == person)
                {
                    _recency.Remove(node);
                    _map.Remove(node.Value.Key);
                    removed++;
                }

                node = next;
            }
        }

        return removed;
    }

    /// <summary>The cache key: person, profile time and a canonical text of the options, plus the filter by reference.</summary>
    private readonly record struct CacheKey(PersonId Person, DateTimeOffset AsOf, string Options, Func<ItemKey, bool>? Filter)
    {
        public static CacheKey Create(UserProfile profile, RecommendationOptions? options)
        {
            var text = new StringBuilder();
            int count = options?.Count ?? 10;
            text.Append(count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|').Append(options?.ExcludeSeen ?? true ? '1' : '0');
            AppendSet(text, "|p:", options?.Platforms is { } platforms ? Keys(platforms) : null);
            AppendSet(text, "|s:", options?.SeenItems is { } seen && (options?.ExcludeSeen ?? true) ? Keys(seen) : null);
            AppendSet(text, "|c:", options?.CandidateItems is { } candidates ? Keys(candidates) : null);
            return new CacheKey(profile.Person, profile.AsOf, text.ToString(), options?.CandidateFilter);
        }

        private static List<string> Keys(IEnumerable<PlatformId> platforms)
        {
            var keys = new List<string>();
            foreach (PlatformId platform in platforms)
            {
                keys.Add(platform.Value ?? string.Empty);
            }

            return keys;
        }

        private static List<string> Keys(IEnumerable<ItemKey> items)
        {
            var keys = new List<string>();
            foreach (ItemKey item in items)
            {
                keys.Add((item.Platform.Value ?? string.Empty) + "\u001f" + (item.Item.Value ?? string.Empty));
            }

            return keys;
        }

        private static void AppendSet(StringBuilder text, string label, List<string>? keys)
        {
            if (keys is null)
            {
                return;
            }

            keys.Sort(StringComparer.Ordinal);
            text.Append(label);
            for (int i = 0; i < keys.Count; i++)
            {
                if (i == 0 || !string.Equals(keys[i], keys[i - 1], StringComparison.Ordinal))
                {
                    text.Append(keys[i]).Append('\u001e');
                }
            }
        }
    }
}
