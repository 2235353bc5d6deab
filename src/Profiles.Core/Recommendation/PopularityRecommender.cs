// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace Profiles.Core;

/// <summary>Recommends the most popular items of the requested platforms, per <see cref="PopularityMeasure"/>, minus
/// the person's seen items: the baseline every other recommender must beat, and what a person with no history gets.</summary>
/// <remarks>
/// <para>The scores are computed once from the model's matrix (<see cref="InteractionMatrix.ByItem"/>); a call is one
/// <see cref="TopK.Select"/> over them with the person's seen list and the platforms' allow-list, <c>O(n)</c>.
/// Every list has <see cref="RecommendationSource.Popularity"/> as its source and "popular on &lt;platform&gt;" in its
/// explanations.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class PopularityRecommender : ModelRecommender
{
    private readonly float[] _scores;
    private readonly PopularityRecommenderOptions? _options;

    /// <summary>Initializes a new instance of the <see cref="PopularityRecommender"/> class.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public PopularityRecommender(ProfileModel model, PopularityRecommenderOptions? options = null)
        : base(model, "popularity")
    {
        _options = options?.Clone();
        PopularityMeasure measure = options?.Measure ?? PopularityMeasure.DecayedWeight;
        if (measure == PopularityMeasure.DecayedWeight)
        {
            _scores = Index.Popularity;
        }
        else
        {
            SparseMatrix byItem = model.Matrix.ByItem;
            _scores = new float[Index.Count];
            for (int j = 0; j < _scores.Length; j++)
            {
                _scores[j] = byItem.RowLength(j);
            }
        }
    }

    /// <summary>Gets the popularity score of every item, in <see cref="InteractionMatrix.Items"/> order.</summary>
    public ReadOnlyMemory<float> Scores => _scores;

    internal override float[] PopularityScores => _scores;

    private protected override ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken) =>
        new PopularityRecommender(model, _options);

    internal override bool ExplainsByPopularity => true;

    internal override RecommendationSource Route(RecommendationRequest request) => RecommendationSource.Popularity;

    internal override void Score(RecommendationRequest request, Span<float> scores) => _scores.CopyTo(scores);

    internal override int[] SimilarHistoryItems(RecommendationRequest request, int item) => [];
}
