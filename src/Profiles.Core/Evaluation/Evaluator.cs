// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Scores ranking systems on a split: every metric at K per test user, each system's means with bootstrap intervals, and
/// the paired bootstrap comparison of every pair of systems, gathered in an <see cref="EvaluationReport"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each system ranks every test user of the split; the first K items count. A user's positives are the split's
/// <see cref="EvaluationSplit.TestPositives"/>. A recommended training item or a repeated item takes its rank and never
/// counts as a hit; training items are recorded per system (or fail the evaluation, see
/// <see cref="EvaluatorOptions.FailOnTrainingItems"/>). Coverage divides the distinct recommended items by the
/// training catalogue's size (<see cref="EvaluationSplit.Catalog"/>); as a set statistic it is biased low on a resample
/// (fewer distinct users), so its bootstrap replicates are re-centred on the estimate before the percentiles are taken.
/// </para>
/// <para>
/// The bootstrap draws <c>B</c> resamples of the test users once (seeded) and uses the same resamples for every
/// system and metric, so intervals are paired; comparisons are reported for every pair <c>(i, j)</c>, <c>i &lt; j</c>,
/// as system <c>j</c> minus system <c>i</c> (list the baseline first).
/// </para>
/// <para>This class is thread-safe: it holds only a copy of its options.</para>
/// </remarks>
public sealed class Evaluator
{
    private static readonly RankingMetric[] s_perUserMetrics =
        [RankingMetric.Precision, RankingMetric.Recall, RankingMetric.Ndcg, RankingMetric.Map, RankingMetric.HitRate, RankingMetric.Mrr];

    private readonly EvaluatorOptions _options;

    /// <summary>Initializes a new instance of the <see cref="Evaluator"/> class.</summary>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults (K = 10, B = 1,000, 95%).</param>
    public Evaluator(EvaluatorOptions? options = null) => _options = options?.Clone() ?? new EvaluatorOptions();

    /// <summary>Scores <paramref name="systems"/> on <paramref name="split"/> and compares them.</summary>
    /// <param name="split">The split.</param>
    /// <param name="systems">The systems, baseline first; their names must differ.</param>
    /// <param name="progress">Receives progress after each batch of users and before the bootstrap; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="split"/> or <paramref name="systems"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="systems"/> is empty, holds <see langword="null"/> or repeats a name, or
    /// <paramref name="split"/> has no test user.</exception>
    /// <exception cref="InvalidOperationException">A system returned the wrong number of lists, a <see langword="null"/> list, or
    /// (with <see cref="EvaluatorOptions.FailOnTrainingItems"/>) a training item.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<EvaluationReport> EvaluateAsync(
        EvaluationSplit split, IReadOnlyList<IRankingSystem> systems, IProgress<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(split);
        Throw.IfNull(systems);
        if (systems.Count == 0)
        {
            Throw.Argument(nameof(systems), "Pass at least one system.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (IRankingSystem? system in systems)
        {
            if (system is null)
            {
                Throw.Argument(nameof(systems), "A system is null.");
            }

            if (!names.Add(system.Name))
            {
                Throw.Argument(nameof(systems), $"Two systems are named '{system.Name}'; names label the report and must differ.");
            }
        }

        if (split.Users.Count == 0)
        {
            Throw.Argument(nameof(split), "The split has no test user (no user has a held-out item that is not in training).");
        }

        IReadOnlyList<int> users = split.Users;
        var positives = new HashSet<ItemKey>[users.Count];
        for (int u = 0; u < users.Count; u++)
        {
            positives[u] = [.. split.PositivesOf(users[u])];
        }

        var itemIds = new Dictionary<ItemKey, int>();
        var scored = new List<Scored>(systems.Count);
        foreach (IRankingSystem system in systems)
        {
            scored.Add(await ScoreAsync(system, split, positives, itemIds, progress, cancellationToken).ConfigureAwait(false));
        }

        progress?.Report(new EvaluationProgress("bootstrap", 0, users.Count));
        return Bootstrap(split, scored, itemIds.Count, cancellationToken);
    }

    private async Task<Scored> ScoreAsync(
        IRankingSystem system, EvaluationSplit split, HashSet<ItemKey>[] positives, Dictionary<ItemKey, int> itemIds,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        IReadOnlyList<int> users = split.Users;
        int n = users.Count;
        int k = _options.Cutoff;
        var values = new double[s_perUserMetrics.Length][];
        for (int m = 0; m < values.Length; m++)
        {
            values[m] = new double[n];
        }

        var recommended = new int[n][];
        var hits = new bool[k];
        var distinct = new HashSet<ItemKey>();
        var ids = new List<int>(k);
        int leaks = 0, leakUsers = 0, duplicates = 0;
        var allDistinct = new HashSet<int>();
        int[] userKeys = [.. users];
        for (int start = 0; start < n; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_options.BatchSize, n - start);
            var batch = new ArraySegment<int>(userKeys, start, count);
            IReadOnlyList<IReadOnlyList<ItemKey>> lists = await system.RankAsync(split, batch, k, cancellationToken).ConfigureAwait(false);
            if (lists is null || lists.Count != count)
            {
                throw new InvalidOperationException($"System '{system.Name}' returned {(lists is null ? "no" : lists.Count)} lists for {count} users.");
            }

            for (int b = 0; b < count; b++)
            {
                int u = start + b;
                IReadOnlyList<ItemKey> list = lists[b] ?? throw new InvalidOperationException($"System '{system.Name}' returned a null list for user {users[u]}.");
                Array.Clear(hits);
                distinct.Clear();
                ids.Clear();
                bool leaked = false;
                int ranks = Math.Min(k, list.Count);
                for (int r = 0; r < ranks; r++)
                {
                    ItemKey item = list[r];
                    if (!distinct.Add(item))
                    {
                        duplicates++;
                        continue;
                    }

                    if (split.IsTrainingItem(users[u], item))
                    {
                        if (_options.FailOnTrainingItems)
                        {
                            throw new InvalidOperationException($"System '{system.Name}' recommended {item}, a training item of user {users[u]}.");
                        }

                        leaks++;
                        leaked = true;
                    }
                    else
                    {
                        hits[r] = positives[u].Contains(item);
                    }

                    if (!itemIds.TryGetValue(item, out int id))
                    {
                        id = itemIds.Count;
                        itemIds.Add(item, id);
                    }

                    ids.Add(id);
                    allDistinct.Add(id);
                }

                leakUsers += leaked ? 1 : 0;
                recommended[u] = [.. ids];
                int relevant = positives[u].Count;
                values[0][u] = RankingMetrics.Precision(hits, k);
                values[1][u] = RankingMetrics.Recall(hits, relevant, k);
                values[2][u] = RankingMetrics.Ndcg(hits, relevant, k);
                values[3][u] = RankingMetrics.AveragePrecision(hits, relevant, k, _options.MapNormalization);
                values[4][u] = RankingMetrics.HitRate(hits, k);
                values[5][u] = RankingMetrics.ReciprocalRank(hits, k);
            }

            progress?.Report(new EvaluationProgress(system.Name, start + count, n));
        }

        return new Scored(system.Name, values, recommended, leaks, leakUsers, duplicates, allDistinct.Count);
    }

    private EvaluationReport Bootstrap(EvaluationSplit split, List<Scored> systems, int itemCount, CancellationToken cancellationToken)
    {
        int n = split.Users.Count;
        int samples = _options.BootstrapSamples;
        int metrics = s_perUserMetrics.Length;
        int catalog = Math.Max(1, split.Catalog.Count);

        // replicates[s][m][r]: system s's metric m on resample r; m == metrics is coverage.
        var replicates = new double[systems.Count][][];
        for (int s = 0; s < systems.Count; s++)
        {
            replicates[s] = new double[metrics + 1][];
            for (int m = 0; m <= metrics; m++)
            {
                replicates[s][m] = new double[samples];
            }
        }

        SplitRandom random = PairedBootstrap.CreateRandom(_options.Seed);
        var draw = new int[n];
        var stamp = new int[itemCount];
        for (int r = 0; r < samples; r++)
        {
            if ((r & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (int i = 0; i < n; i++)
            {
                draw[i] = random.NextInt(n);
            }

            for (int s = 0; s < systems.Count; s++)
            {
                Scored system = systems[s];
                for (int m = 0; m < metrics; m++)
                {
                    double[] v = system.Values[m];
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        sum += v[draw[i]];
                    }

                    replicates[s][m][r] = sum / n;
                }

                // Coverage of the resampled users: distinct items, counted with a per-replicate stamp.
                int mark = (r * systems.Count) + s + 1;
                int covered = 0;
                for (int i = 0; i < n; i++)
                {
                    foreach (int id in system.Recommended[draw[i]])
                    {
                        if (stamp[id] != mark)
                        {
                            stamp[id] = mark;
                            covered++;
                        }
                    }
                }

                replicates[s][metrics][r] = (double)covered / catalog;
            }
        }

        var estimates = new double[systems.Count][];
        var evaluations = new List<SystemEvaluation>(systems.Count);
        for (int s = 0; s < systems.Count; s++)
        {
            Scored system = systems[s];
            estimates[s] = new double[metrics + 1];
            var intervals = new Dictionary<RankingMetric, ConfidenceInterval>();
            var perUser = new Dictionary<RankingMetric, double[]>();
            for (int m = 0; m <= metrics; m++)
            {
                estimates[s][m] = m < metrics ? Mean(system.Values[m]) : (double)system.DistinctItems / catalog;
                RankingMetric metric = m < metrics ? s_perUserMetrics[m] : RankingMetric.Coverage;
                intervals.Add(metric, PairedBootstrap.Interval(estimates[s][m], Centered(replicates[s][m], estimates[s][m], m == metrics), _options.ConfidenceLevel));
                if (m < metrics)
                {
                    perUser.Add(metric, system.Values[m]);
                }
            }

            evaluations.Add(new SystemEvaluation(system.Name, intervals, perUser, system.Leaks, system.LeakUsers, system.Duplicates, system.DistinctItems));
        }

        var comparisons = new List<SystemComparison>();
        for (int i = 0; i < systems.Count; i++)
        {
            for (int j = i + 1; j < systems.Count; j++)
            {
                for (int m = 0; m <= metrics; m++)
                {
                    var difference = new double[samples];
                    for (int r = 0; r < samples; r++)
                    {
                        difference[r] = replicates[j][m][r] - replicates[i][m][r];
                    }

                    RankingMetric metric = m < metrics ? s_perUserMetrics[m] : RankingMetric.Coverage;
                    double estimate = estimates[j][m] - estimates[i][m];
                    comparisons.Add(new SystemComparison(
                        systems[i].Name, systems[j].Name, metric, PairedBootstrap.Interval(estimate, Centered(difference, estimate, m == metrics), _options.ConfidenceLevel)));
                }
            }
        }

        return new EvaluationReport(split.Metadata, _options, split.Users, evaluations, comparisons, split.Catalog.Count);
    }

    /// <summary>
    /// Returns a copy of the replicates, shifted so that their mean is the estimate when <paramref name="center"/> is set.
    /// Coverage needs it: a resample holds only about 63% distinct users, hence fewer distinct items, so its raw
    /// replicates sit below the estimate (a percentile interval could even exclude it); the shift removes that bias and
    /// keeps the spread. The per-user means are unbiased under resampling and are left as they are.
    /// </summary>
    private static double[] Centered(double[] replicates, double estimate, bool center)
    {
        double[] copy = (double[])replicates.Clone();
        if (center)
        {
            double shift = estimate - Mean(copy);
            for (int r = 0; r < copy.Length; r++)
            {
                copy[r] += shift;
            }
        }

        return copy;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    private sealed record Scored(string Name, double[][] Values, int[][] Recommended, int Leaks, int LeakUsers, int Duplicates, int DistinctItems);
}
