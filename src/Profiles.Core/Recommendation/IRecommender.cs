// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Recommends the top-N items for a person's profile: items of the requested platforms, the person's seen items
/// left out, each with a score and an explanation of what drove it.</summary>
/// <remarks>
/// <para>The library's recommenders (<see cref="PopularityRecommender"/>, <see cref="ItemKnnRecommender"/>,
/// <see cref="EaseRecommender"/>, <see cref="FactorRecommender"/>, <see cref="SoftmaxRecommender"/>,
/// <see cref="HybridRecommender"/>) read a <see cref="ProfileModel"/>; add cross-cutting stages (logging, caching) with
/// <see cref="RecommenderBuilder"/>.</para>
/// <para>Implementations are expected to be thread-safe: a server calls <see cref="RecommendAsync"/> concurrently.</para>
/// </remarks>
public interface IRecommender : IDisposable
{
    /// <summary>Recommends items for one person.</summary>
    /// <param name="profile">The person's profile (from <see cref="ProfileModel.Profiles"/>, or built with
    /// <see cref="IProfileBuilder.Update"/>, or a bare <see cref="UserProfile"/> for a person the model has never seen).</param>
    /// <param name="options">The count, platforms, seen-item and candidate rules; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ranked recommendations, best first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<RecommendationList> RecommendAsync(UserProfile profile, RecommendationOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Asks for an object of the given type from this recommender or the stages it wraps, such as its
    /// <see cref="RecommenderMetadata"/> or an inner stage.</summary>
    /// <param name="serviceType">The type of object asked for.</param>
    /// <param name="serviceKey">An optional key for the object.</param>
    /// <returns>The object, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    object? GetService(Type serviceType, object? serviceKey = null);
}
