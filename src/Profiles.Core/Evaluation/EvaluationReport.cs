// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;

namespace Profiles.Core;

/// <summary>
/// Holds the result of an <see cref="Evaluator"/> run: each system's metrics with bootstrap intervals and per-user values,
/// the paired comparisons, and the settings; renders it as an aligned text table (<see cref="ToText"/>), JSON
/// (<see cref="ToJson"/>) and a self-contained HTML page with a bar chart per metric (<see cref="ToHtml"/>).
/// </summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed partial class EvaluationReport
{
    private static readonly ReadOnlyCollection<RankingMetric> s_metrics = new(
        [RankingMetric.Precision, RankingMetric.Recall, RankingMetric.Ndcg, RankingMetric.Map, RankingMetric.HitRate, RankingMetric.Mrr, RankingMetric.Coverage]);

    internal EvaluationReport(
        EvaluationSplitMetadata split, EvaluatorOptions options, IReadOnlyList<int> users, List<SystemEvaluation> systems,
        List<SystemComparison> comparisons, int catalogSize)
    {
        Split = split;
        Cutoff = options.Cutoff;
        MapNormalization = options.MapNormalization;
        BootstrapSamples = options.BootstrapSamples;
        ConfidenceLevel = options.ConfidenceLevel;
        Seed = options.Seed;
        Users = users;
        Systems = systems.AsReadOnly();
        Comparisons = comparisons.AsReadOnly();
        CatalogSize = catalogSize;
    }

    /// <summary>Gets the metrics every report holds, in display order.</summary>
    public static IReadOnlyList<RankingMetric> Metrics => s_metrics;

    /// <summary>Gets the split's description and counts.</summary>
    public EvaluationSplitMetadata Split { get; }

    /// <summary>Gets the cutoff K.</summary>
    public int Cutoff { get; }

    /// <summary>Gets the MAP variant the report shows.</summary>
    public MapNormalization MapNormalization { get; }

    /// <summary>Gets the number of bootstrap replicates.</summary>
    public int BootstrapSamples { get; }

    /// <summary>Gets the level of the intervals.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>Gets the bootstrap's seed.</summary>
    public int Seed { get; }

    /// <summary>Gets the size of the training catalogue coverage divides by.</summary>
    public int CatalogSize { get; }

    /// <summary>Gets the evaluated users, in the order of the per-user values.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>Gets each system's results, in the order they were passed.</summary>
    public IReadOnlyList<SystemEvaluation> Systems { get; }

    /// <summary>Gets the comparisons of every pair of systems (later minus earlier) on every metric.</summary>
    public IReadOnlyList<SystemComparison> Comparisons { get; }

    /// <summary>Returns a metric's label at the report's cutoff, such as <c>NDCG@10</c>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is unknown.</exception>
    public string Label(RankingMetric metric) => Label(metric, Cutoff);

    /// <summary>Returns the same text as <see cref="ToText"/>.</summary>
    /// <returns>The text table.</returns>
    public override string ToString() => ToText();

    internal static string Label(RankingMetric metric, int k)
    {
        string name = metric switch
        {
            RankingMetric.Precision => "precision",
            RankingMetric.Recall => "recall",
            RankingMetric.Ndcg => "NDCG",
            RankingMetric.Map => "MAP",
            RankingMetric.HitRate => "hit rate",
            RankingMetric.Mrr => "MRR",
            RankingMetric.Coverage => "coverage",
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
        };
        return name + "@" + k.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Describes the MAP variant for people.</summary>
    private string MapNote => MapNormalization == MapNormalization.MinOfKAndRelevant
        ? "MAP divides by min(K, positives)"
        : "MAP divides by the number of positives";

    private string Level => (100 * ConfidenceLevel).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
