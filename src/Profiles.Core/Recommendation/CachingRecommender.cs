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
/// <para>The key is the person, the profile's <see cref="UserProfile.AsOf"/> (a rebuilt profile gets a new entry), a
/// 64-bit fingerprint of what recommenders read from the profile (its behaviour, text and fused vectors, segment,
/// accounts, per-platform activity, neighbours and whether it has an insight; so a profile re-enriched, re-fused or
/// updated with the same <see cref="UserProfile.AsOf"/> gets a new entry too), and every option: the count, the
/// platforms, <see cref="RecommendationOptions.ExcludeSeen"/>, the extra seen items and the candidate items (as sorted
/// sets), and the candidate filter (by reference: two different delegates are two keys). Changes to the model behind
/// the inner recommender (item factors, the matrix) are not seen: serve one model per cache, and <see cref="Clear"/> it
/// when the model changes.</para>
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

    /// <summary>The cache key: person, profile time, the profile's fingerprint and a canonical text of the options, plus the filter by reference.</summary>
    private readonly record struct CacheKey(PersonId Person, DateTimeOffset AsOf, ulong Profile, string Options, Func<ItemKey, bool>? Filter)
    {
        public static CacheKey Create(UserProfile profile, RecommendationOptions? options)
        {
            var text = new StringBuilder();
            int count = options?.Count ?? 10;
            text.Append(count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('|').Append(options?.ExcludeSeen ?? true ? '1' : '0');
            AppendSet(text, "|p:", options?.Platforms is { } platforms ? Keys(platforms) : null);
            AppendSet(text, "|s:", options?.SeenItems is { } seen && (options?.ExcludeSeen ?? true) ? Keys(seen) : null);
            AppendSet(text, "|c:", options?.CandidateItems is { } candidates ? Keys(candidates) : null);
            return new CacheKey(profile.Person, profile.AsOf, Fingerprint(profile), text.ToString(), options?.CandidateFilter);
        }

        /// <summary>FNV-1a over the bits of what recommenders read from a profile (hash codes of ids are stable within a process, which is all a cache needs).</summary>
        private static ulong Fingerprint(UserProfile profile)
        {
            ulong h = 14695981039346656037UL;
            h = Mix(h, profile.BehaviourVector.Span);
            h = Mix(h, profile.TextVector.Span);
            h = Mix(h, profile.FusedVector.Span);
            h = Mix(h, profile.Segment ?? -1);
            h = Mix(h, profile.Insight is null ? 0 : 1);
            h = Mix(h, profile.Accounts.Count);
            foreach (AccountKey account in profile.Accounts)
            {
                h = Mix(h, account.GetHashCode());
            }

            h = Mix(h, profile.Activity.Count);
            foreach (PlatformActivity activity in profile.Activity)
            {
                h = Mix(h, activity.Platform.GetHashCode());
                h = Mix(h, activity.FirstSeen.UtcTicks);
                h = Mix(h, activity.LastSeen.UtcTicks);
                foreach (KeyValuePair<EventKind, int> kind in activity.EventsByKind)
                {
                    h = Mix(h, ((long)kind.Key.GetHashCode() << 32) ^ kind.Value);
                }
            }

            h = Mix(h, profile.Neighbours.Count);
            foreach (Neighbour neighbour in profile.Neighbours)
            {
                h = Mix(h, neighbour.Person.GetHashCode());
                h = Mix(h, BitConverter.SingleToInt32Bits(neighbour.Similarity));
            }

            return h;
        }

        private static ulong Mix(ulong h, ReadOnlySpan<float> values)
        {
            h = Mix(h, values.Length);
            foreach (float v in values)
            {
                h = Mix(h, BitConverter.SingleToInt32Bits(v));
            }

            return h;
        }

        private static ulong Mix(ulong h, long value)
        {
            for (int b = 0; b < 8; b++)
            {
                h = (h ^ (byte)(value >> (8 * b))) * 1099511628211UL;
            }

            return h;
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
