// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Holds the paired bootstrap comparison of two systems on one metric: <c>candidate - baseline</c>.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="Baseline">The name of the system subtracted.</param>
/// <param name="Candidate">The name of the other system.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Difference">The difference of the metric's values with its paired bootstrap interval;
/// <see cref="ConfidenceInterval.ExcludesZero"/> says whether the difference is significant at the interval's level.</param>
public sealed record SystemComparison(string Baseline, string Candidate, RankingMetric Metric, ConfidenceInterval Difference);
