// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text.Json;

namespace Profiles.Core;

/// <content>The JSON rendering.</content>
public sealed partial class EvaluationReport
{
    /// <summary>
    /// Renders the report as indented JSON (camelCase; System.Text.Json source generation, no reflection): the split's
    /// metadata, the settings, each system's metrics as <c>{estimate, lower, upper}</c>, and the comparisons.
    /// </summary>
    /// <param name="includePerUser">Whether to add the evaluated users and every system's per-user values (large for
    /// many users).</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool includePerUser = false)
    {
        var systems = new List<EvaluationSystemJson>(Systems.Count);
        foreach (SystemEvaluation system in Systems)
        {
            var metrics = new Dictionary<string, EvaluationIntervalJson>();
            Dictionary<string, double[]>? perUser = includePerUser ? [] : null;
            foreach (RankingMetric metric in s_metrics)
            {
                metrics.Add(JsonName(metric), Interval(system.Metrics[metric]));
                if (perUser is not null && metric != RankingMetric.Coverage)
                {
                    perUser.Add(JsonName(metric), system.PerUser(metric).ToArray());
                }
            }

            systems.Add(new EvaluationSystemJson
            {
                Name = system.Name,
                Metrics = metrics,
                TrainingItemsRecommended = system.TrainingItemsRecommended,
                UsersWithTrainingItems = system.UsersWithTrainingItems,
                DuplicatesRecommended = system.DuplicatesRecommended,
                DistinctItemsRecommended = system.DistinctItemsRecommended,
                PerUser = perUser,
            });
        }

        var comparisons = new List<EvaluationComparisonJson>(Comparisons.Count);
        foreach (SystemComparison c in Comparisons)
        {
            comparisons.Add(new EvaluationComparisonJson
            {
                Baseline = c.Baseline,
                Candidate = c.Candidate,
                Metric = JsonName(c.Metric),
                Difference = Interval(c.Difference),
                ExcludesZero = c.Difference.ExcludesZero,
            });
        }

        var report = new EvaluationReportJson
        {
            Split = Split,
            Cutoff = Cutoff,
            MapNormalization = MapNormalization,
            BootstrapSamples = BootstrapSamples,
            ConfidenceLevel = ConfidenceLevel,
            Seed = Seed,
            CatalogSize = CatalogSize,
            Systems = systems,
            Comparisons = comparisons,
            Users = includePerUser ? [.. Users] : null,
        };
        return JsonSerializer.Serialize(report, EvaluationJsonContext.Default.EvaluationReportJson);
    }

    private static string JsonName(RankingMetric metric) => metric switch
    {
        RankingMetric.HitRate => "hitRate",
        _ => metric.ToString().ToLowerInvariant(),
    };

    private static EvaluationIntervalJson Interval(ConfidenceInterval value) =>
        new() { Estimate = value.Estimate, Lower = value.Lower, Upper = value.Upper };
}
