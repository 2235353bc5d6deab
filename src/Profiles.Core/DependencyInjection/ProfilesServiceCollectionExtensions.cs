// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Profiles.Core;

/// <summary>Registers the Profiles.Core pipeline with dependency injection.</summary>
public static class ProfilesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipeline's services as singletons: <see cref="ProfilesOptions"/>, <see cref="IIdentityResolver"/>
    /// (<see cref="FellegiSunterResolver"/>), <see cref="IProfileBuilder"/> (<see cref="ProfileBuilder"/>),
    /// <see cref="IProfileEnricher"/> (a <see cref="ChatProfileEnricher"/> over the registered <see cref="IChatClient"/>
    /// with the extractive enricher as fallback and the registered <see cref="IDistributedCache"/> as insight cache, or
    /// the <see cref="ExtractiveProfileEnricher"/> when no chat client is registered), an
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> (<see cref="HashingEmbeddingGenerator"/>, only
    /// when none is registered), <see cref="ProfileFuser"/> (over the registered embedding generator),
    /// <see cref="Evaluator"/>, and <see cref="IRecommender"/> (<see cref="ProfilesOptions.RecommenderFactory"/> over the
    /// <see cref="ProfileModel"/> registered in the container: register the model you built before resolving it).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; <see langword="null"/> for the defaults. It runs once, here.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The configuration set an invalid value (thrown by the options' setters).</exception>
    /// <exception cref="InvalidOperationException">The options are inconsistent (see <see cref="ProfilesOptions.Validate"/>), for
    /// example an <see cref="IChatClient"/> is already registered and <see cref="ProfilesOptions.Vocabulary"/> is empty. A chat
    /// client registered after this call without a vocabulary is reported when <see cref="IProfileEnricher"/> is first
    /// resolved, and a missing <see cref="ProfileModel"/> when <see cref="IRecommender"/> is.</exception>
    /// <remarks><para>Services registered before or after this call with <c>Add*</c> replace the defaults (the last
    /// registration wins), except the embedding generator, which is only added when none is registered yet.</para></remarks>
    public static IServiceCollection AddProfiles(this IServiceCollection services, Action<ProfilesOptions>? configure = null)
    {
        Throw.IfNull(services);
        var configured = new ProfilesOptions();
        configure?.Invoke(configured);
        ProfilesOptions options = configured.Clone();
        options.Validate(chatClientPresent: HasChatClient(services));

        services.AddSingleton(options);
        services.AddSingleton<IIdentityResolver>(_ => new FellegiSunterResolver(options.Identity));
        services.AddSingleton<IProfileBuilder>(_ => new ProfileBuilder(options.ProfileBuilder));
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new HashingEmbeddingGenerator(options.Hashing));
        services.AddSingleton(provider => new ProfileFuser(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), options.Fuser));
        services.AddSingleton(_ => new Evaluator(options.Evaluator));
        services.AddProfileEnricher(provider => CreateEnricher(provider, options));
        services.AddRecommender(provider =>
        {
            ProfileModel model = provider.GetService<ProfileModel>() ?? throw new InvalidOperationException(
                "IRecommender is made from the ProfileModel registered in the container, and none is: build the profiles " +
                "(IProfileBuilder.BuildAsync), register the model (services.AddSingleton(model)), then resolve IRecommender; " +
                "or construct a recommender directly (new SoftmaxRecommender(model)).");
            return options.RecommenderFactory(model) ?? throw new InvalidOperationException("ProfilesOptions.RecommenderFactory returned null.");
        });
        return services;
    }

    private static bool HasChatClient(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IChatClient) && !descriptor.IsKeyedService)
            {
                return true;
            }
        }

        return false;
    }

    private static IProfileEnricher CreateEnricher(IServiceProvider provider, ProfilesOptions options)
    {
        var extractive = new ExtractiveProfileEnricher(options.Extractive);
        IChatClient? chat = options.UseChatClient ? provider.GetService<IChatClient>() : null;
        if (chat is null)
        {
            return extractive;
        }

        options.Validate(chatClientPresent: true);
        var chatOptions = new ChatProfileEnricherOptions(chat)
        {
            Vocabulary = options.Vocabulary,
            Fallback = extractive,
            Cache = options.UseDistributedCache ? provider.GetService<IDistributedCache>() : null,
        };
        ILogger? logger = provider.GetService<ILoggerFactory>()?.CreateLogger<ChatProfileEnricher>();
        return new ChatProfileEnricher(chatOptions, logger);
    }
}
