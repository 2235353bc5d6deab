// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Profiles.Core;

/// <summary>Holds one system's results in an <see cref="EvaluationReport"/>: each metric's mean with its bootstrap interval,
/// the per-user values behind it, and what the system did wrong.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class SystemEvaluation
{
    private readonly Dictionary<RankingMetric, double[]> _perUser;

    internal SystemEvaluation(
        string name, Dictionary<RankingMetric, ConfidenceInterval> metrics, Dictionary<RankingMetric, double[]> perUser,
        int trainingItemsRecommended, int usersWithTrainingItems, int duplicatesRecommended, int distinctItemsRecommended)
    {
        Name = name;
        Metrics = new ReadOnlyDictionary<RankingMetric, ConfidenceInterval>(metrics);
        _perUser = perUser;
        TrainingItemsRecommended = trainingItemsRecommended;
        UsersWithTrainingItems = usersWithTrainingItems;
        DuplicatesRecommended = duplicatesRecommended;
        DistinctItemsRecommended = distinctItemsRecommended;
    }

    /// <summary>Gets the system's name.</summary>
    public string Name { get; }

    /// <summary>Gets every metric's value (the mean over users; for <see cref="RankingMetric.Coverage"/>, the coverage) with its
    /// bootstrap confidence interval.</summary>
    public IReadOnlyDictionary<RankingMetric, ConfidenceInterval> Metrics { get; }

    /// <summary>Gets the number of recommendations (user, item) that were one of the user's training items: each is a leak
    /// the system should have filtered, and never counts as a hit.</summary>
    public int TrainingItemsRecommended { get; }

    /// <summary>Gets the number of users who were recommended at least one of their training items.</summary>
    public int UsersWithTrainingItems { get; }

    /// <summary>Gets the number of repeated items within users' top K (each repeat takes a rank and is never a hit).</summary>
    public int DuplicatesRecommended { get; }

    /// <summary>Gets the number of distinct items in all users' top K.</summary>
    public int DistinctItemsRecommended { get; }

    /// <summary>Gets the per-user values of a metric, in the order of <see cref="EvaluationReport.Users"/>.</summary>
    /// <param name="metric">A per-user metric (every metric but <see cref="RankingMetric.Coverage"/>).</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is <see cref="RankingMetric.Coverage"/> or unknown.</exception>
    public ReadOnlyMemory<double> PerUser(RankingMetric metric)
    {
        if (!_perUser.TryGetValue(metric, out double[]? values))
        {
            Throw.OutOfRange(nameof(metric), metric, "is not a per-user metric");
        }

        return values;
    }
}
