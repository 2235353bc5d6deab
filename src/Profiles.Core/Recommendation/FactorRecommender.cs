// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics.Tensors;
using System.Threading;

namespace Profiles.Core;

/// <summary>Recommends by the implicit-ALS factor model: the score of item <c>j</c> is the inner product of the person's
/// behaviour vector with the item's factors, <c>x_u · y_j</c>, ranked by the fused inner-product top-K kernel
/// (<see cref="TopK.Search"/>).</summary>
/// <remarks>
/// <para>The person's vector is the profile's <see cref="UserProfile.BehaviourVector"/> (so a profile folded in with
/// <see cref="IProfileBuilder.Update"/> is served without retraining), or the model's user factors when the profile has
/// none. Because the factors are learned on the joint person x item matrix, the same vector scores every platform's
/// items: a person new on a platform is served from their other platforms (see <see cref="ModelRecommender"/>).
/// Explanations name the person's items whose factors are closest (cosine) to the item's.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class FactorRecommender : ModelRecommender
{
    /// <summary>Initializes a new instance of the <see cref="FactorRecommender"/> class.</summary>
    /// <param name="model">The model, whose <see cref="ProfileModel.Factors"/> are used.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public FactorRecommender(ProfileModel model)
        : base(model, "als")
    {
    }

    private protected override ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken) => new FactorRecommender(model);

    internal override int RankHistory(RecommendationRequest request, Span<int> indices, Span<float> scores)
    {
        float[]? vector = UserVector(request);
        return vector is null
            ? TopK.Select(PopularityScores, request.Count, indices, scores, request.Seen, request.AllowedSpan)
            : RankByVector(request, vector, indices, scores);
    }

    internal override void Score(RecommendationRequest request, Span<float> scores)
    {
        float[]? vector = UserVector(request);
        if (vector is null)
        {
            Index.Popularity.CopyTo(scores);
            return;
        }

        ScoreVector(vector, scores);
    }

    /// <summary>Writes <c>vector · y_j</c> for every item; items without factors get negative infinity.</summary>
    internal void ScoreVector(ReadOnlySpan<float> vector, Span<float> scores)
    {
        int rank = Index.Rank;
        ReadOnlySpan<float> items = Model.Factors.ItemFactors.Span;
        int n = Index.FactorItems;
        for (int j = 0; j < n; j++)
        {
            scores[j] = TensorPrimitives.Dot(vector, items.Slice(j * rank, rank));
        }

        scores[n..].Fill(float.NegativeInfinity);
    }

    /// <summary>Returns the profile's behaviour vector, or the model's factors of the person, or <see langword="null"/>.</summary>
    internal float[]? UserVector(RecommendationRequest request)
    {
        int rank = Index.Rank;
        ReadOnlySpan<float> behaviour = request.Profile.BehaviourVector.Span;
        if (rank > 0 && behaviour.Length == rank && SimdMath.IndexOfNonFinite(behaviour) < 0)
        {
            return behaviour.ToArray();
        }

        return request.Row >= 0 && request.Row < Model.Factors.Users && rank > 0
            ? Model.Factors.UserFactors.Span.Slice(request.Row * rank, rank).ToArray()
            : null;
    }
}
