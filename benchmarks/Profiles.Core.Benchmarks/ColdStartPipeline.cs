// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

// Shared with tests/Profiles.Core.Tests (linked there), so that the CI tests pin the protocol the benchmark reports.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>The text side of one cold-start-users split: the text-only model, the fused model, what the tuner chose,
/// the projection, how many test users have a text vector, and how many events the tuner was given.</summary>
internal sealed record ColdStartTextState(ProfileModel TextOnly, ProfileModel Fused, FusionTuningResult Tuning, TextProjection Projection, int WithText,
    int TuningEvents);

/// <summary>
/// Builds the text side of a <see cref="RecommenderRankingSystem"/>'s training, once per instance: <see cref="FusionTuner"/>
/// picks alpha, lambda, steps and the projection's ridge on a validation split of the TRAINING input
/// (<see cref="RecommenderTraining.Input"/>, which holds the split's training events only); then the extractive insight
/// of every profile (from its training events only) is embedded and projected into the item factor space by a
/// <see cref="TextProjection"/> with the chosen ridge fitted on the training items, and fused with the chosen setting.
/// </summary>
internal sealed class ColdStartTextSide(Func<IEnumerable<string>, IEmbeddingGenerator<string, Embedding<float>>> generatorFor, FusionTunerOptions tunerOptions)
{
    private readonly object _gate = new();
    private Task<ColdStartTextState>? _state;

    /// <summary>Gets the state of the split trained so far.</summary>
    public Task<ColdStartTextState> Current => _state ?? throw new InvalidOperationException("No split has been trained yet.");

    /// <summary>Returns the state, computing it from the first training it is given.</summary>
    public Task<ColdStartTextState> GetAsync(RecommenderTraining training)
    {
        lock (_gate)
        {
            return _state ??= ComputeAsync(training);
        }
    }

    private async Task<ColdStartTextState> ComputeAsync(RecommenderTraining training)
    {
        ProfileModel model = training.Model;
        var texts = new List<string>();
        foreach (Item item in training.Input.Catalog)
        {
            texts.Add(TextProjection.ItemText(item));
        }

        IEmbeddingGenerator<string, Embedding<float>> generator = generatorFor(texts);

        // The enricher weighs events as the profiles do (for MovieLens: every rating positive, no fading), so every
        // person with a training rating gets an insight.
        var enricher = new ExtractiveProfileEnricher(new ExtractiveProfileEnricherOptions { SignalWeights = training.BuilderOptions.SignalWeights });
        FusionTuningResult tuning = await new FusionTuner(new ProfileBuilder(training.BuilderOptions), enricher, generator, tunerOptions)
            .TuneAsync(training.Input, null, training.CancellationToken).ConfigureAwait(false);

        // The chosen setting (alpha, lambda, steps and the projection's ridge) for the text vectors and the fusion.
        var fuser = new ProfileFuser(generator, tuning.ApplyBest(tunerOptions.Fuser));
        TextProjection projection = await fuser.FitProjectionAsync(model, null, training.CancellationToken).ConfigureAwait(false);
        var profiles = new UserProfile[model.Profiles.Count];
        for (int p = 0; p < profiles.Length; p++)
        {
            UserProfile profile = model.Profiles[p];
            profiles[p] = enricher.Enrich(new EnrichmentRequest(profile, model.EventsOf(profile.Person).ToArray(), training.Input.Catalog)).Profile;
        }

        ProfileModel embedded = await fuser.EmbedAsync(model.WithProfiles(profiles), projection, null, training.CancellationToken).ConfigureAwait(false);
        ProfileModel fused = fuser.Fuse(embedded, null, training.CancellationToken).Model;

        int rank = model.Factors.Rank;
        var textOnly = new UserProfile[embedded.Profiles.Count];
        for (int p = 0; p < textOnly.Length; p++)
        {
            UserProfile profile = embedded.Profiles[p];
            textOnly[p] = profile with { FusedVector = profile.TextVector.Length == rank ? profile.TextVector : profile.BehaviourVector };
        }

        int withText = 0;
        foreach (int user in training.Split.Users)
        {
            if (training.Input.Identities.TryGetPerson(MovieLens.Platform, new AccountId(user.ToString(CultureInfo.InvariantCulture)), out PersonId person)
                && embedded.TryGetProfile(person, out UserProfile? profile) && profile.TextVector.Length == rank)
            {
                withText++;
            }
        }

        return new ColdStartTextState(embedded.WithProfiles(textOnly), fused, tuning, projection, withText, training.Input.Events.Count);
    }
}

/// <summary>Ranks the cold items of a <see cref="EvaluationSplit.ColdStartItems"/> split: through factors projected from
/// their text, by a seeded shuffle, and by the exact expectation of a random ranking.</summary>
internal static class ColdItemRanking
{
    /// <summary>Builds the profile model of the split's training events (the cold items are not in it).</summary>
    public static Task<ProfileModel> BuildAsync(EvaluationSplit split, IdentityGraph identities, ItemCatalog catalog, ProfileBuilderOptions options)
    {
        DateTimeOffset asOf = DateTimeOffset.MinValue;
        foreach (InteractionEvent e in split.Train)
        {
            asOf = e.Timestamp > asOf ? e.Timestamp : asOf;
        }

        // The catalogue restricted to the training items, as RecommenderRankingSystem does: the cold items are unknown.
        var known = new List<Item>(split.Catalog.Count);
        foreach (Item item in catalog)
        {
            if (split.IndexOf(new ItemKey(item.Platform, item.Id)) >= 0)
            {
                known.Add(item);
            }
        }

        return new ProfileBuilder(options).BuildAsync(new ProfileBuildInput(split.Train, identities, new ItemCatalog(known)) { AsOf = asOf });
    }

    /// <summary>Fits a projection from the texts of the model's items (in <paramref name="catalog"/>) to their factors,
    /// projects the cold items' texts, and ranks them for every test user by the dot product with the user's behaviour
    /// vector. With <paramref name="tags"/>, each item's text gets its tags (<see cref="TagText"/>), but a cold item is
    /// described to each user WITHOUT that user's own tags (they are interactions of the user with the held-out item).</summary>
    public static async Task<(IRankingSystem System, TextProjection Projection, int TaggedColdItems)> ProjectedAsync(string name, EvaluationSplit split,
        ProfileModel model, IdentityGraph identities, ItemCatalog catalog, IReadOnlyList<InteractionEvent>? tags,
        Func<IEnumerable<string>, IEmbeddingGenerator<string, Embedding<float>>> generatorFor)
    {
        int d = model.Factors.Rank;
        Dictionary<ItemKey, List<InteractionEvent>> tagsOf = [];
        foreach (InteractionEvent e in tags ?? [])
        {
            var key = new ItemKey(e.Platform, e.Item);
            if (!tagsOf.TryGetValue(key, out List<InteractionEvent>? list))
            {
                list = [];
                tagsOf.Add(key, list);
            }

            list.Add(e);
        }

        Item Describe(Item item, int excludedUser)
        {
            string? text = tagsOf.TryGetValue(new ItemKey(item.Platform, item.Id), out List<InteractionEvent>? events)
                ? TagText(events, e => excludedUser < 0 || UserOf(e) != excludedUser) : null;
            return text is null ? item : item with { Description = text };
        }

        var factors = new Dictionary<ItemKey, ReadOnlyMemory<float>>(model.Factors.Items);
        for (int j = 0; j < model.Factors.Items; j++)
        {
            // Only items with training interactions: an item without any has no information in its factors.
            if (split.IndexOf(model.Matrix.Items[j]) >= 0)
            {
                factors[model.Matrix.Items[j]] = model.Factors.ItemFactors.Slice(j * d, d);
            }
        }

        var training = new List<Item>(model.Factors.Items);
        var texts = new List<string>(model.Factors.Items);
        foreach (Item item in catalog)
        {
            if (factors.ContainsKey(new ItemKey(item.Platform, item.Id)))
            {
                Item described = Describe(item, -1);
                training.Add(described);
                texts.Add(TextProjection.ItemText(described));
            }
        }

        IEmbeddingGenerator<string, Embedding<float>> generator = generatorFor(texts);
        TextProjection projection = await new TextProjectionTrainer().FitAsync(training, factors, generator).ConfigureAwait(false);

        // Each cold item as everybody sees it, then the (user, item) pairs where the user's own tags must be removed.
        var cold = new List<Item>(split.ColdItems.Count);
        var coldIndex = new Dictionary<ItemKey, int>(split.ColdItems.Count);
        foreach (ItemKey key in split.ColdItems)
        {
            Item item = catalog.TryGet(key.Platform, key.Item, out Item? known) ? known : new Item(key.Platform, key.Item, key.Item.Value);
            coldIndex.Add(key, cold.Count);
            cold.Add(Describe(item, -1));
        }

        int taggedCold = 0;
        foreach (Item item in cold)
        {
            taggedCold += item.Description is null ? 0 : 1;
        }

        var overrideKeys = new List<(int User, int Item)>();
        var overrideItems = new List<Item>();
        var testUsers = new HashSet<int>(split.Users);
        var seenPairs = new HashSet<(int, int)>();
        foreach (InteractionEvent e in tags ?? [])
        {
            int user = UserOf(e);
            if (testUsers.Contains(user) && coldIndex.TryGetValue(new ItemKey(e.Platform, e.Item), out int j) && seenPairs.Add((user, j)))
            {
                overrideKeys.Add((user, j));
                overrideItems.Add(Describe(cold[j], user));
            }
        }

        IReadOnlyList<float[]> projected = await projection.ProjectItemsAsync(cold, generator).ConfigureAwait(false);
        IReadOnlyList<float[]> overridden = await projection.ProjectItemsAsync(overrideItems, generator).ConfigureAwait(false);
        var overrides = new Dictionary<int, List<(int Item, float[] Factors)>>();
        for (int o = 0; o < overrideKeys.Count; o++)
        {
            if (!overrides.TryGetValue(overrideKeys[o].User, out List<(int Item, float[] Factors)>? list))
            {
                list = [];
                overrides.Add(overrideKeys[o].User, list);
            }

            list.Add((overrideKeys[o].Item, overridden[o]));
        }

        int k = Math.Min(cold.Count, 100);
        var lists = new Dictionary<int, ItemKey[]>(split.Users.Count);
        float[] scores = new float[cold.Count];
        int[] indices = new int[k];
        float[] top = new float[k];
        foreach (int user in split.Users)
        {
            ReadOnlySpan<float> vector = identities.TryGetPerson(MovieLens.Platform, new AccountId(user.ToString(CultureInfo.InvariantCulture)), out PersonId person)
                && model.TryGetProfile(person, out UserProfile? profile) && profile.BehaviourVector.Length == d ? profile.BehaviourVector.Span : new float[d];
            for (int j = 0; j < cold.Count; j++)
            {
                scores[j] = System.Numerics.Tensors.TensorPrimitives.Dot(vector, projected[j]);
            }

            if (overrides.TryGetValue(user, out List<(int Item, float[] Factors)>? own))
            {
                foreach ((int j, float[] f) in own)
                {
                    scores[j] = System.Numerics.Tensors.TensorPrimitives.Dot(vector, f);
                }
            }

            int count = TopK.Select(scores, k, indices, top);
            var list = new ItemKey[count];
            for (int r = 0; r < count; r++)
            {
                list[r] = split.ColdItems[indices[r]];
            }

            lists.Add(user, list);
        }

        IRankingSystem system = RankingSystem.Create(name, (_, user, count) => lists[user].AsSpan(0, Math.Min(count, lists[user].Length)).ToArray());
        return (system, projection, taggedCold);
    }

    /// <summary>The user key of a MovieLens event: its user id.</summary>
    public static int UserOf(InteractionEvent e) => int.Parse(e.Account.Value, CultureInfo.InvariantCulture);

    /// <summary>Returns "Tags: ..." from the tag events <paramref name="use"/> accepts (most frequent first, at most 20,
    /// case-insensitively distinct), or <see langword="null"/> when none is left.</summary>
    public static string? TagText(IEnumerable<InteractionEvent> tags, Func<InteractionEvent, bool> use)
    {
        var counts = new Dictionary<string, (string Text, int Count)>(StringComparer.OrdinalIgnoreCase);
        foreach (InteractionEvent e in tags)
        {
            if (!string.IsNullOrWhiteSpace(e.Text) && use(e))
            {
                string text = e.Text.Trim();
                counts[text] = counts.TryGetValue(text, out (string Text, int Count) seen) ? (seen.Text, seen.Count + 1) : (text, 1);
            }
        }

        if (counts.Count == 0)
        {
            return null;
        }

        var ordered = new List<(string Text, int Count)>(counts.Values);
        ordered.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Text, b.Text));
        var top = new List<string>(Math.Min(20, ordered.Count));
        for (int i = 0; i < Math.Min(20, ordered.Count); i++)
        {
            top.Add(ordered[i].Text);
        }

        return "Tags: " + string.Join(", ", top);
    }

    /// <summary>Copies the catalogue with each movie's tags (from the tag events <paramref name="use"/> accepts) as its description.</summary>
    public static ItemCatalog WithTags(ItemCatalog movies, IReadOnlyList<InteractionEvent> tags, Func<InteractionEvent, bool> use)
    {
        var byItem = new Dictionary<ItemKey, List<InteractionEvent>>();
        foreach (InteractionEvent e in tags)
        {
            var key = new ItemKey(e.Platform, e.Item);
            if (!byItem.TryGetValue(key, out List<InteractionEvent>? list))
            {
                list = [];
                byItem.Add(key, list);
            }

            list.Add(e);
        }

        var items = new List<Item>(movies.Count);
        foreach (Item movie in movies)
        {
            string? text = byItem.TryGetValue(new ItemKey(movie.Platform, movie.Id), out List<InteractionEvent>? events) ? TagText(events, use) : null;
            items.Add(text is null ? movie : movie with { Description = text });
        }

        return new ItemCatalog(items);
    }

    /// <summary>Ranks the cold items for each user by a shuffle seeded with <paramref name="seed"/> and the user.</summary>
    public static IRankingSystem Shuffled(EvaluationSplit split, int seed) =>
        RankingSystem.Create("random (seeded shuffle)", (s, user, count) =>
        {
            ItemKey[] items = [.. s.ColdItems];
            new Random(unchecked((seed * 1_000_003) + user)).Shuffle(items);
            return items.AsSpan(0, Math.Min(count, items.Length)).ToArray();
        });

    /// <summary>Returns the expected recall@K and NDCG@K of a uniformly random ranking of <paramref name="candidates"/>
    /// items of which <paramref name="positives"/> are relevant: every rank holds a positive with probability
    /// <c>positives / candidates</c>.</summary>
    public static (double Recall, double Ndcg) RandomExpectation(int positives, int candidates, int k)
    {
        int ranks = Math.Min(k, candidates);
        double p = (double)positives / candidates;
        double dcg = 0, ideal = 0;
        for (int i = 0; i < ranks; i++)
        {
            dcg += p / Math.Log2(i + 2);
        }

        for (int i = 0; i < Math.Min(k, positives); i++)
        {
            ideal += 1.0 / Math.Log2(i + 2);
        }

        return ((double)ranks / candidates, dcg / ideal);
    }
}
