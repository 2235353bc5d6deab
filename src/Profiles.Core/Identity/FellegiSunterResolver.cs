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
/// (accents, case, punctuation; city aliases such as <c>NYC</c> become the city, see
/// <see cref="IdentityResolverOptions.CityAliases"/>) and kept in memory only until the call returns. A first name's
/// short forms (<see cref="IdentityResolverOptions.FirstNameVariants"/>) compare as very similar. The name the e-mail of
/// an account without a name spells is compared, as a salted hash, with the name keys (salted hashes of first and last
/// name run together) of other accounts (<see cref="IdentityResolverOptions.CompareEmailNames"/>).
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
    private readonly Dictionary<string, string[]> _firstNameForms;
    private readonly Dictionary<string, string> _cityAliases;

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
        _firstNameForms = FoldFirstNameVariants(_options.FirstNameVariants);
        _cityAliases = FoldCityAliases(_options.CityAliases);
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
    /// Normalises, interns and blocks <paramref name="accounts"/> as <see cref="ResolveAsync"/> does, for analysis
    /// (the benchmarks' miss analysis): the prepared accounts and whether an enabled blocking key compares two of them.
    /// </summary>
    internal (PreparedAccounts Prepared, Func<int, int, bool> Compared) PrepareForAnalysis(IReadOnlyList<AccountRecord> accounts)
    {
        var records = new List<AccountRecord>(accounts);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism };
        Interned interned = Intern(Normalise(records, parallel, null), CancellationToken.None);
        Blocking blocking = BuildBlocks(interned, CancellationToken.None);
        return (interned.Prepared, (a, b) => blocking.SeenInEarlierKind(blocking.Kinds.Count, Math.Min(a, b), Math.Max(a, b)));
    }

    /// <summary>Folds the first-name table into: folded name or variant, the folded full names it stands for (itself first when it is a full name).</summary>
    private static Dictionary<string, string[]> FoldFirstNameVariants(IReadOnlyDictionary<string, IReadOnlyList<string>> table)
    {
        var forms = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string name)
        {
            if (!forms.TryGetValue(key, out List<string>? list))
            {
                forms[key] = list = [];
            }

            if (!list.Contains(name))
            {
                list.Add(name);
            }
        }

        foreach (KeyValuePair<string, IReadOnlyList<string>> entry in table)
        {
            string? name = IdentityNormalizer.Name(entry.Key).First;
            if (name is not null && name.Length > 1)
            {
                Add(name, name);
            }
        }

        foreach (KeyValuePair<string, IReadOnlyList<string>> entry in table)
        {
            string? name = IdentityNormalizer.Name(entry.Key).First;
            if (name is null || name.Length < 2)
            {
                continue;
            }

            foreach (string variant in entry.Value)
            {
                string? folded = IdentityNormalizer.Name(variant).First;
                if (folded is not null && folded.Length > 1 && folded != name)
                {
                    Add(folded, name);
                }
            }
        }

        var result = new Dictionary<string, string[]>(forms.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, List<string>> entry in forms)
        {
            result.Add(entry.Key, entry.Value.ToArray());
        }

        return result;
    }

    private static Dictionary<string, string> FoldCityAliases(IReadOnlyDictionary<string, string> table)
    {
        var result = new Dictionary<string, string>(table.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> entry in table)
        {
            string? alias = IdentityNormalizer.City(entry.Key);
            string? city = IdentityNormalizer.City(entry.Value);
            if (alias is not null && city is not null && alias != city)
            {
                result[alias] = city;
            }
        }

        return result;
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
