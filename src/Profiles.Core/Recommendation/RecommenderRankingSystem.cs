// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// Evaluates an <see cref="IRecommender"/> as an <see cref="IRankingSystem"/>, leak-free: for each split it builds the
/// profiles from the split's TRAINING events only (<see cref="EvaluationSplit.Train"/>, with the given identities and the
/// catalogue restricted to the training items), creates the recommender from them, and ranks each test user's list with
/// the user's training items excluded and, on a cold-start split, only the hidden platform's items allowed.
/// </summary>
/// <remarks>
/// <para>Each test user's profile is read from the model the recommender reports through
/// <c>GetService(typeof(ProfileModel))</c> (so a factory may return a recommender over enriched or fused profiles made with
/// <see cref="ProfileModel.WithProfiles"/>), or else from the training model.</para>
/// <para>The model and recommender are built once per split, on the first call, and kept while the split is alive. The
/// fading time of the signal weights is the last training event's time, so results do not depend on the clock. Users are
/// ranked in parallel (<see cref="RecommenderRankingSystemOptions.MaxDegreeOfParallelism"/>); the recommenders are
/// thread-safe and each user's list depends only on that user, so results do not depend on the number of threads.</para>
/// <para>Calls for one split from several threads at once are safe; the evaluator makes them one at a time.</para>
/// </remarks>
public sealed class RecommenderRankingSystem : IRankingSystem
{
    private readonly Func<RecommenderTraining, Task<IRecommender>> _factory;
    private readonly IdentityGraph _identities;
    private readonly ItemCatalog _catalog;
    private readonly RecommenderRankingSystemOptions _options;
    private readonly ConditionalWeakTable<EvaluationSplit, Task<State>> _states = [];

    /// <summary>Initializes a new instance of the <see cref="RecommenderRankingSystem"/> class.</summary>
    /// <param name="name">The system's name in the report.</param>
    /// <param name="recommenderFactory">Creates the recommender from a split's training (for example
    /// <c>t =&gt; Task.FromResult&lt;IRecommender&gt;(new EaseRecommender(t.Model))</c>).</param>
    /// <param name="identities">Maps the events' accounts to persons (the same graph for training and test).</param>
    /// <param name="catalog">The items with their metadata (restricted to each split's training items).</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public RecommenderRankingSystem(string name, Func<RecommenderTraining, Task<IRecommender>> recommenderFactory, IdentityGraph identities,
        ItemCatalog catalog, RecommenderRankingSystemOptions? options = null)
    {
        Throw.IfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            Throw.Argument(nameof(name), "A system needs a name to label the report.");
        }

        Name = name;
        _factory = Throw.IfNull(recommenderFactory);
        _identities = Throw.IfNull(identities);
        _catalog = Throw.IfNull(catalog);
        _options = options?.Clone() ?? new RecommenderRankingSystemOptions();
    }

    /// <summary>Creates a system from a synchronous factory of the recommender.</summary>
    /// <param name="name">The system's name in the report.</param>
    /// <param name="recommenderFactory">Creates the recommender from the model of a split's training events (for example
    /// <c>m =&gt; new EaseRecommender(m)</c>).</param>
    /// <param name="identities">Maps the events' accounts to persons.</param>
    /// <param name="catalog">The items with their metadata.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The system.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static RecommenderRankingSystem Create(string name, Func<ProfileModel, IRecommender> recommenderFactory, IdentityGraph identities,
        ItemCatalog catalog, RecommenderRankingSystemOptions? options = null)
    {
        Throw.IfNull(recommenderFactory);
        return new RecommenderRankingSystem(name, training => Task.FromResult(recommenderFactory(training.Model)), identities, catalog, options);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="split"/> or <paramref name="users"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public async Task<IReadOnlyList<IReadOnlyList<ItemKey>>> RankAsync(EvaluationSplit split, IReadOnlyList<int> users, int count,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(split);
        Throw.IfNull(users);
        Throw.IfLessThan(count, 1);
        State state = await GetStateAsync(split, cancellationToken).ConfigureAwait(false);
        var lists = new IReadOnlyList<ItemKey>[users.Count];
        int threads = _options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, users.Count, parallel, async (i, ct) =>
        {
            int user = users[i];
            PersonId person = state.PersonOf(split, user);
            UserProfile profile = state.Profiles.TryGetProfile(person, out UserProfile? known) ? known
                : new UserProfile(person) { AsOf = state.Profiles.AsOf };
            var options = new RecommendationOptions
            {
                Count = count,
                SeenItems = TrainingItems(split, user),
                Platforms = split.TargetPlatforms.TryGetValue(user, out PlatformId target) ? [target] : null,
            };
            RecommendationList list = await state.Recommender.RecommendAsync(profile, options, ct).ConfigureAwait(false);
            lists[i] = list.ToItemKeys();
        }).ConfigureAwait(false);
        return lists;
    }

    /// <summary>Returns the recommender trained for <paramref name="split"/> (training it on first use).</summary>
    /// <param name="split">The split.</param>
    /// <param name="cancellationToken">Cancels the training.</param>
    /// <returns>The recommender and what it was trained from.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="split"/> is <see langword="null"/>.</exception>
    public async Task<(IRecommender Recommender, RecommenderTraining Training)> GetRecommenderAsync(EvaluationSplit split, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(split);
        State state = await GetStateAsync(split, cancellationToken).ConfigureAwait(false);
        return (state.Recommender, state.Training);
    }

    private Task<State> GetStateAsync(EvaluationSplit split, CancellationToken cancellationToken)
    {
        Task<State> task;
        lock (_states)
        {
            task = _states.GetValue(split, s => TrainAsync(s, cancellationToken));
        }

        return task;
    }

    private async Task<State> TrainAsync(EvaluationSplit split, CancellationToken cancellationToken)
    {
        ProfileBuildInput input = RecommenderTraining.InputOf(split.Train, _identities, _catalog);
        ProfileBuilderOptions builderOptions = _options.BuilderOptions.Clone();
        ProfileModel model = await new ProfileBuilder(builderOptions).BuildAsync(input, null, cancellationToken).ConfigureAwait(false);
        var training = new RecommenderTraining(split, input, builderOptions.Clone(), model, cancellationToken);
        IRecommender recommender = await _factory(training).ConfigureAwait(false) ??
            throw new InvalidOperationException($"The recommender factory of '{Name}' returned null.");
        Dictionary<int, PersonId> persons = DefaultPersons(split, _identities);
        Func<EvaluationSplit, int, PersonId?>? custom = _options.PersonOf;
        // The recommender may serve a model with other profiles than the training model (enriched, fused: see
        // ProfileModel.WithProfiles); the profiles are read from the model it reports.
        ProfileModel profiles = recommender.GetService(typeof(ProfileModel)) as ProfileModel ?? model;
        return new State(training, recommender, profiles, (s, user) =>
            (custom is not null ? custom(s, user) : persons.TryGetValue(user, out PersonId p) ? p : null) ?? new PersonId(-1 - user));
    }

    /// <summary>Maps each user to the person who asks: on a cold-start split the person of the user's account on the hidden
    /// platform (from the held-out events' account ids only), else the person of the user's first training event.</summary>
    internal static Dictionary<int, PersonId> DefaultPersons(EvaluationSplit split, IdentityGraph identities)
    {
        var persons = new Dictionary<int, PersonId>();
        if (split.TargetPlatforms.Count > 0)
        {
            foreach (InteractionEvent e in split.Test)
            {
                int user = split.UserKey(e);
                if (user >= 0 && !persons.ContainsKey(user) && split.TargetPlatforms.TryGetValue(user, out PlatformId target) && e.Platform == target &&
                    identities.TryGetPerson(e.Platform, e.Account, out PersonId person))
                {
                    persons.Add(user, person);
                }
            }
        }

        foreach (InteractionEvent e in split.Train)
        {
            int user = split.UserKey(e);
            if (user >= 0 && !persons.ContainsKey(user) && !split.TargetPlatforms.ContainsKey(user) && identities.TryGetPerson(e.Platform, e.Account, out PersonId person))
            {
                persons.Add(user, person);
            }
        }

        return persons;
    }

    private static ItemKey[] TrainingItems(EvaluationSplit split, int user)
    {
        ReadOnlySpan<int> indices = split.TrainingItemIndices(user).Span;
        var items = new ItemKey[indices.Length];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = split.Catalog[indices[i]];
        }

        return items;
    }

    private sealed record State(RecommenderTraining Training, IRecommender Recommender, ProfileModel Profiles, Func<EvaluationSplit, int, PersonId> PersonOf);
}
