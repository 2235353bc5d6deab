// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Forgets a person everywhere in one call: the identity graph, the profile model (profiles, events, matrix,
/// factors by fold-out, segments, other profiles' neighbour lists), the recommenders' caches and derived state, and the
/// enrichment cache.</summary>
/// <remarks>
/// <para>Usage: <c>PersonErasure erased = await PersonEraser.EraseAsync(person, graph, model, new() { Recommenders = { pipeline }, Enricher = enricher });</c>
/// then serve <see cref="PersonErasure.Model"/> with <see cref="PersonErasure.Recommenders"/> and drop every reference
/// to the old graph, model and recommenders, so that what they held of the person can be collected. What each stage
/// guarantees, and how it is tested, is in docs/reliability.md ("Forgetting a person").</para>
/// <para>Order: the enrichment cache entry is removed first (its key is computed from the person's events in the old
/// model), then the caches' lists are evicted, then the graph and model are forgotten and the recommenders rebuilt. A
/// request for the person served concurrently by an old pipeline may cache a list again; stop serving the person (or
/// call <see cref="CachingRecommender.Forget"/> again) after swapping in the new recommenders.</para>
/// <para>This type is thread-safe; the inputs are not changed.</para>
/// </remarks>
public static class PersonEraser
{
    /// <summary>Forgets <paramref name="person"/> in <paramref name="identities"/>, <paramref name="model"/> and the
    /// services named by <paramref name="options"/>.</summary>
    /// <param name="person">The person to forget.</param>
    /// <param name="identities">The identity graph that holds the person.</param>
    /// <param name="model">The profile model built from <paramref name="identities"/>.</param>
    /// <param name="options">The caches and recommenders to clean; <see langword="null"/> for the graph and model only.</param>
    /// <param name="cancellationToken">Cancels the work between stages and during the model's re-solve and the rebuilds.</param>
    /// <returns>The new graph, model and recommenders, and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identities"/> or <paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The graph or the model does not hold <paramref name="person"/>, or the person
    /// is the model's only one.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<PersonErasure> EraseAsync(PersonId person, IdentityGraph identities, ProfileModel model,
        PersonEraserOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(identities);
        Throw.IfNull(model);
        PersonEraserOptions o = options?.Clone() ?? new PersonEraserOptions();
        IReadOnlyList<AccountKey> accounts = identities.AccountsOf(person);
        if (!model.TryGetProfile(person, out UserProfile? profile))
        {
            Throw.Argument(nameof(model), $"The model holds no person {person}; pass the model built from this graph.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        int insights = 0;
        if (o.Enricher?.GetService(typeof(ChatProfileEnricher)) is ChatProfileEnricher chat)
        {
            var request = new EnrichmentRequest(profile, model.EventsOf(person).ToArray(), model.Catalog) { Accounts = o.AccountRecords };
            insights = await chat.ForgetAsync(request, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        int lists = 0;
        foreach (IRecommender pipeline in o.Recommenders)
        {
            if (pipeline?.GetService(typeof(CachingRecommender)) is CachingRecommender cache)
            {
                lists += cache.Forget(person);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        IdentityGraph graph = identities.Forget(person);
        ProfileModel forgotten = model.ForgetCore(person, cancellationToken, out ForgetReport report);
        var recommenders = new List<ModelRecommender>(o.Recommenders.Count);
        foreach (IRecommender pipeline in o.Recommenders)
        {
            if (pipeline?.GetService(typeof(ModelRecommender)) is ModelRecommender recommender)
            {
                recommenders.Add(recommender.Rebuild(forgotten, cancellationToken));
            }
        }

        report = report with
        {
            Accounts = accounts.Count,
            Links = identities.LinkCount - graph.LinkCount,
            CachedRecommendations = lists,
            CachedInsights = insights,
        };
        return new PersonErasure(graph, forgotten, recommenders.ToArray(), report);
    }
}
