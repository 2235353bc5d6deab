// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Profiles.Core;

namespace Profiles.Demo;

/// <summary>
/// The end-to-end pipeline of the demo, one method per stage: load (the synthetic world or MovieLens), ingest, resolve
/// identities, split and build profiles, enrich, fuse, evaluate (before vs after enrichment, and cross-platform cold
/// start), pick example persons and write the reports. Each stage keeps its result in a property, so the console
/// prints between stages and tests read the results.
/// </summary>
internal sealed class DemoPipeline : IDisposable
{
    private readonly DemoOptions _options;
    private readonly IStageRunner _stages;
    private readonly Dictionary<AccountKey, AccountRecord> _records = [];
    private IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private IProfileEnricher? _enricher;
    private IChatClient? _chat;
    private JsonFileDistributedCache? _cache;
    private SignalWeights _weights = SignalWeights.Default;

    /// <summary>Initializes a new instance of the <see cref="DemoPipeline"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="stages">Runs the long stages (with progress bars on the console).</param>
    public DemoPipeline(DemoOptions options, IStageRunner? stages = null)
    {
        _options = options;
        _stages = stages ?? SilentStageRunner.Instance;
    }

    /// <summary>Gets the options.</summary>
    public DemoOptions Options => _options;

    /// <summary>Gets the synthetic world; <see langword="null"/> for MovieLens.</summary>
    public SyntheticWorld? World { get; private set; }

    /// <summary>Gets a one-line description of the data.</summary>
    public string DataDescription { get; private set; } = string.Empty;

    /// <summary>Gets the catalogue.</summary>
    public ItemCatalog Catalog { get; private set; } = new();

    /// <summary>Gets the raw training rows, dirty ones included.</summary>
    public IReadOnlyList<InteractionEvent> RawEvents { get; private set; } = [];

    /// <summary>Gets the held-out events after the training window (world only).</summary>
    public IReadOnlyList<InteractionEvent> FutureEvents { get; private set; } = [];

    /// <summary>Gets the accounts to resolve.</summary>
    public IReadOnlyList<AccountRecord> Accounts { get; private set; } = [];

    /// <summary>Gets the cleaned events and the ingestion report.</summary>
    public CleanedEvents? Clean { get; private set; }

    /// <summary>Gets the identity graph.</summary>
    public IdentityGraph? Graph { get; private set; }

    /// <summary>Gets the identity scores against the ground truth (world only).</summary>
    public IdentityScores? IdentityScores { get; private set; }

    /// <summary>Gets the evaluation split (temporal for the world, random per user for MovieLens).</summary>
    public EvaluationSplit? Split { get; private set; }

    /// <summary>Gets the behaviour-only model built on the split's training events.</summary>
    public ProfileModel? Model { get; private set; }

    /// <summary>Gets the enrichment run.</summary>
    public EnrichmentBatchResult? Enrichment { get; private set; }

    /// <summary>Gets the name of the enricher used.</summary>
    public string EnricherName { get; private set; } = string.Empty;

    /// <summary>Gets why the LLM was not used, when <c>--llm</c> was given but the server could not be reached.</summary>
    public string? LlmUnreachable { get; private set; }

    /// <summary>Gets notes about the LLM setup (for example a missing API key).</summary>
    public string? LlmNote { get; private set; }

    /// <summary>Gets the fusion run (its model has insights, text vectors and fused vectors).</summary>
    public ProfileFuserResult? Fusion { get; private set; }

    /// <summary>Gets the fusion options used.</summary>
    public ProfileFuserOptions FuserOptions { get; private set; } = new();

    /// <summary>Gets the tuning run (<c>--tune</c>); <see langword="null"/> when the settings came from the command line.</summary>
    public FusionTuningResult? Tuning { get; private set; }

    /// <summary>Gets the cold-start tuning run (<c>--tune</c> on the world); <see langword="null"/> otherwise.</summary>
    public FusionTuningResult? ColdStartTuning { get; private set; }

    /// <summary>Gets the fusion options the cold-start stage uses (tuned for cold start with <c>--tune</c>).</summary>
    public ProfileFuserOptions ColdStartFuserOptions { get; private set; } = new();

    /// <summary>Gets the text projection's R² on the items it was fitted on.</summary>
    public double ProjectionRSquared { get; private set; }

    /// <summary>Gets the main evaluation: popularity, behaviour only, fused, and the fused system's shuffled control.</summary>
    public EvaluationReport? Evaluation { get; private set; }

    /// <summary>Gets the cross-platform cold-start evaluation (world only, when enabled).</summary>
    public EvaluationReport? ColdStartEvaluation { get; private set; }

    /// <summary>Gets the example persons.</summary>
    public IReadOnlyList<ExamplePerson> Examples { get; private set; } = [];

    /// <summary>Gets the files written.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    /// <summary>Gets the wall time of every stage, in order.</summary>
    public List<(string Stage, TimeSpan Elapsed)> Timings { get; } = [];

    /// <summary>The name of the behaviour-only system in the reports.</summary>
    public const string BehaviourSystem = "ALS, behaviour only";

    private readonly List<IDisposable> _disposables = [];

    /// <summary>The name of the fused system in the reports.</summary>
    public const string FusedSystem = "ALS + enrichment (fused)";

    /// <summary>The name of the item-kNN baseline in the reports.</summary>
    public const string ItemKnnSystem = "item-kNN";

    /// <summary>The name of the popularity baseline in the reports.</summary>
    public const string PopularitySystem = "popularity";

    /// <summary>The name of the shuffled control in the reports.</summary>
    public const string ShuffledSystem = FusedSystem + " (shuffled)";

    /// <summary>Runs every stage without printing, for tests and for callers that only want the results.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The pipeline with every stage's result.</returns>
    public static async Task<DemoPipeline> RunAsync(DemoOptions options, CancellationToken cancellationToken = default)
    {
        var pipeline = new DemoPipeline(options);
        try
        {
            await pipeline.LoadAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.IngestAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.ResolveAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.BuildAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.EnrichAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.TuneAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.FuseAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.EvaluateAsync(cancellationToken).ConfigureAwait(false);
            await pipeline.ColdStartAsync(cancellationToken).ConfigureAwait(false);
            pipeline.PickExamples();
            pipeline.WriteReports();
            return pipeline;
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>Generates the synthetic world or loads MovieLens.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (_options.MovieLensFolder is { } folder)
        {
            MovieLensDataset data = await _stages.RunAsync("Loading MovieLens", async _ =>
                await MovieLens.LoadAsync(folder, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Catalog = data.Movies;
            RawEvents = [.. data.Ratings, .. data.Tags];
            var accounts = new List<AccountRecord>();
            var known = new HashSet<AccountId>();
            foreach (InteractionEvent e in RawEvents)
            {
                if (!e.Account.IsEmpty && known.Add(e.Account))
                {
                    accounts.Add(new AccountRecord(MovieLens.Platform, e.Account));
                }
            }

            Accounts = accounts;

            // Ratings span 1996-2018: no time decay, and every rating is an interaction (as the evaluation counts it),
            // weighted by its stars rather than by stars - 3.
            _weights = new SignalWeights(new SignalWeightsOptions { HalfLife = TimeSpan.FromDays(365 * 100), RatingNeutral = 0 });
            DataDescription = $"MovieLens at {Path.GetFullPath(folder)}: {data.Ratings.Count:N0} ratings, {data.Tags.Count:N0} tags, {Catalog.Count:N0} movies, {accounts.Count:N0} users";
        }
        else
        {
            var worldOptions = new SyntheticWorldOptions { Persons = _options.Persons, Seed = (ulong)_options.Seed };
            World = await _stages.RunAsync("Generating the synthetic world", progress => Task.Run(
                () => SyntheticWorld.Generate(worldOptions, new SyncProgress<SyntheticWorldProgress>(p => progress.Report(new(p.Completed, p.Total))), cancellationToken),
                cancellationToken)).ConfigureAwait(false);
            Catalog = new ItemCatalog(World.Items);
            RawEvents = World.Events;
            FutureEvents = World.FutureEvents;
            Accounts = World.Accounts;
            DataDescription = $"synthetic world, seed {_options.Seed}: {_options.Persons:N0} persons, {World.Platforms.Count} platforms ({string.Join(", ", World.Platforms)}), " +
                $"{World.Items.Count:N0} items, {World.Accounts.Count:N0} accounts, {RawEvents.Count:N0} training rows, {FutureEvents.Count:N0} held-out future events";
        }

        foreach (AccountRecord record in Accounts)
        {
            _records[new AccountKey(record.Platform, record.Account)] = record;
        }

        Timings.Add(("load", clock.Elapsed));
    }

    /// <summary>Cleans the raw rows: duplicates, bad timestamps, invalid values, unknown kinds, bots.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task IngestAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        DateTimeOffset now = World?.TrainingEnd ?? MaxTimestamp(RawEvents).AddDays(1);
        var cleaner = new EventCleaner(new EventCleanerOptions
        {
            TimeProvider = new FixedTimeProvider(now),

            // MovieLens users bulk-rate at sign-up: real people, not bots (docs/events.md).
            DetectBots = World is not null,
        });
        Clean = await _stages.RunAsync("Ingesting and cleaning events", _ =>
            Task.Run(() => cleaner.Clean(RawEvents, cancellationToken: cancellationToken), cancellationToken)).ConfigureAwait(false);
        Timings.Add(("ingest", clock.Elapsed));
    }

    /// <summary>Resolves accounts into persons and, on the world, scores the result against the ground truth.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task ResolveAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var resolver = new FellegiSunterResolver(new IdentityResolverOptions { Salt = "profiles-demo", Seed = _options.Seed });
        int stages = Enum.GetValues<IdentityStage>().Length;
        Graph = await _stages.RunAsync("Resolving identities", progress => resolver.ResolveAsync(Accounts,
            new SyncProgress<IdentityProgress>(p => progress.Report(new(((int)p.Stage * 1000.0) + (p.Total > 0 ? 1000.0 * p.Completed / p.Total : 0), stages * 1000.0))),
            cancellationToken)).ConfigureAwait(false);
        if (World is not null)
        {
            IdentityScores = IdentityScores.Compute(World, Graph);
        }

        Timings.Add(("identity", clock.Elapsed));
    }

    /// <summary>Splits the events for evaluation and builds the behaviour profiles on the training side only.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IdentityGraph graph = Graph!;
        Func<InteractionEvent, int> person = PersonKey(graph);
        var splitOptions = new EvaluationSplitOptions { Seed = _options.Seed };
        if (World is not null)
        {
            // Train on the training window, test on what the persons did in the 14 days after it.
            Split = EvaluationSplit.TemporalCut([.. Clean!.Events, .. FutureEvents], person, World.TrainingEnd, splitOptions);
        }
        else
        {
            Split = EvaluationSplit.RandomPerUser(Clean!.Events, person, splitOptions);
        }

        Model = await BuildModelAsync("Building profiles (ALS, segments, neighbours)", Split.Train, cancellationToken).ConfigureAwait(false);
        Timings.Add(("profiles", clock.Elapsed));
    }

    /// <summary>Enriches every profile (extractive by default, or through the LLM with the extractive enricher as fallback).</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task EnrichAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _enricher ??= await CreateEnricherAsync(cancellationToken).ConfigureAwait(false);
        Enrichment = await EnrichModelAsync("Enriching profiles", Model!, cancellationToken).ConfigureAwait(false);
        _cache?.Flush();
        Timings.Add(("enrichment", clock.Elapsed));
    }

    /// <summary>With <c>--tune</c>, picks alpha, lambda and the step limit on a validation split carved from the training
    /// events only (<see cref="FusionTuner"/>); otherwise does nothing.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task TuneAsync(CancellationToken cancellationToken)
    {
        FuserOptions = new ProfileFuserOptions
        {
            Fusion = new ProfileFusionOptions { Alpha = _options.Alpha, Lambda = _options.Lambda, MaxIterations = _options.Steps },
            TextPriorItems = _options.TextPrior,
        };
        ColdStartFuserOptions = FuserOptions;
        if (!_options.Tune)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        _embedder ??= CreateEmbedder();
        _enricher ??= await CreateEnricherAsync(cancellationToken).ConfigureAwait(false);
        var input = new ProfileBuildInput(Split!.Train, Graph!, Catalog) { AsOf = AsOf(Split.Train) };
        Tuning = await TuneOnAsync("Tuning fusion on a validation split of the training data", SplitKind.RandomPerUser, input, _options.Seed, cancellationToken).ConfigureAwait(false);
        _cache?.Flush();
        FuserOptions = Tuning.ApplyBest(FuserOptions);
        Timings.Add(("tuning", clock.Elapsed));
    }

    /// <summary>Embeds the insights, projects them into the item space and fuses them with the behaviour vectors.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task FuseAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _embedder ??= CreateEmbedder();
        ProfileModel enriched = Model!.WithProfiles([.. Enrichment!.Results.Select(r => r.Profile)]);
        (Fusion, ProjectionRSquared) = await FuseModelAsync("Fusing behaviour and text", enriched, FuserOptions, cancellationToken).ConfigureAwait(false);
        Timings.Add(("fusion", clock.Elapsed));
    }

    /// <summary>Evaluates popularity, behaviour only, fused, and the fused system's shuffled control on the split.</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ProfileModel fused = Fusion!.Model;
        var fusedSystem = new RecommenderSystem(FusedSystem, Track(new SoftmaxRecommender(fused)), fused);
        IRankingSystem[] systems =
        [
            new RecommenderSystem(PopularitySystem, Track(new PopularityRecommender(Model!)), Model!),
            new RecommenderSystem(ItemKnnSystem, Track(new ItemKnnRecommender(Model!, null, cancellationToken)), Model!),
            new RecommenderSystem(BehaviourSystem, Track(new FactorRecommender(Model!)), Model!),
            fusedSystem,
            RankingSystem.Shuffled(fusedSystem, _options.Seed),
        ];
        Evaluation = await EvaluateSystemsAsync("Evaluating (bootstrap CIs)", Split!, systems, cancellationToken).ConfigureAwait(false);
        Timings.Add(("evaluation", clock.Elapsed));
    }

    /// <summary>Evaluates cross-platform cold start: a quarter of the multi-platform persons lose everything they did on one
    /// platform; profiles are rebuilt without it and that platform's items are recommended from the rest (world only).</summary>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>A task that completes with the stage.</returns>
    public async Task ColdStartAsync(CancellationToken cancellationToken)
    {
        if (World is null || !_options.ColdStart)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        EvaluationSplit split = EvaluationSplit.CrossPlatformColdStart(Split!.Train, PersonKey(Graph!), new EvaluationSplitOptions { Seed = _options.Seed });
        if (_options.Tune)
        {
            // Tune for cold start on this split's training side only, with another seed, so other persons are hidden.
            var input = new ProfileBuildInput(split.Train, Graph!, Catalog) { AsOf = AsOf(split.Train) };
            ColdStartTuning = await TuneOnAsync("Cold start: tuning fusion on the training data", SplitKind.CrossPlatformColdStart, input, _options.Seed + 1, cancellationToken)
                .ConfigureAwait(false);
            ColdStartFuserOptions = ColdStartTuning.ApplyBest(ColdStartFuserOptions);
            _cache?.Flush();
        }

        ProfileModel model = await BuildModelAsync("Cold start: rebuilding profiles without the hidden platform", split.Train, cancellationToken).ConfigureAwait(false);
        EnrichmentBatchResult enrichment = await EnrichModelAsync("Cold start: enriching", model, cancellationToken).ConfigureAwait(false);
        _cache?.Flush();
        ProfileModel enriched = model.WithProfiles([.. enrichment.Results.Select(r => r.Profile)]);
        (ProfileFuserResult fusion, _) = await FuseModelAsync("Cold start: fusing", enriched, ColdStartFuserOptions, cancellationToken).ConfigureAwait(false);
        IRankingSystem[] systems =
        [
            // Every model recommender serves a person new on a platform through the joint ALS factors (item-kNN too, so it
            // would repeat the behaviour-only row): behaviour only against behaviour + text is the comparison here.
            new RecommenderSystem(PopularitySystem, Track(new PopularityRecommender(model)), model),
            new RecommenderSystem(BehaviourSystem, Track(new FactorRecommender(model)), model),
            new RecommenderSystem(FusedSystem, Track(new SoftmaxRecommender(fusion.Model)), fusion.Model),
        ];
        ColdStartEvaluation = await EvaluateSystemsAsync("Cold start: evaluating", split, systems, cancellationToken).ConfigureAwait(false);
        Timings.Add(("cold start", clock.Elapsed));
    }

    /// <summary>Picks the example persons: active on the most platforms, with a moderate history, in person order.</summary>
    public void PickExamples()
    {
        ProfileModel model = Fusion!.Model;
        var candidates = model.Profiles
            .Where(p => p.Insight is not null && p.FusedVector.Length == model.Factors.Rank)
            .Select(p => (Profile: p, Platforms: p.Activity.Count, Events: model.EventsOf(p.Person).Length))
            .Where(c => c.Events is >= 15 and <= 80)
            .OrderByDescending(c => c.Platforms)
            .ThenBy(c => c.Profile.Person.Value)
            .Take(_options.Examples)
            .ToList();
        var future = new HashSet<(int, ItemKey)>();
        foreach (InteractionEvent e in Split!.Test)
        {
            int person = Split.UserKey(e);
            if (person >= 0)
            {
                future.Add((person, new ItemKey(e.Platform, e.Item)));
            }
        }

        using var recommender = new SoftmaxRecommender(model);
        Examples = [.. candidates.Select(c => ExamplePerson.Create(model, recommender, c.Profile, _records, World, future, 5))];
    }

    /// <summary>Writes the HTML and JSON evaluation reports to the output folder.</summary>
    public void WriteReports()
    {
        string folder = Path.GetFullPath(_options.Output);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        string html = Path.Combine(folder, "evaluation.html");
        File.WriteAllText(html, Evaluation!.ToHtml());
        files.Add(html);
        string json = Path.Combine(folder, "evaluation.json");
        File.WriteAllText(json, Evaluation.ToJson());
        files.Add(json);
        if (ColdStartEvaluation is not null)
        {
            string coldHtml = Path.Combine(folder, "cold-start.html");
            File.WriteAllText(coldHtml, ColdStartEvaluation.ToHtml());
            files.Add(coldHtml);
            string coldJson = Path.Combine(folder, "cold-start.json");
            File.WriteAllText(coldJson, ColdStartEvaluation.ToJson());
            files.Add(coldJson);
        }

        Files = files;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        _cache?.Flush();
        _enricher?.Dispose();
        _chat?.Dispose();
        _embedder?.Dispose();
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static Func<InteractionEvent, int> PersonKey(IdentityGraph graph) =>
        e => graph.TryGetPerson(e.Platform, e.Account, out PersonId person) ? person.Value : -1;

    private static DateTimeOffset MaxTimestamp(IReadOnlyList<InteractionEvent> events)
    {
        DateTimeOffset max = DateTimeOffset.UnixEpoch;
        foreach (InteractionEvent e in events)
        {
            if (e.Timestamp > max && e.Timestamp.Year < 9000)
            {
                max = e.Timestamp;
            }
        }

        return max;
    }

    private Task<FusionTuningResult> TuneOnAsync(string title, SplitKind protocol, ProfileBuildInput input, int seed, CancellationToken cancellationToken)
    {
        var tuner = new FusionTuner(CreateBuilder(), _enricher!, _embedder!, new FusionTunerOptions
        {
            Seed = seed,
            Cutoff = _options.Cutoff,
            Protocol = protocol,
            Fuser = FuserOptions,
            TextPriors = [double.PositiveInfinity, 30, 3],
            MaxValidationPersons = _chat is null ? 5_000 : Math.Max(1, _options.LlmMaxCalls),
        });
        string[] stages = ["profiles", "enrichment", "embedding", "grid"];
        return _stages.RunAsync(title, progress => tuner.TuneAsync(input,
            new SyncProgress<FusionTuningProgress>(p => progress.Report(new((Array.IndexOf(stages, p.Stage) * 100.0) + (p.Total > 0 ? 100.0 * p.Completed / p.Total : 0), 400))),
            cancellationToken));
    }

    private ProfileBuilder CreateBuilder() =>
        new(new ProfileBuilderOptions { Factors = _options.Factors, Iterations = _options.Iterations, Seed = _options.Seed, SignalWeights = _weights });

    private DateTimeOffset AsOf(IReadOnlyList<InteractionEvent> events) => World?.TrainingEnd ?? MaxTimestamp(events);

    private Task<ProfileModel> BuildModelAsync(string title, IReadOnlyList<InteractionEvent> events, CancellationToken cancellationToken)
    {
        ProfileBuilder builder = CreateBuilder();
        var input = new ProfileBuildInput(events, Graph!, Catalog) { AsOf = AsOf(events) };
        return _stages.RunAsync(title, progress => builder.BuildAsync(input,
            new SyncProgress<ProfileBuildProgress>(p => progress.Report(new(p.Completed, p.Total))), cancellationToken));
    }

    private async Task<EnrichmentBatchResult> EnrichModelAsync(string title, ProfileModel model, CancellationToken cancellationToken)
    {
        var requests = new EnrichmentRequest[model.Profiles.Count];
        for (int i = 0; i < requests.Length; i++)
        {
            UserProfile profile = model.Profiles[i];
            var accounts = new List<AccountRecord>(profile.Accounts.Count);
            foreach (AccountKey account in profile.Accounts)
            {
                if (_records.TryGetValue(account, out AccountRecord? record))
                {
                    accounts.Add(record);
                }
            }

            requests[i] = new EnrichmentRequest(profile, model.EventsOf(profile.Person).ToArray(), Catalog) { Accounts = accounts };
        }

        var batch = new EnrichmentBatchOptions();
        if (_chat is not null)
        {
            batch.MaxConcurrency = _options.LlmConcurrency;
            batch.MaxCalls = _options.LlmMaxCalls;
        }
        else
        {
            batch.MaxConcurrency = Environment.ProcessorCount;
        }

        return await _stages.RunAsync(title, progress => _enricher!.EnrichBatchAsync(requests, batch,
            new SyncProgress<EnrichmentProgress>(p => progress.Report(new(p.Completed, p.Total))), cancellationToken)).ConfigureAwait(false);
    }

    private async Task<(ProfileFuserResult Result, double RSquared)> FuseModelAsync(string title, ProfileModel model, ProfileFuserOptions options,
        CancellationToken cancellationToken)
    {
        var fuser = new ProfileFuser(_embedder!, options);
        return await _stages.RunAsync(title, async progress =>
        {
            // Three steps of unequal length; give each a third of the bar.
            string[] steps = ["projection", "embedding", "fusion"];
            var inner = new SyncProgress<ProfileFuserProgress>(p =>
            {
                int step = Array.IndexOf(steps, p.Stage);
                progress.Report(new((step * 100.0) + (p.Total > 0 ? 100.0 * p.Completed / p.Total : 0), 300));
            });
            TextProjection projection = await fuser.FitProjectionAsync(model, inner, cancellationToken).ConfigureAwait(false);
            ProfileModel embedded = await fuser.EmbedAsync(model, projection, inner, cancellationToken).ConfigureAwait(false);
            ProfileFuserResult result = await Task.Run(() => fuser.Fuse(embedded, inner, cancellationToken), cancellationToken).ConfigureAwait(false);
            return (result, projection.TrainingRSquared);
        }).ConfigureAwait(false);
    }

    private async Task<EvaluationReport> EvaluateSystemsAsync(string title, EvaluationSplit split, IReadOnlyList<IRankingSystem> systems, CancellationToken cancellationToken)
    {
        var evaluator = new Evaluator(new EvaluatorOptions { Cutoff = _options.Cutoff, BootstrapSamples = _options.BootstrapSamples, Seed = _options.Seed });
        string[] names = [.. systems.Select(s => s.Name)];
        return await _stages.RunAsync(title, progress => evaluator.EvaluateAsync(split, systems, new SyncProgress<EvaluationProgress>(p =>
        {
            int index = Array.IndexOf(names, p.System);
            double users = Math.Max(1, p.TotalUsers);
            progress.Report(index < 0 ? new(names.Length, names.Length + 1) : new(index + (p.CompletedUsers / users), names.Length + 1));
        }), cancellationToken)).ConfigureAwait(false);
    }

    private IEmbeddingGenerator<string, Embedding<float>> CreateEmbedder()
    {
        if (_options.Embedder == EmbedderKind.MiniLM)
        {
            return new MemoizingEmbeddingGenerator(new MiniLMEmbeddingGenerator());
        }

        // Inverse document frequencies from the item texts, so that words every title shares weigh little.
        return HashingEmbeddingGenerator.Fit(Catalog.Select(TextProjection.ItemText), new HashingEmbeddingOptions { Dimensions = 512 });
    }

    private async Task<IProfileEnricher> CreateEnricherAsync(CancellationToken cancellationToken)
    {
        var extractive = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { SignalWeights = _weights });
        EnricherName = "extractive (the top items' categories and titles; no model)";
        if (_options.Llm is not { } llm)
        {
            return extractive;
        }

        string? unreachable = await llm.ProbeAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (unreachable is not null)
        {
            LlmUnreachable = $"{llm} is unreachable ({unreachable}); enriching with the extractive enricher instead";
            return extractive;
        }

        _chat = llm.CreateClient(out string? note);
        LlmNote = note;
        _cache = new JsonFileDistributedCache(Path.Combine(_options.Output, "insight-cache.json"));
        string[] vocabulary = [.. Catalog.SelectMany(i => i.Categories).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
        EnricherName = $"chat: {llm} (insight cache {_cache.Path}, {_cache.Count:N0} entries; at most {_options.LlmMaxCalls:N0} calls, then extractive)";
        return new ChatProfileEnricher(new ChatProfileEnricherOptions(_chat)
        {
            Vocabulary = vocabulary,
            Fallback = extractive,
            Cache = _cache,
            SignalWeights = _weights,
        });
    }

    /// <summary>A clock that always says the same time: the end of the training window.</summary>
    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
