// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Builds a recommendation pipeline: an inner <see cref="IRecommender"/> wrapped in stages added with
/// <see cref="Use(Func{IRecommender, IServiceProvider, IRecommender})"/> and the <c>Use*</c> extensions
/// (<see cref="LoggingRecommenderBuilderExtensions.UseLogging"/>, <see cref="CachingRecommenderBuilderExtensions.UseCaching"/>).</summary>
/// <remarks><para>The first stage added becomes the outermost. This type is not thread-safe; the recommenders it builds are
/// as thread-safe as their stages.</para></remarks>
public sealed class RecommenderBuilder
{
    private readonly Func<IServiceProvider, IRecommender> _innerRecommenderFactory;
    private readonly List<Func<IRecommender, IServiceProvider, IRecommender>> _stages = [];

    /// <summary>Initializes a new instance of the <see cref="RecommenderBuilder"/> class around a recommender.</summary>
    /// <param name="innerRecommender">The innermost recommender.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerRecommender"/> is <see langword="null"/>.</exception>
    public RecommenderBuilder(IRecommender innerRecommender)
    {
        Throw.IfNull(innerRecommender);
        _innerRecommenderFactory = _ => innerRecommender;
    }

    /// <summary>Initializes a new instance of the <see cref="RecommenderBuilder"/> class around a factory of the recommender.</summary>
    /// <param name="innerRecommenderFactory">Creates the innermost recommender from the services.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerRecommenderFactory"/> is <see langword="null"/>.</exception>
    public RecommenderBuilder(Func<IServiceProvider, IRecommender> innerRecommenderFactory) =>
        _innerRecommenderFactory = Throw.IfNull(innerRecommenderFactory);

    /// <summary>Adds a stage.</summary>
    /// <param name="recommenderFactory">Wraps the recommender built so far.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommenderFactory"/> is <see langword="null"/>.</exception>
    public RecommenderBuilder Use(Func<IRecommender, IRecommender> recommenderFactory)
    {
        Throw.IfNull(recommenderFactory);
        return Use((inner, _) => recommenderFactory(inner));
    }

    /// <summary>Adds a stage that reads services.</summary>
    /// <param name="recommenderFactory">Wraps the recommender built so far, given the services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommenderFactory"/> is <see langword="null"/>.</exception>
    public RecommenderBuilder Use(Func<IRecommender, IServiceProvider, IRecommender> recommenderFactory)
    {
        _stages.Add(Throw.IfNull(recommenderFactory));
        return this;
    }

    /// <summary>Builds the pipeline, applying the stages in reverse so that the first added is the outermost.</summary>
    /// <param name="services">The services stages read; <see langword="null"/> for none.</param>
    /// <returns>The outermost recommender.</returns>
    /// <exception cref="InvalidOperationException">A stage returned <see langword="null"/>.</exception>
    public IRecommender Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        IRecommender recommender = _innerRecommenderFactory(services) ??
            throw new InvalidOperationException($"The inner recommender factory of the {nameof(RecommenderBuilder)} returned null.");
        for (int i = _stages.Count - 1; i >= 0; i--)
        {
            recommender = _stages[i](recommender, services) ??
                throw new InvalidOperationException($"The stage at index {i} of the {nameof(RecommenderBuilder)} returned null.");
        }

        return recommender;
    }
}
