// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;

namespace Profiles.Core.Tests;

/// <summary>
/// The C# snippets of README.md and docs/*.md, compiled with the tests. Each region between <c>// &lt;snippet name&gt;</c>
/// and <c>// &lt;/snippet&gt;</c> is shown verbatim by the markdown block marked <c>&lt;!-- snippet: path#name --&gt;</c>;
/// <see cref="DocSnippetTests"/> checks that every C# block of the docs is such a copy. The parameters are the
/// variables the surrounding prose introduces (a service provider, a model...).
/// </summary>
internal static class DocSnippets
{
    public static IServiceCollection ReadmeDependencyInjection(IServiceCollection services)
    {
        // <snippet readme-di>
        services.AddProfiles(o => { o.ProfileBuilder.Factors = 32; o.Vocabulary = ["sports", "food", "music"]; });
        // </snippet>
        return services;
    }

    public static async Task<float> ReadmeEventsAsync()
    {
        // <snippet readme-events>
        var report = new IngestionReport();
        IAsyncEnumerable<InteractionEvent> rows = new CsvEventReader().ReadAsync(File.OpenRead("events.csv"), report);
        CleanedEvents clean = await new EventCleaner().CleanAsync(rows, report);
        Console.WriteLine(clean.Report);   // read, accepted, rejected by reason (with line numbers and samples), merged
        float w = SignalWeights.Default.Weight(clean.Events[0], asOf: DateTimeOffset.UtcNow);
        // </snippet>
        return w;
    }

    public static async Task<UserProfile> ReadmeProfilesAsync()
    {
        // <snippet readme-profiles>
        SyntheticWorld world = SyntheticWorld.Generate(new SyntheticWorldOptions { Persons = 3_000 });
        CleanedEvents clean = new EventCleaner().Clean(world.Events);
        IdentityGraph graph = await new FellegiSunterResolver().ResolveAsync(world.Accounts);
        ProfileModel model = await new ProfileBuilder().BuildAsync(
            new ProfileBuildInput(clean.Events, graph, new ItemCatalog(world.Items)) { AsOf = world.TrainingEnd });
        UserProfile someone = model.Profiles[0];   // accounts, activity, interests with evidence, factors, segment, neighbours
        // </snippet>
        return someone;
    }

    public static async Task<float[]> EventsAsync()
    {
        // <snippet events>
        var report = new IngestionReport();                       // accounts for every row read
        await using var file = File.OpenRead("events.csv");
        IAsyncEnumerable<InteractionEvent> rows = new CsvEventReader().ReadAsync(file, report);

        var cleaner = new EventCleaner(new EventCleanerOptions { DuplicateWindow = TimeSpan.FromSeconds(30) });
        CleanedEvents clean = await cleaner.CleanAsync(rows, report);
        Console.WriteLine(clean.Report);   // read 1,000,000, accepted 990,091, rejected 0, merged 9,909 ...

        float[] weights = new float[clean.Events.Count];
        SignalWeights.Default.Weigh(clean.AsSpan(), asOf: DateTimeOffset.UtcNow, weights);
        // </snippet>
        return weights;
    }

    public static CleanedEvents EventsInMemory(string csvText)
    {
        // <snippet events-in-memory>
        var report = new IngestionReport();
        EventBatch batch = new CsvEventReader().ReadAll(csvText, report);    // or ReadAll(TextReader, report)
        CleanedEvents clean = new EventCleaner().CleanInPlace(batch, report); // the batch is taken over, empty afterwards
        // </snippet>
        return clean;
    }

    public static async Task<IdentityGraph> IdentityAsync(IEnumerable<AccountRecord> accounts, string secretFromYourVault)
    {
        // <snippet identity>
        var resolver = new FellegiSunterResolver(new IdentityResolverOptions { Salt = secretFromYourVault });
        IdentityGraph graph = await resolver.ResolveAsync(accounts);           // IEnumerable<AccountRecord>

        PersonId person = graph.PersonOf("shop", "C0000741");
        foreach (IdentityLink link in graph.Explain(person))
            Console.WriteLine(link);   // the two accounts, the rule, the weight, and how each present field compared

        IdentityGraph fixedUp = graph.Split(new("shop", "C0000741"), new("news", "R0003683"));   // a new graph
        IdentityGraph erased = fixedUp.Forget(person);                                          // right to be forgotten
        // </snippet>
        return erased;
    }

    public static float SyntheticWorldTour()
    {
        // <snippet synthetic-world>
        SyntheticWorld world = SyntheticWorld.Default;                 // seed 42, 2,000 persons, generated on first use
        SyntheticWorld big = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Persons = 100_000 });

        SyntheticGroundTruth truth = world.GroundTruth;
        for (int i = 0; i < world.Events.Count; i++)                       // training rows, dirty ones included, in arrival order
        {
            InteractionEvent e = world.Events[i];
            DirtyRowKind why = truth.DirtyKindOf(i);                       // None for a clean row
            int? person = truth.PersonOf(e.Platform, e.Account);           // null for a bot (or an empty id)
        }

        ReadOnlySpan<float> taste = truth.TasteOf(0);                      // person 0's weights over world.Topics, sum 1
        IReadOnlyList<AccountRecord> accounts = truth.AccountsOf(0);       // person 0's accounts, one per platform
        // </snippet>
        return taste[0] + accounts.Count + big.Events.Count;
    }

    public static async Task<EvaluationReport> EvaluationAsync(string folder)
    {
        // <snippet evaluation>
        MovieLensDataset data = await MovieLens.LoadAsync(folder);   // ml-latest-small or ML-100K
        IdentityGraph users = await new FellegiSunterResolver().ResolveAsync(   // one person per MovieLens user
            data.Ratings.Select(e => e.Account).Distinct().Select(a => new AccountRecord(MovieLens.Platform, a)));
        EvaluationSplit split = EvaluationSplit.RandomPerUser(
            data.Ratings, e => users.PersonOf(e.Platform, e.Account).Value);   // 75/25 per user, seed 42

        // Ratings span 1996-2018: every rating is a positive interaction weighted by its stars, with no fading.
        var options = new RecommenderRankingSystemOptions { BuilderOptions = new ProfileBuilderOptions
        {
            SignalWeights = new SignalWeights(new SignalWeightsOptions { HalfLife = TimeSpan.MaxValue, RatingNeutral = 0f }),
        } };
        IRankingSystem popularity = RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), users, data.Movies, options);
        IRankingSystem als = RecommenderRankingSystem.Create("ALS", m => new FactorRecommender(m), users, data.Movies, options);
        EvaluationReport report = await new Evaluator().EvaluateAsync(split, [popularity, als, RankingSystem.Shuffled(als)]);
        Console.WriteLine(report.ToText());
        File.WriteAllText("report.html", report.ToHtml());   // one bar chart per metric, intervals drawn
        File.WriteAllText("report.json", report.ToJson());
        // </snippet>
        return report;
    }

    public static async Task<(CleanedEvents Clean, ItemCatalog Catalog, IReadOnlyList<AccountRecord> Accounts)> GettingStartedOwnDataAsync()
    {
        // <snippet getting-started-own-data>
        var report = new IngestionReport();
        IAsyncEnumerable<InteractionEvent> rows = new CsvEventReader().ReadAsync(File.OpenRead("events.csv"), report);
        CleanedEvents clean = await new EventCleaner().CleanAsync(rows, report);
        ItemCatalog catalog = await ItemCatalog.ReadCsvAsync(File.OpenRead("items.csv"), report);
        IReadOnlyList<AccountRecord> accounts =
        [
            new AccountRecord("shop", "C123") { Email = "ada@example.com", Phone = "+44 20 7946 0001", DisplayName = "Ada L." },
            new AccountRecord("news", "R77") { Email = "ADA@example.com " },   // one record per account on each platform
        ];
        // </snippet>
        return (clean, catalog, accounts);
    }

    public static async Task<UserProfile> GettingStartedEnrichAndFuseAsync(IServiceProvider services, ProfileModel model)
    {
        // <snippet getting-started-enrich-fuse>
        IProfileEnricher enricher = services.GetRequiredService<IProfileEnricher>();      // extractive unless an IChatClient is registered
        EnrichmentRequest[] requests = [.. model.Profiles.Select(p => new EnrichmentRequest(p, model.EventsOf(p.Person).ToArray(), model.Catalog))];
        EnrichmentBatchResult enriched = await enricher.EnrichBatchAsync(requests);
        Console.WriteLine(enriched.Report);                 // enriched / from cache / fallback by reason, calls, tokens

        ProfileFuser fuser = services.GetRequiredService<ProfileFuser>();                   // hashing embedder unless you register another
        ProfileFuserResult fused = await fuser.FuseAsync(model.WithProfiles([.. enriched.Results.Select(r => r.Profile)]));
        UserProfile person = fused.Model.Profiles[0];       // person.Insight, person.TextVector, person.FusedVector
        // </snippet>
        return person;
    }

    public static IServiceCollection GettingStartedLlm(IServiceCollection services)
    {
        // <snippet getting-started-llm>
        services.AddSingleton<IChatClient>(new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.2"));
        services.AddDistributedMemoryCache();
        services.AddProfiles(o => o.Vocabulary = ["sports", "food", "music", "science", "travel", "technology", "fashion", "home"]);
        // </snippet>
        return services;
    }

    public static async Task<EvaluationReport> GettingStartedEvaluateAsync(SyntheticWorld world, CleanedEvents clean, IdentityGraph persons)
    {
        // <snippet getting-started-evaluate>
        Func<InteractionEvent, int> person = e => persons.TryGetPerson(e.Platform, e.Account, out PersonId p) ? p.Value : -1;
        var catalog = new ItemCatalog(world.Items);
        EvaluationSplit split = EvaluationSplit.TemporalCut([.. clean.Events, .. world.FutureEvents], person, world.TrainingEnd);
        // RecommenderRankingSystem builds a model from split.Train for each recommender and ranks every test person:
        IRankingSystem als = RecommenderRankingSystem.Create("ALS", m => new FactorRecommender(m), persons, catalog);
        IRankingSystem popularity = RecommenderRankingSystem.Create("popularity", m => new PopularityRecommender(m), persons, catalog);
        EvaluationReport report = await new Evaluator().EvaluateAsync(split, [popularity, als, RankingSystem.Shuffled(als)]);
        File.WriteAllText("report.html", report.ToHtml());
        // </snippet>
        return report;
    }

    public static async Task<PersonErasure> ReliabilityForgetAsync(PersonId person, IdentityGraph graph, ProfileModel model,
        IRecommender pipeline, IProfileEnricher enricher)
    {
        // <snippet reliability-forget>
        PersonErasure erased = await PersonEraser.EraseAsync(person, graph, model,
            new PersonEraserOptions { Recommenders = { pipeline }, Enricher = enricher });
        // Serve erased.Model with erased.Recommenders, keep erased.Identities, drop the old graph, model and recommenders.
        // </snippet>
        return erased;
    }

    public static async Task<EnrichmentBatchResult> LlmQuickStartAsync(IDistributedCache distributedCache, IReadOnlyList<EnrichmentRequest> requests)
    {
        // <snippet llm-quick-start>
        IChatClient chat = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.2");
        using var enricher = new ChatProfileEnricher(new ChatProfileEnricherOptions(chat)
        {
            Vocabulary = ["books", "music", "cooking", "travel", "sports"],
            Fallback = new ExtractiveProfileEnricher(new() { Vocabulary = ["books", "music", "cooking", "travel", "sports"] }),
            Cache = distributedCache,                       // any IDistributedCache; a second run makes no call
        });

        EnrichmentBatchResult batch = await enricher.EnrichBatchAsync(requests,
            new EnrichmentBatchOptions { MaxConcurrency = 4, MaxCalls = 10_000, MaxTokens = 20_000_000 },
            new Progress<EnrichmentProgress>(p => Console.WriteLine($"{p.Completed}/{p.Total}")));
        Console.WriteLine(batch.Report);   // enriched / from cache / fallback by reason, calls, tokens, corrections, redactions
        // </snippet>
        return batch;
    }

    public static async Task<(RecommendationList ForYou, RecommendationList Fresh)> LlmNewItemsAsync(ProfileModel model, IReadOnlyList<Item> publishedToday, UserProfile profile)
    {
        // <snippet llm-new-items>
        var embedder = new HashingEmbeddingGenerator();                                            // or MiniLMEmbeddingGenerator
        TextProjection projection = await new ProfileFuser(embedder).FitProjectionAsync(model);   // text -> item factors
        using NewItemRecommender mixed = await NewItemRecommender.CreateAsync(model, projection, publishedToday, embedder);
        RecommendationList forYou = await mixed.RecommendAsync(profile);   // catalogue and new items in one list

        IReadOnlyList<float[]> vectors = await projection.ProjectItemsAsync(publishedToday, embedder);   // or pass vectors you keep
        using var shelf = new NewItemRecommender(model, publishedToday, vectors, new() { NewItemsOnly = true, NewItemWeight = 1.5f });
        RecommendationList fresh = await shelf.RecommendAsync(profile, new RecommendationOptions { Count = 5 });
        // </snippet>
        return (forYou, fresh);
    }

    public static IChatClient LlmOllama()
    {
        // <snippet llm-ollama>
        IChatClient chat = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.2");
        // </snippet>
        return chat;
    }

    public static IChatClient LlmOpenAI(string key)
    {
        // <snippet llm-openai>
        var options = new OpenAIClientOptions { Endpoint = new Uri("http://localhost:8000/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        IChatClient chat = new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient("my-model").AsIChatClient();
        // </snippet>
        return chat;
    }

    public static IChatClient LlmOpenTelemetry(Uri uri, ILoggerFactory loggerFactory)
    {
        // <snippet llm-opentelemetry>
        IChatClient chat = new ChatClientBuilder(new OllamaApiClient(uri, "llama3.2"))   // OllamaApiClient is also an embedder
            .UseOpenTelemetry(loggerFactory, sourceName: "MyApp.Enrichment")   // add "MyApp.Enrichment" to your tracer and meter
            .Build();
        // </snippet>
        return chat;
    }
}
