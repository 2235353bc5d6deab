// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>Configures the services <see cref="ProfilesServiceCollectionExtensions.AddProfiles"/> registers: one options
/// object per stage, and the tag vocabulary of LLM enrichment.</summary>
/// <remarks><para>Options are mutable and not thread-safe. <see cref="ProfilesServiceCollectionExtensions.AddProfiles"/>
/// runs the configuration once, validates the result (<see cref="Validate"/>) and registers a copy, so later changes do
/// not affect the services.</para></remarks>
public class ProfilesOptions
{
    /// <summary>Initializes a new instance of the <see cref="ProfilesOptions"/> class with the defaults.</summary>
    public ProfilesOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProfilesOptions"/> class as a copy of <paramref name="other"/>
    /// (every nested options object is copied too).</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected ProfilesOptions(ProfilesOptions other)
    {
        _ = Throw.IfNull(other);
        Identity = other.Identity.Clone();
        ProfileBuilder = other.ProfileBuilder.Clone();
        Extractive = other.Extractive.Clone();
        Hashing = other.Hashing.Clone();
        Fuser = other.Fuser.Clone();
        Evaluator = other.Evaluator.Clone();
        Vocabulary = other.Vocabulary;
        UseChatClient = other.UseChatClient;
        UseDistributedCache = other.UseDistributedCache;
        RecommenderFactory = other.RecommenderFactory;
    }

    /// <summary>Gets or sets the options of the registered <see cref="IIdentityResolver"/> (<see cref="FellegiSunterResolver"/>).</summary>
    /// <value>The default is <see cref="IdentityResolverOptions"/>'s defaults (a random salt per resolver: set
    /// <see cref="IdentityResolverOptions.Salt"/> for hashes that are stable across processes).</value>
    public IdentityResolverOptions Identity { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the options of the registered <see cref="IProfileBuilder"/> (<see cref="Core.ProfileBuilder"/>).</summary>
    /// <value>The default is <see cref="ProfileBuilderOptions"/>'s defaults.</value>
    public ProfileBuilderOptions ProfileBuilder { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the options of the extractive enricher: the registered <see cref="IProfileEnricher"/> when no
    /// chat client is used, and the chat enricher's fallback otherwise.</summary>
    /// <value>The default is <see cref="ExtractiveProfileEnricherOptions"/>'s defaults.</value>
    public ExtractiveProfileEnricherOptions Extractive { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the options of the <see cref="HashingEmbeddingGenerator"/> registered when no
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> is.</summary>
    /// <value>The default is <see cref="HashingEmbeddingOptions"/>'s defaults.</value>
    public HashingEmbeddingOptions Hashing { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the options of the registered <see cref="ProfileFuser"/>.</summary>
    /// <value>The default is <see cref="ProfileFuserOptions"/>'s defaults.</value>
    public ProfileFuserOptions Fuser { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the options of the registered <see cref="Core.Evaluator"/>.</summary>
    /// <value>The default is <see cref="EvaluatorOptions"/>'s defaults.</value>
    public EvaluatorOptions Evaluator { get; set => field = Throw.IfNull(value); } = new();

    /// <summary>Gets or sets the tags the chat enricher may answer with (copied; no tag may be blank or repeated).</summary>
    /// <value>The default is empty. Required (at least one tag) when a registered <c>IChatClient</c> is used.</value>
    public IReadOnlyList<string> Vocabulary
    {
        get;
        set => field = ChatProfileEnricherOptions.CopyVocabulary(Throw.IfNull(value), nameof(value));
    } = Array.Empty<string>();

    /// <summary>Gets or sets a value indicating whether a registered <c>Microsoft.Extensions.AI.IChatClient</c> makes
    /// the registered <see cref="IProfileEnricher"/> a <see cref="ChatProfileEnricher"/> (with the extractive enricher
    /// as its fallback).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseChatClient { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a registered
    /// <c>Microsoft.Extensions.Caching.Distributed.IDistributedCache</c> caches the chat enricher's insights.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseDistributedCache { get; set; } = true;

    /// <summary>Gets or sets how the registered <see cref="IRecommender"/> is made from the <see cref="ProfileModel"/>
    /// registered in the container (register the model you built, for example <c>services.AddSingleton(model)</c>).</summary>
    /// <value>The default makes a <see cref="SoftmaxRecommender"/>: the specification's scorer, which ranks by the fused
    /// vector when profiles have one and by the behaviour vector otherwise.</value>
    public Func<ProfileModel, IRecommender> RecommenderFactory { get; set => field = Throw.IfNull(value); } = static model => new SoftmaxRecommender(model);

    /// <summary>Checks the settings that depend on each other; single settings are checked when set.</summary>
    /// <param name="chatClientPresent">Whether a chat client will be used.</param>
    /// <exception cref="InvalidOperationException">A chat client will be used and <see cref="Vocabulary"/> is empty.</exception>
    public virtual void Validate(bool chatClientPresent)
    {
        if (chatClientPresent && UseChatClient && Vocabulary.Count == 0)
        {
            throw new InvalidOperationException(
                "ProfilesOptions.Vocabulary is empty, but an IChatClient is registered and UseChatClient is true: the chat enricher needs the tags it may answer with. " +
                "Set options.Vocabulary (for example your catalogue's categories), or set options.UseChatClient = false to enrich extractively.");
        }
    }

    /// <summary>Creates a copy of these options (nested options included).</summary>
    /// <returns>The copy.</returns>
    public virtual ProfilesOptions Clone() => new(this);
}
