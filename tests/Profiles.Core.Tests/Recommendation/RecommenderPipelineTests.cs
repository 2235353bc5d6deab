// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Profiles.Core.Tests;

/// <summary>The builder, the logging and caching stages, and dependency injection.</summary>
public class RecommenderPipelineTests
{
    [Fact]
    public async Task Builder_FirstStageIsOutermost_AndGetServiceFindsEveryStage()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var logger = new ListLogger(LogLevel.Debug);
        IRecommender pipeline = new RecommenderBuilder(new EaseRecommender(model)).UseLogging(logger).UseCaching(capacity: 8).Build();

        Assert.IsType<LoggingRecommender>(pipeline);
        Assert.NotNull(pipeline.GetService(typeof(CachingRecommender)));
        Assert.IsType<EaseRecommender>(pipeline.GetService(typeof(ModelRecommender)));
        var metadata = Assert.IsType<RecommenderMetadata>(pipeline.GetService(typeof(RecommenderMetadata)));
        Assert.Equal("ease", metadata.Name);
        Assert.Equal(model.Matrix.Items.Count, metadata.Items);
        Assert.Same(model, pipeline.GetService(typeof(ProfileModel)));
        Assert.Null(pipeline.GetService(typeof(string)));
        Assert.Null(pipeline.GetService(typeof(RecommenderMetadata), "key"));
        pipeline.Dispose();
    }

    [Fact]
    public void Builder_InvalidArguments_ThrowNamingTheParameter()
    {
        Assert.Throws<ArgumentNullException>("innerRecommender", () => new RecommenderBuilder((IRecommender)null!));
        Assert.Throws<ArgumentNullException>("innerRecommenderFactory", () => new RecommenderBuilder((Func<IServiceProvider, IRecommender>)null!));
        var builder = new RecommenderBuilder(_ => null!);
        Assert.Throws<ArgumentNullException>("recommenderFactory", () => builder.Use((Func<IRecommender, IRecommender>)null!));
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<ArgumentNullException>("builder", () => LoggingRecommenderBuilderExtensions.UseLogging(null!));
        Assert.Throws<ArgumentNullException>("builder", () => CachingRecommenderBuilderExtensions.UseCaching(null!));
        Assert.Throws<ArgumentOutOfRangeException>("capacity", () => new RecommenderBuilder(_ => null!).UseCaching(0));
        Assert.Throws<ArgumentNullException>("services", () => RecommenderServiceCollectionExtensions.AddRecommender(null!, _ => null!));
        Assert.Throws<ArgumentNullException>("innerRecommenderFactory", () => new ServiceCollection().AddRecommender((Func<IServiceProvider, IRecommender>)null!));
    }

    [Fact]
    public async Task Caching_SameRequest_ReturnsTheSameListAndCountsHits()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var inner = new FactorRecommender(model);
        var cache = new CachingRecommender(inner, capacity: 3);
        UserProfile[] profiles = [.. RecommendationData.WithHistory(model, 3).Take(5)];

        RecommendationList first = await cache.RecommendAsync(profiles[0]);
        RecommendationList again = await cache.RecommendAsync(profiles[0], new RecommendationOptions());
        Assert.Same(first, again);
        Assert.Equal(inner.Recommend(profiles[0]).Select(r => (r.Item, r.Score)), first.Select(r => (r.Item, r.Score)));
        Assert.Equal((1L, 1L), (cache.Hits, cache.Misses));

        // Other options, another person or a rebuilt profile are other keys; equal option values are the same key.
        RecommendationList shop = await cache.RecommendAsync(profiles[0], new RecommendationOptions { Platforms = [SyntheticWorld.Shop] });
        Assert.All(shop, r => Assert.Equal(SyntheticWorld.Shop, r.Item.Platform));
        Assert.Same(shop, await cache.RecommendAsync(profiles[0], new RecommendationOptions { Platforms = [new PlatformId("shop")] }));
        _ = await cache.RecommendAsync(profiles[0] with { AsOf = profiles[0].AsOf.AddDays(1) });
        Assert.Equal((2L, 3L), (cache.Hits, cache.Misses));
        Assert.Equal(3, cache.Count);

        // Capacity 3: a fourth key evicts the least recently used (the first list).
        _ = await cache.RecommendAsync(profiles[1]);
        Assert.Equal(3, cache.Count);
        RecommendationList recomputed = await cache.RecommendAsync(profiles[0]);
        Assert.NotSame(first, recomputed);
        Assert.Equal(first.Select(r => r.Item), recomputed.Select(r => r.Item));
        Assert.Equal(5L, cache.Misses);

        // Parallel calls agree with sequential ones and are all counted.
        cache.Clear();
        Assert.Equal(0, cache.Count);
        var big = new CachingRecommender(inner, capacity: 100);
        RecommendationList[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => big.RecommendAsync(profiles[i % 5]))));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(inner.Recommend(profiles[i % 5]).Select(r => r.Item), results[i].Select(r => r.Item));
        }

        Assert.Equal(200L, big.Hits + big.Misses);
        Assert.InRange(big.Misses, 5L, 200L);
        Assert.Equal(5, big.Count);
    }

    [Fact]
    public async Task Caching_ProfileChangedWithTheSameAsOf_IsANewEntry()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var inner = new FactorRecommender(model);
        var cache = new CachingRecommender(inner);
        UserProfile profile = RecommendationData.WithHistory(model, 3)[0];
        RecommendationList first = await cache.RecommendAsync(profile);

        // A copy with the same content (a new record, the same or equal vectors) is the same key.
        Assert.Same(first, await cache.RecommendAsync(profile with { }));
        Assert.Same(first, await cache.RecommendAsync(profile with { BehaviourVector = profile.BehaviourVector.ToArray() }));

        // The behaviour vector updated (a fold-in) with the same AsOf: the cache must not serve the old list.
        float[] changed = profile.BehaviourVector.ToArray();
        for (int i = 0; i < changed.Length; i++)
        {
            changed[i] = -changed[i];
        }

        UserProfile updated = profile with { BehaviourVector = changed };
        RecommendationList fresh = await cache.RecommendAsync(updated);
        Assert.NotSame(first, fresh);
        Assert.Equal(inner.Recommend(updated).Select(r => (r.Item, r.Score)), fresh.Select(r => (r.Item, r.Score)));
        Assert.NotEqual(first.Select(r => r.Item), fresh.Select(r => r.Item));

        // So are a re-fused vector, other neighbours and another segment.
        _ = await cache.RecommendAsync(profile with { FusedVector = changed });
        _ = await cache.RecommendAsync(profile with { Neighbours = [.. profile.Neighbours.Skip(1)] });
        _ = await cache.RecommendAsync(profile with { Segment = (profile.Segment ?? 0) + 1 });
        Assert.Equal((2L, 5L), (cache.Hits, cache.Misses));
        Assert.Equal(5, cache.Count);
    }

    [Fact]
    public async Task Logging_DebugAndTrace_LogsRequestsAndPayloadsOnlyAtTrace()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        UserProfile profile = RecommendationData.WithHistory(model, 3)[0];
        var debug = new ListLogger(LogLevel.Debug);
        RecommendationList list = await new LoggingRecommender(new PopularityRecommender(model), debug).RecommendAsync(profile);
        Assert.Equal([4001, 4002], debug.Entries.Select(e => e.Id.Id));
        Assert.DoesNotContain(debug.Entries, e => e.Message.Contains(list[0].Item.ToString(), StringComparison.Ordinal));

        var trace = new ListLogger(LogLevel.Trace);
        _ = await new LoggingRecommender(new PopularityRecommender(model), trace).RecommendAsync(profile);
        (LogLevel level, EventId id, string message) = trace.Entries.Last();
        Assert.Equal((LogLevel.Trace, 4005), (level, id.Id));
        Assert.Contains(list[0].Item.ToString(), message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>("logger", () => new LoggingRecommender(new PopularityRecommender(model), null!));
        var errors = new ListLogger(LogLevel.Debug);
        await Assert.ThrowsAsync<ArgumentNullException>(() => new LoggingRecommender(new PopularityRecommender(model), errors).RecommendAsync(null!));
    }

    [Fact]
    public async Task AddRecommender_WithStages_RegistersThePipelineFactory()
    {
        ProfileModel model = (await RecommendationData.SmallAsync()).Model;
        var logger = new ListLogger(LogLevel.Debug);
        var services = new ServiceCollection();
        RecommenderBuilder builder = services.AddRecommender(sp => new FactorRecommender((ProfileModel)sp.GetService(typeof(ProfileModel))!)).UseLogging().UseCaching();
        Assert.NotNull(builder);
        ServiceDescriptor descriptor = Assert.Single(services);
        Assert.Equal(typeof(IRecommender), descriptor.ServiceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        var provider = new Provider(new() { [typeof(ILoggerFactory)] = logger, [typeof(ProfileModel)] = model });
        var recommender = Assert.IsType<LoggingRecommender>(descriptor.ImplementationFactory!(provider));
        RecommendationList list = await recommender.RecommendAsync(model.Profiles[0]);
        Assert.Equal(10, list.Count);
        Assert.Contains(logger.Entries, e => e.Id.Id == 4002);
        Assert.NotNull(recommender.GetService(typeof(CachingRecommender)));

        var instance = new ServiceCollection();
        var popularity = new PopularityRecommender(model);
        instance.AddRecommender(popularity);
        Assert.Same(popularity, Assert.Single(instance).ImplementationFactory!(new Provider([])));
        Assert.Equal(ServiceLifetime.Scoped, new ServiceCollection().Also(c => c.AddRecommender(_ => popularity, ServiceLifetime.Scoped)).Single().Lifetime);
    }

    private sealed class Provider(System.Collections.Generic.Dictionary<Type, object> services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => services.TryGetValue(serviceType, out object? service) ? service : null;
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static ServiceCollection Also(this ServiceCollection services, Action<ServiceCollection> action)
    {
        action(services);
        return services;
    }
}
