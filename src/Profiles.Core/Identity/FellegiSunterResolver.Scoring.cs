// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

public sealed partial class FellegiSunterResolver
{
    private static readonly BlockingKeys[] s_allKeys =
    [
        BlockingKeys.LastNamePhoneticAndBirthYear, BlockingKeys.CityAndLastNamePrefix,
        BlockingKeys.FirstAndLastNamePhonetic, BlockingKeys.FirstNamePhoneticAndBirthYear, BlockingKeys.CityAndFirstNamePhonetic,
        BlockingKeys.FirstNamePhoneticAndLastInitial, BlockingKeys.LastNamePhoneticAndFirstInitial, BlockingKeys.EmailName,
    ];

    /// <summary>Computes every enabled blocking key per account and cuts the accounts into blocks.</summary>
    private Blocking BuildBlocks(Interned interned, CancellationToken cancellationToken)
    {
        PreparedAccounts p = interned.Prepared;
        int n = p.Count;
        int[] firstCode = SoundexOf(p.FirstBlockingNames);
        int[] lastCode = SoundexOf(p.LastNames);
        var prefixIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastPrefix = new int[p.LastNames.Length];
        for (int id = 0; id < lastPrefix.Length; id++)
        {
            string last = p.LastNames[id];
            string prefix = last.Length <= 3 ? last : last.Substring(0, 3);
            if (!prefixIds.TryGetValue(prefix, out int prefixId))
            {
                prefixId = prefixIds.Count;
                prefixIds.Add(prefix, prefixId);
            }

            lastPrefix[id] = prefixId;
        }

        var kinds = new List<BlockingKeys>();
        foreach (BlockingKeys kind in s_allKeys)
        {
            if ((_options.BlockingKeys & kind) != 0)
            {
                kinds.Add(kind);
            }
        }

        var keys = new long[kinds.Count][];
        var members = new int[kinds.Count][];
        var capped = new bool[kinds.Count][];
        var blocks = new List<Block>();
        int cappedBlocks = 0;
        long cappedAccounts = 0;
        for (int k = 0; k < kinds.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long[] key = new long[n];
            int present = 0;
            for (int i = 0; i < n; i++)
            {
                int first = p.FirstId[i] >= 0 ? firstCode[p.FirstId[i]] : Soundex.None;
                int last = p.LastId[i] >= 0 ? lastCode[p.LastId[i]] : Soundex.None;
                int year = p.BirthYear[i];
                key[i] = kinds[k] switch
                {
                    BlockingKeys.LastNamePhoneticAndBirthYear => last != Soundex.None && year != 0 ? ((long)last << 16) | (uint)year : -1,
                    BlockingKeys.CityAndLastNamePrefix => p.CityId[i] >= 0 && p.LastId[i] >= 0 ? ((long)p.CityId[i] << 32) | (uint)lastPrefix[p.LastId[i]] : -1,
                    BlockingKeys.FirstAndLastNamePhonetic => first != Soundex.None && last != Soundex.None ? ((long)first << 16) | (uint)last : -1,
                    BlockingKeys.FirstNamePhoneticAndBirthYear => first != Soundex.None && year != 0 ? ((long)first << 16) | (uint)year : -1,
                    BlockingKeys.CityAndFirstNamePhonetic => p.CityId[i] >= 0 && first != Soundex.None ? ((long)p.CityId[i] << 32) | (uint)first : -1,
                    BlockingKeys.EmailName => p.EmailNameBlockingKey(i),
                    BlockingKeys.FirstNamePhoneticAndLastInitial => first != Soundex.None && p.LastId[i] >= 0 ? ((long)first << 16) | p.LastNames[p.LastId[i]][0] : -1,
                    _ => last != Soundex.None && p.FirstId[i] >= 0 ? ((long)last << 16) | p.FirstNames[p.FirstId[i]][0] : -1,
                };
                present += key[i] >= 0 ? 1 : 0;
            }

            // Sort the accounts that have the key by (key, index): one block per run of equal keys.
            var sortedKeys = new long[present];
            var sortedAccounts = new int[present];
            for (int i = 0, j = 0; i < n; i++)
            {
                if (key[i] >= 0)
                {
                    sortedKeys[j] = key[i];
                    sortedAccounts[j++] = i;
                }
            }

            Array.Sort(sortedKeys, sortedAccounts);
            capped[k] = new bool[n];
            for (int start = 0; start < present;)
            {
                int end = start + 1;
                while (end < present && sortedKeys[end] == sortedKeys[start])
                {
                    end++;
                }

                int length = end - start;
                if (length > _options.MaxBlockSize)
                {
                    cappedBlocks++;
                    cappedAccounts += length;
                    for (int x = start; x < end; x++)
                    {
                        capped[k][sortedAccounts[x]] = true;
                    }
                }
                else if (length >= 2)
                {
                    Array.Sort(sortedAccounts, start, length);
                    blocks.Add(new Block(k, start, length));
                }

                start = end;
            }

            keys[k] = key;
            members[k] = sortedAccounts;
        }

        // The initial keys compare only pairs where one side writes a name as an initial (María G., M. García); the two
        // first-name keys only pairs where one side has no last name or only its initial (Maria, María G.); the e-mail
        // name key only pairs where one side has no name at all.
        var filter = new PairFilter[kinds.Count];
        for (int k = 0; k < kinds.Count; k++)
        {
            filter[k] = kinds[k] switch
            {
                BlockingKeys.FirstNamePhoneticAndLastInitial or BlockingKeys.LastNamePhoneticAndFirstInitial => PairFilter.Initial,
                BlockingKeys.CityAndFirstNamePhonetic or BlockingKeys.FirstNamePhoneticAndBirthYear => PairFilter.NoFullLastName,
                BlockingKeys.EmailName => PairFilter.NoName,
                _ => PairFilter.None,
            };
        }

        var partial = new PairFilter[n];
        for (int i = 0; i < n; i++)
        {
            bool firstInitial = p.FirstId[i] >= 0 && p.FirstNames[p.FirstId[i]].Length == 1;
            bool lastInitial = p.LastId[i] >= 0 && p.LastNames[p.LastId[i]].Length == 1;
            partial[i] = (firstInitial || lastInitial ? PairFilter.Initial : PairFilter.None)
                | (p.LastId[i] < 0 || lastInitial ? PairFilter.NoFullLastName : PairFilter.None)
                | (p.HasNoName(i) ? PairFilter.NoName : PairFilter.None);
        }

        return new Blocking(kinds, keys, members, capped, filter, partial, blocks, cappedBlocks, cappedAccounts);
    }

    private static int[] SoundexOf(string[] names)
    {
        var codes = new int[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            codes[i] = Soundex.Encode(names[i]);
        }

        return codes;
    }

    /// <summary>Scores every distinct candidate pair in parallel over blocks: pattern counts per blocking key for EM, and the pairs for linking.</summary>
    private static Scored ScoreBlocks(PreparedAccounts p, Blocking blocking, ParallelOptions parallel, IProgress<IdentityProgress>? progress)
    {
        var workers = new List<PairBuffer>();
        int blockCount = blocking.Blocks.Count;
        long blocksDone = 0;
        progress?.Report(new IdentityProgress(IdentityStage.ScoringPairs, 0, blockCount));
        _ = Parallel.For(
            0,
            blockCount,
            parallel,
            () => new PairBuffer(),
            (b, _, buffer) =>
            {
                Block block = blocking.Blocks[b];
                int[] members = blocking.Members[block.Kind];
                int end = block.Start + block.Length;
                for (int x = block.Start; x < end; x++)
                {
                    int a = members[x];
                    for (int y = x + 1; y < end; y++)
                    {
                        int c = members[y];
                        if (blocking.Compares(block.Kind, a, c) && !blocking.SeenInEarlierKind(block.Kind, a, c))
                        {
                            int pattern = p.Compare(a, c);
                            buffer.Add(a, c, pattern, block.Kind);
                        }
                    }
                }

                long done = Interlocked.Increment(ref blocksDone);
                if (progress is not null && (done & 4095) == 0)
                {
                    progress.Report(new IdentityProgress(IdentityStage.ScoringPairs, done, blockCount));
                }

                return buffer;
            },
            buffer =>
            {
                lock (workers)
                {
                    workers.Add(buffer);
                }
            });

        // The pattern counts per key are taken from the pairs once, not kept per worker: with 5^8 patterns, per-worker
        // counts would cost every worker 3 MB per key.
        var counts = new long[blocking.Kinds.Count][];
        for (int k = 0; k < counts.Length; k++)
        {
            counts[k] = new long[ComparisonPattern.Count];
        }

        long pairs = 0;
        foreach (PairBuffer buffer in workers)
        {
            buffer.CountPatterns(counts);
            pairs += buffer.Count;
        }

        progress?.Report(new IdentityProgress(IdentityStage.ScoringPairs, blockCount, blockCount));
        return new Scored(counts, workers, pairs);
    }

    /// <summary>Gathers deterministic links and probabilistic links at or above the threshold, one per pair (deterministic wins), sorted by accounts.</summary>
    private static LinkData[] CollectLinks(
        long[] deterministicPairs, int[] deterministicPatterns, Scored scored, double[] patternWeights, double threshold, out int probabilisticLinks)
    {
        var keys = new List<long>(deterministicPairs.Length);
        var links = new List<LinkData>(deterministicPairs.Length);
        for (int k = 0; k < deterministicPairs.Length; k++)
        {
            int pattern = deterministicPatterns[k];
            keys.Add(deterministicPairs[k]);
            links.Add(new LinkData((int)(deterministicPairs[k] >> 32), (int)deterministicPairs[k], LinkRule.Deterministic, pattern, patternWeights[pattern]));
        }

        int accepted = 0;
        foreach (PairBuffer buffer in scored.Buffers)
        {
            foreach (ScoredPair pair in buffer.Pairs())
            {
                double weight = patternWeights[pair.Pattern];
                if (weight >= threshold)
                {
                    keys.Add(((long)pair.First << 32) | (uint)pair.Second);
                    links.Add(new LinkData(pair.First, pair.Second, LinkRule.Probabilistic, pair.Pattern, weight));
                    accepted++;
                }
            }
        }

        probabilisticLinks = accepted;
        long[] keyArray = keys.ToArray();
        LinkData[] linkArray = links.ToArray();
        Array.Sort(keyArray, linkArray);
        int unique = 0;
        for (int k = 0; k < keyArray.Length; k++)
        {
            if (unique > 0 && keyArray[k] == keyArray[k - 1])
            {
                if (linkArray[k].Rule == LinkRule.Deterministic)
                {
                    linkArray[unique - 1] = linkArray[k];
                }

                continue;
            }

            linkArray[unique++] = linkArray[k];
        }

        return linkArray.AsSpan(0, unique).ToArray();
    }

    /// <summary>Which pairs of a block a key compares: all, or only those where one side carries a partial name.</summary>
    [Flags]
    private enum PairFilter : byte
    {
        None = 0,
        Initial = 1,
        NoFullLastName = 2,
        NoName = 4,
    }

    /// <summary>A run of accounts sharing the value of one blocking key.</summary>
    private readonly record struct Block(int Kind, int Start, int Length);

    /// <summary>A candidate pair, its packed comparison pattern and the blocking key it was scored under (bits 24 and up).</summary>
    private readonly struct ScoredPair(int first, int second, int pattern, int kind)
    {
        private readonly int _patternAndKind = pattern | (kind << 24);

        public int First { get; } = first;

        public int Second { get; } = second;

        /// <summary>Gets the packed comparison pattern (below <see cref="ComparisonPattern.Count"/>, under 2^19).</summary>
        public int Pattern => _patternAndKind & 0xFFFFFF;

        /// <summary>Gets the index of the blocking key the pair was scored under.</summary>
        public int Kind => _patternAndKind >>> 24;
    }

    /// <summary>The blocks of every enabled key, and what is needed to skip a pair already scored under an earlier key.</summary>
    private sealed class Blocking(
        List<BlockingKeys> kinds, long[][] keys, int[][] members, bool[][] capped, PairFilter[] filter, PairFilter[] partial, List<Block> blocks, int cappedBlocks,
        long cappedBlockAccounts)
    {
        public List<BlockingKeys> Kinds { get; } = kinds;

        public int[][] Members { get; } = members;

        public List<Block> Blocks { get; } = blocks;

        public int CappedBlocks { get; } = cappedBlocks;

        public long CappedBlockAccounts { get; } = cappedBlockAccounts;

        /// <summary>Gets whether a key before <paramref name="kind"/> put both accounts in one scored (uncapped) block; pass the number of keys to ask about all.</summary>
        public bool SeenInEarlierKind(int kind, int a, int b)
        {
            for (int k = 0; k < kind; k++)
            {
                long key = keys[k][a];
                if (key >= 0 && key == keys[k][b] && !capped[k][a] && Compares(k, a, b))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Gets whether key <paramref name="kind"/> compares two accounts of one of its blocks: always, unless the key needs one side to carry a partial name.</summary>
        public bool Compares(int kind, int a, int b) => filter[kind] == PairFilter.None || ((partial[a] | partial[b]) & filter[kind]) != 0;
    }

    /// <summary>The pattern counts over all candidate pairs, and the pairs themselves per worker.</summary>
    private sealed record Scored(long[][] PatternCounts, List<PairBuffer> Buffers, long Pairs);

    /// <summary>One worker's scored pairs in fixed-size chunks (no large copies while growing).</summary>
    private sealed class PairBuffer
    {
        private const int ChunkSize = 1 << 16;
        private readonly List<ScoredPair[]> _chunks = [];
        private int _used = ChunkSize;

        public long Count { get; private set; }

        public void Add(int first, int second, int pattern, int kind)
        {
            if (_used == ChunkSize)
            {
                _chunks.Add(new ScoredPair[ChunkSize]);
                _used = 0;
            }

            _chunks[^1][_used++] = new ScoredPair(first, second, pattern, kind);
            Count++;
        }

        /// <summary>Adds the pairs' patterns to the counts of the keys they were scored under.</summary>
        public void CountPatterns(long[][] counts)
        {
            for (int c = 0; c < _chunks.Count; c++)
            {
                int length = c == _chunks.Count - 1 ? _used : ChunkSize;
                ScoredPair[] chunk = _chunks[c];
                for (int i = 0; i < length; i++)
                {
                    counts[chunk[i].Kind][chunk[i].Pattern]++;
                }
            }
        }

        public IEnumerable<ScoredPair> Pairs()
        {
            for (int c = 0; c < _chunks.Count; c++)
            {
                int length = c == _chunks.Count - 1 ? _used : ChunkSize;
                ScoredPair[] chunk = _chunks[c];
                for (int i = 0; i < length; i++)
                {
                    yield return chunk[i];
                }
            }
        }
    }
}
