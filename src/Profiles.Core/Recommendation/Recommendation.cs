// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>One recommended item: its key, its score and why it was recommended.</summary>
/// <remarks><para>This type is immutable and thread-safe. Scores are comparable within one list only: each recommender
/// has its own scale (a count, a similarity sum, a probability...).</para></remarks>
/// <param name="Item">The item.</param>
/// <param name="Score">The recommender's score; higher is better.</param>
/// <param name="Explanation">What drove it.</param>
public sealed record Recommendation(ItemKey Item, float Score, RecommendationExplanation Explanation);
