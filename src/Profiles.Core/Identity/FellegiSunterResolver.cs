// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Resolves accounts into persons: normalises and hashes their identifiers, links accounts that share an exact key,
/// scores blocked candidate pairs with a Fellegi–Sunter model estimated without labels, and joins the links with
/// union-find.
/// </summary>
/// <remarks>
/// <para>The stages, in order:</para>
/// <para>
/// 1. Normalisation: e-mail (trimmed, lower-cased, provider rules for dots and <c>+tags</c>), phone (E.164-like digits),
/// device ids (trimmed, lower-cased) are hashed as <c>SHA256(UTF-8(salt + value))</c>; names and cities are folded
/// (accents, case, punctuation) and kept in memory only until the call returns.
/// </para>
/// <para>
/// 2. Deterministic links: accounts sharing an e-mail, phone or device hash are linked, unless more than
/// <see cref="IdentityResolverOptions.MaxKeyGroupSize"/> accounts share it; such a key links nothing and counts as
/// missing from then on.
/// </para>
/// <para>
/// 3. Probabilistic links: pairs that share a <see cref="IdentityResolverOptions.BlockingKeys"/> value (blocks up to
/// <see cref="IdentityResolverOptions.MaxBlockSize"/> accounts) are compared field by field; <c>u</c> comes from
/// random pairs, <c>m</c> from expectation–maximisation (see <see cref="FellegiSunterModel"/>); a pair whose weight
/// <c>sum log2(m / u)</c> reaches <see cref="IdentityResolverOptions.MatchThreshold"/> (by default derived from the
/// prior the data implies and <see cref="IdentityResolverOptions.MatchProbability"/>) is linked.
/// </para>
/// <para>
/// 4. Union-find (path compression, union by size) joins the links into persons, numbered from 0 in the order of
/// their first account. The result depends only on the input order and the options (the salt changes the hashes,
/// not the persons), whatever the number of threads.
/// </para>
/// <para>Instances are immutable after construction and thread-safe.</para>
/// </remarks>
public sealed partial class FellegiSunterResolver : IIdentityResolver
{
    private readonly IdentityResolverOptions _options;
    private readonly string _salt;
    private readonly HashSet<string> _ignoreDotsProviders;

    /// <summary>Initializes a new instance of the <see cref="FellegiSunterResolver"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><see cref="IdentityResolverOptions.SimilarThreshold"/> exceeds <see cref="IdentityResolverOptions.VerySimilarThreshold"/>.</exception>
    public FellegiSunterResolver(IdentityResolverOptions? options = null)
    {
        _options = (options ?? new IdentityResolverOptions()).Clone();
        if (_options.SimilarThreshold > _options.VerySimilarThreshold)
        {
            Throw.Argument(
                nameof(options),
                $"SimilarThreshold ({_options.SimilarThreshold}) must not exceed VerySimilarThreshold ({_options.VerySimilarThreshold}).");
        }

        _salt = _options.Salt ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _ignoreDotsProviders = new HashSet<string>(_options.IgnoreDotsProviders, StringComparer.Ordinal);
    }

    /// <summary>Gets a copy of the options in use (a generated salt is not exposed).</summary>
    public IdentityResolverOptions Options => _options.Clone();

    /// <inheritdoc/>
    public Task<IdentityGraph> ResolveAsync(
        IEnumerable<AccountRecord> accounts, IProgress<IdentityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(accounts);
        return Task.Run(() => Resolve(accounts, progress, cancellationToken), cancellationToken);
    }

    private IdentityGraph Resolve(IEnumerable<AccountRecord> input, IProgress<IdentityProgress>? progress, CancellationToken cancellationToken)
    {
        long started = _options.TimeProvider.GetTimestamp();
        var records = new List<AccountRecord>(input);
        int n = records.Count;
        var keys = new AccountKey[n];
        var index = new Dictionary<AccountKey, int>(n);
        for (int i = 0; i < n; i++)
        {
            AccountRecord? record = records[i];
            if (record is null)
            {
                Throw.Argument("accounts", $"The record at index {i} is null.");
            }

            if (record.Platform.IsEmpty || record.Account.IsEmpty)
            {
                Throw.Argument("accounts", $"The record at index {i} has an empty platform or account id.");
            }

            keys[i] = new AccountKey(record.Platform, record.Account);
            if (!index.TryAdd(keys[i], i))
            {
                Throw.Argument("accounts", $"The account {keys[i]} appears twice (indices {index[keys[i]]} and {i}).");
            }
        }

        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism };

        // 1. Normalise and hash; 2. intern and link exact keys.
        Normalised normalised = Normalise(records, parallel, progress);
        records.Clear();
        Interned interned = Intern(normalised, cancellationToken);
        progress?.Report(new IdentityProgress(IdentityStage.DeterministicLinking, 0, n));
        long[] deterministicPairs = DeterministicPairs(interned);
        progress?.Report(new IdentityProgress(IdentityStage.DeterministicLinking, n, n));
        PreparedAccounts prepared = interned.Prepared;

        // 3. u from random pairs; candidate pairs within blocks; m by EM, one session per blocking key plus one on the
        //    deterministic pairs, each over the fields its selection leaves informative.
        double[] u = EstimateU(prepared, parallel, progress, out int randomPairs);
        Blocking blocking = BuildBlocks(interned, cancellationToken);
        Scored scored = ScoreBlocks(prepared, blocking, parallel, progress);
        var deterministicPatterns = new int[deterministicPairs.Length];
        _ = Parallel.For(0, deterministicPairs.Length, parallel, k =>
            deterministicPatterns[k] = prepared.Compare((int)(deterministicPairs[k] >> 32), (int)deterministicPairs[k]));
        var deterministicCounts = new long[ComparisonPattern.Count];
        foreach (int pattern in deterministicPatterns)
        {
            deterministicCounts[pattern]++;
        }

        FellegiSunterModel model = EstimateModel(
            blocking.Kinds, scored.PatternCounts, deterministicCounts, u, randomPairs, scored.Pairs, progress, cancellationToken);

        // 4. Links at or above the threshold (a pair linked both ways keeps the deterministic rule), then union-find.
        progress?.Report(new IdentityProgress(IdentityStage.Clustering, 0, n));
        var patternWeights = new double[ComparisonPattern.Count];
        for (int p = 0; p < patternWeights.Length; p++)
        {
            patternWeights[p] = model.PatternWeight(p);
        }

        double threshold = _options.MatchThreshold ?? DerivedThreshold(n, model, scored.Pairs, deterministicPairs, blocking);
        LinkData[] links = CollectLinks(deterministicPairs, deterministicPatterns, scored, patternWeights, threshold, out int probabilisticLinks);
        int combinedLinks = 0;
        if (_options.CombineAccountEvidence)
        {
            links = AddCombinedLinks(links, keys, prepared, scored, patternWeights, model, threshold, parallel, out combinedLinks);
        }

        IdentityGraph graph = IdentityGraph.Create(
            keys, index, links, normalised.EmailHashes, normalised.PhoneHashes, normalised.DeviceStart, normalised.DeviceHashes, model,
            persons => new IdentityResolutionReport
            {
                Accounts = n,
                Persons = persons,
                InvalidEmails = normalised.InvalidEmails,
                InvalidPhones = normalised.InvalidPhones,
                DeterministicLinks = deterministicPairs.Length,
                CappedEmailKeys = interned.CappedEmailKeys,
                CappedPhoneKeys = interned.CappedPhoneKeys,
                CappedDeviceKeys = interned.CappedDeviceKeys,
                CappedKeyAccounts = interned.CappedKeyAccounts,
                Blocks = blocking.Blocks.Count,
                CappedBlocks = blocking.CappedBlocks,
                CappedBlockAccounts = blocking.CappedBlockAccounts,
                RandomPairs = randomPairs,
                PairsScored = scored.Pairs,
                ProbabilisticLinks = probabilisticLinks,
                CombinedLinks = combinedLinks,
                EmIterations = model.Iterations,
                EmConverged = model.Converged,
                Elapsed = _options.TimeProvider.GetElapsedTime(started),
            },
            threshold,
            _options.OneAccountPerPlatform);
        progress?.Report(new IdentityProgress(IdentityStage.Clustering, n, n));
        return graph;
    }

    /// <summary>
    /// Derives the match threshold: the weight whose posterior, against the prior odds the data implies, reaches
    /// <see cref="IdentityResolverOptions.MatchProbability"/> (see <see cref="IdentityResolverOptions.MatchThreshold"/>).
    /// </summary>
    private double DerivedThreshold(int n, FellegiSunterModel model, long candidatePairs, long[] deterministicPairs, Blocking blocking)
    {
        if (n < 2)
        {
            return 0d;
        }

        double expected = model.MatchProportion * candidatePairs;
        foreach (long pair in deterministicPairs)
        {
            if (!blocking.SeenInEarlierKind(blocking.Kinds.Count, (int)(pair >> 32), (int)pair))
            {
                expected++;
            }
        }

        double allPairs = (double)n * (n - 1) / 2d;
        expected = Math.Min(Math.Max(expected, 1d), allPairs / 2d); // at least one match, at most even odds
        double p = _options.MatchProbability;
        return Math.Log2((allPairs - expected) / expected) + Math.Log2(p / (1d - p));
    }

    /// <summary>A SplitMix64 generator (Steele, Lea and Flood 2014): the seeded source of the random pairs.</summary>
    private struct SplitMix64
    {
        private ulong _state;

        public SplitMix64(ulong seed) => _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Returns an integer in <c>[0, bound)</c> by Lemire's multiply-shift on the high 32 bits.</summary>
        public int NextInt(int bound) => (int)(((Next() >> 32) * (ulong)(uint)bound) >> 32);
    }
}
