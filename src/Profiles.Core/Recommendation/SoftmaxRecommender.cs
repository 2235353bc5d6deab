// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Numerics.Tensors;
using System.Threading;

namespace Profiles.Core;

/// <summary>
/// The specification's scorer over fused profiles: <c>P_j = softmax(U · C_j)</c>, the probability of item <c>j</c>
/// among all the model's items, where <c>U</c> is the person's <see cref="UserProfile.FusedVector"/> (or, when the
/// profile has none, its <see cref="UserProfile.BehaviourVector"/>) and <c>C_j</c> the item's factors.
/// </summary>
/// <remarks>
/// <para>The probabilities are computed over the whole catalogue (every item with factors) with
/// <see cref="FusionKernel.Softmax"/>, so they sum to 1 over it; filters, platforms and seen items only decide which of
/// them are returned (the returned scores are these probabilities and sum to at most 1). The order equals the order of
/// the logits <c>U · C_j</c>; the probabilities add a calibrated scale. <see cref="Probabilities"/> gives the full
/// distribution. A person without history on the requested platforms is scored the same way from the cold-start
/// vector (see <see cref="ModelRecommender"/>).</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class SoftmaxRecommender : ModelRecommender
{
    /// <summary>Initializes a new instance of the <see cref="SoftmaxRecommender"/> class.</summary>
    /// <param name="model">The model, whose item factors are <c>C</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    public SoftmaxRecommender(ProfileModel model)
        : base(model, "softmax")
    {
    }

    /// <summary>Computes the person's probability of every item, <c>P_j = softmax(U · C_j)</c>.</summary>
    /// <param name="profile">The profile: its fused vector, or else its behaviour vector, is <c>U</c>.</param>
    /// <param name="destination">Receives one probability per item, in <see cref="InteractionMatrix.Items"/> order
    /// (length <see cref="RecommenderMetadata.Items"/>); they sum to 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the number of items, or the
    /// profile has neither a fused nor a behaviour vector of the model's rank.</exception>
    public void Probabilities(UserProfile profile, Span<float> destination)
    {
        Throw.IfNull(profile);
        if (destination.Length < Index.Count)
        {
            Throw.Argument(nameof(destination), $"The destination holds {destination.Length} floats; the model has {Index.Count} items.");
        }

        float[]? vector = Vector(profile);
        if (vector is null)
        {
            Throw.Argument(nameof(profile), $"The profile has neither a fused nor a behaviour vector of rank {Index.Rank}.");
        }

        Softmax(vector, destination[..Index.Count]);
    }

    private protected override ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken) => new SoftmaxRecommender(model);

    internal override void Score(RecommendationRequest request, Span<float> scores)
    {
        float[]? vector = Vector(request.Profile) ??
            (request.Row >= 0 && Index.Rank > 0 ? Model.Factors.UserFactors.Span.Slice(request.Row * Index.Rank, Index.Rank).ToArray() : null);
        if (vector is null)
        {
            Index.Popularity.CopyTo(scores);
            return;
        }

        Softmax(vector, scores);
    }

    internal override int RankCold(RecommendationRequest request, float[] vector, Span<int> indices, Span<float> scores)
    {
        var all = new float[Index.Count];
        Softmax(vector, all);
        return TopK.Select(all, request.Count, indices, scores, request.Seen, request.AllowedSpan);
    }

    private float[]? Vector(UserProfile profile)
    {
        int rank = Index.Rank;
        if (rank == 0)
        {
            return null;
        }

        ReadOnlySpan<float> fused = profile.FusedVector.Span;
        if (fused.Length == rank && SimdMath.IndexOfNonFinite(fused) < 0)
        {
            return fused.ToArray();
        }

        ReadOnlySpan<float> behaviour = profile.BehaviourVector.Span;
        return behaviour.Length == rank && SimdMath.IndexOfNonFinite(behaviour) < 0 ? behaviour.ToArray() : null;
    }

    /// <summary>Writes the softmax of the logits <c>U · C_j</c> over the items with factors; items without get 0.</summary>
    private void Softmax(ReadOnlySpan<float> vector, Span<float> destination)
    {
        int rank = Index.Rank;
        int n = Index.FactorItems;
        destination[n..].Clear();
        if (n == 0)
        {
            return;
        }

        ReadOnlySpan<float> items = Model.Factors.ItemFactors.Span;
        Span<float> logits = destination[..n];
        for (int j = 0; j < n; j++)
        {
            logits[j] = TensorPrimitives.Dot(vector, items.Slice(j * rank, rank));
        }

        FusionKernel.Softmax(logits, logits);
    }
}
