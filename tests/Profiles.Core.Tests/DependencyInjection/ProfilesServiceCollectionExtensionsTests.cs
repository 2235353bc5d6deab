// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Profiles.Core.Tests;

public sealed class ProfilesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddProfiles_Defaults_RegistersEveryStage()
    {
        using ServiceProvider services = new ServiceCollection().AddProfiles().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.IsType<FellegiSunterResolver>(services.GetRequiredService<IIdentityResolver>());
        Assert.IsType<ProfileBuilder>(services.GetRequiredService<IProfileBuilder>());
        Assert.IsType<HashingEmbeddingGenerator>(services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.NotNull(services.GetRequiredService<ProfileFuser>());
        Assert.NotNull(services.GetRequiredService<Evaluator>());
        IProfileEnricher enricher = services.GetRequiredService<IProfileEnricher>();
        Assert.NotNull(enricher.GetService<ExtractiveProfileEnricher>());
        Assert.Null(enricher.GetService<ChatProfileEnricher>());
    }

    [Fact]
    public void AddProfiles_Configure_OptionsReachTheServices()
    {
        var services = new ServiceCollection();
        ProfilesOptions? seen = null;
        services.AddProfiles(o =>
        {
            o.ProfileBuilder.Factors = 24;
            o.Fuser.Fusion.Alpha = 4f;
            o.Evaluator.Cutoff = 20;
            seen = o;
        });
        seen!.ProfileBuilder.Factors = 99;   // changes after registration do not leak in

        using ServiceProvider provider = services.BuildServiceProvider();
        ProfilesOptions options = provider.GetRequiredService<ProfilesOptions>();
        Assert.Equal(24, options.ProfileBuilder.Factors);
        Assert.Equal(4f, provider.GetRequiredService<ProfileFuser>().Options.Fusion.Alpha);
        Assert.Equal(20, options.Evaluator.Cutoff);
    }

    [Fact]
    public void AddProfiles_ChatClientAndVocabulary_RegistersChatEnricherWithCacheAndFallback()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(new TestChatClient());
        services.AddSingleton<IDistributedCache>(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
        services.AddProfiles(o => o.Vocabulary = ["books", "music"]);

        using ServiceProvider provider = services.BuildServiceProvider();
        IProfileEnricher enricher = provider.GetRequiredService<IProfileEnricher>();
        Assert.NotNull(enricher.GetService<ChatProfileEnricher>());
    }

    [Fact]
    public void AddProfiles_ChatClientWithoutVocabulary_ThrowsAtRegistrationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(new TestChatClient());

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => services.AddProfiles());
        Assert.Contains("ProfilesOptions.Vocabulary", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IProfileEnricher));
    }

    [Fact]
    public void AddProfiles_KeyedChatClientWithoutVocabulary_StaysExtractive()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IChatClient>("other", new TestChatClient());
        services.AddProfiles();

        using ServiceProvider provider = services.BuildServiceProvider();
        IProfileEnricher enricher = provider.GetRequiredService<IProfileEnricher>();
        Assert.NotNull(enricher.GetService<ExtractiveProfileEnricher>());
        Assert.Null(enricher.GetService<ChatProfileEnricher>());
    }

    [Fact]
    public void AddProfiles_ChatClientRegisteredAfterwardsWithoutVocabulary_ThrowsOnFirstResolveNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddProfiles();
        services.AddSingleton<IChatClient>(new TestChatClient());

        using ServiceProvider provider = services.BuildServiceProvider();
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IProfileEnricher>());
        Assert.Contains("ProfilesOptions.Vocabulary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProfiles_UseChatClientOff_StaysExtractive()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(new TestChatClient());
        services.AddProfiles(o => o.UseChatClient = false);

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<IProfileEnricher>().GetService<ExtractiveProfileEnricher>());
    }

    [Fact]
    public void AddProfiles_OwnEmbeddingGenerator_IsKept()
    {
        var services = new ServiceCollection();
        using var own = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 64 });
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(own);
        services.AddProfiles();

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Same(own, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void AddProfiles_NoModelRegistered_RecommenderThrowsSayingWhatToRegister()
    {
        using ServiceProvider provider = new ServiceCollection().AddProfiles().BuildServiceProvider();
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IRecommender>());
        Assert.Contains("services.AddSingleton(model)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddProfiles_ModelRegistered_RecommenderServesIt()
    {
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 200, Seed = 4 });
        var services = new ServiceCollection();
        services.AddProfiles(o =>
        {
            o.ProfileBuilder.Factors = 8;
            o.ProfileBuilder.Iterations = 3;
            o.Identity.Salt = "tests";
            o.RecommenderFactory = m => new FactorRecommender(m);
        });
        ServiceProvider first = services.BuildServiceProvider();
        IdentityGraph graph = await first.GetRequiredService<IIdentityResolver>().ResolveAsync(world.Accounts);
        CleanedEvents clean = new EventCleaner(new EventCleanerOptions { TimeProvider = new FixedTimeProvider(world.TrainingEnd) }).Clean(world.Events);
        ProfileModel model = await first.GetRequiredService<IProfileBuilder>().BuildAsync(
            new ProfileBuildInput(clean.Events, graph, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd });
        await first.DisposeAsync();

        services.AddSingleton(model);
        using ServiceProvider provider = services.BuildServiceProvider();
        IRecommender recommender = provider.GetRequiredService<IRecommender>();
        Assert.Equal("als", recommender.GetService(typeof(RecommenderMetadata)) is RecommenderMetadata m ? m.Name : null);
        RecommendationList list = await recommender.RecommendAsync(model.Profiles[0], new RecommendationOptions { Count = 3 });
        Assert.Equal(3, list.Count);
    }

    [Fact]
    public void AddProfiles_InvalidValues_ThrowAtRegistration()
    {
        Assert.Throws<ArgumentNullException>("services", () => ProfilesServiceCollectionExtensions.AddProfiles(null!));
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>("value", () => services.AddProfiles(o => o.ProfileBuilder.Factors = 0));
        Assert.Throws<ArgumentException>("value", () => services.AddProfiles(o => o.Vocabulary = ["books", " "]));
        Assert.Throws<ArgumentNullException>("value", () => services.AddProfiles(o => o.Fuser = null!));
    }
}
