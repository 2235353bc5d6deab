// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Passes every call to an inner <see cref="IRecommender"/>: the base of recommendation middleware such as
/// <see cref="LoggingRecommender"/> and <see cref="CachingRecommender"/>.</summary>
/// <remarks><para>This type is thread-safe when the inner recommender is; derived types override what they change.</para></remarks>
public class DelegatingRecommender : IRecommender
{
    /// <summary>Initializes a new instance of the <see cref="DelegatingRecommender"/> class.</summary>
    /// <param name="innerRecommender">The recommender calls go to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerRecommender"/> is <see langword="null"/>.</exception>
    protected DelegatingRecommender(IRecommender innerRecommender) => InnerRecommender = Throw.IfNull(innerRecommender);

    /// <summary>Gets the recommender calls go to.</summary>
    protected IRecommender InnerRecommender { get; }

    /// <inheritdoc />
    public virtual Task<RecommendationList> RecommendAsync(UserProfile profile, RecommendationOptions? options = null,
        CancellationToken cancellationToken = default) => InnerRecommender.RecommendAsync(profile, options, cancellationToken);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerRecommender.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes the inner recommender.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner recommender when <paramref name="disposing"/> is <see langword="true"/>.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            InnerRecommender.Dispose();
        }
    }
}
