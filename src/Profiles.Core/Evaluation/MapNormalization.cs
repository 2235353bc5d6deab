// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says what average precision at K divides by: the two published variants of MAP@K.</summary>
public enum MapNormalization
{
    /// <summary>Divide by <c>min(K, positives)</c>, so a perfect top K scores 1 even for users with more than K positives
    /// (the definition of Kaggle's <c>ml_metrics.apk</c>).</summary>
    MinOfKAndRelevant,

    /// <summary>Divide by the number of positives (the other published variant); users with more than K positives can
    /// never reach 1.</summary>
    Relevant,
}
