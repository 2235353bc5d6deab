// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Profiles.Core;

/// <summary>
/// Recommends items published after the model was built (no interactions, so no trained factors) together with, or
/// instead of, the model's catalogue: a new item is scored by a factor vector projected from its text
/// (<see cref="TextProjection"/>), with the same person vector and inner product as the catalogue's items.
/// </summary>
/// <remarks>
/// <para>Scores: a model item <c>j</c> scores <c>u · y_j</c> with its trained factors; a new item scores
/// <c>w (u · c) + o</c> with its projected vector <c>c</c> and the knobs of <see cref="NewItemRecommenderOptions"/>
/// (by default <c>w = 1</c>, <c>o = 0</c>). The person vector <c>u</c> is, for a person with history on the requested
/// platforms (<see cref="RecommendationSource.History"/>), the profile's <see cref="UserProfile.FusedVector"/> when it
/// is usable, else its <see cref="UserProfile.BehaviourVector"/>, else the model's factors of the person (as
/// <see cref="SoftmaxRecommender"/> does); for any other person it is the cross-platform cold-start vector of
/// <see cref="ModelRecommender"/> (<see cref="RecommendationSource.CrossPlatform"/>). A person with no vector at all gets
/// the model's most popular items (<see cref="RecommendationSource.Popularity"/>): new items have no popularity, so
/// none of them is returned, and with <see cref="NewItemRecommenderOptions.NewItemsOnly"/> the list is empty.</para>
/// <para><see cref="RecommendationOptions"/> apply to new items as to the model's: the count, the platforms, the
/// allow-list, the candidate filter, and seen items (<see cref="RecommendationOptions.SeenItems"/> may name new items,
/// for example those the person opened since the model was built). Model items are selected with
/// <see cref="TopK.Search"/>, new items with <see cref="TopK.Select"/>, and the two lists are merged; ties go to the
/// model's items, then to the new items in the order given. Explanations of new items have
/// <see cref="RecommendationExplanation.IsNewItem"/> set and name the person's items whose trained factors are closest
/// (cosine) to the projected vector; model items are explained as <see cref="FactorRecommender"/> explains them.</para>
/// <para>An item the model already has trained factors for cannot be passed as new: it is rejected, so every item has
/// exactly one vector. Projections are only as good as the text; see docs/llm.md for measured cold-item ranking quality.</para>
/// <para>This type is immutable and thread-safe: every call allocates its own scratch, proportional to the number of
/// new items and the requested count (the catalogue is scanned without a per-item allocation).</para>
/// </remarks>
public sealed class NewItemRecommender : IRecommender
{
    private static readonly RecommendationOptions s_defaults = new();
    private const int ExplanationItems = 3;

    private readonly FactorRecommender _catalogue;
    private readonly ModelIndex _index;
    private readonly Item[] _items;
    private readonly ItemKey[] _keys;
    private readonly int[] _columns;
    private readonly Dictionary<ItemKey, int> _positions;
    private readonly float[] _factors;
    private readonly NewItemRecommenderOptions _options;

    /// <summary>Initializes a new instance of the <see cref="NewItemRecommender"/> class from already projected vectors.</summary>
    /// <param name="model">The model whose items are scored by their trained factors.</param>
    /// <param name="newItems">The new items, in the order ties are broken in (for example newest first).</param>
    /// <param name="factors">One factor vector per new item, in the same order, of the model's rank (for example from
    /// <see cref="TextProjection.ProjectItemsAsync"/>); copied.</param>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="newItems"/> or
    /// <paramref name="factors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An item is <see langword="null"/> or given twice, or the model already has trained
    /// factors for it; the counts differ; or a vector is <see langword="null"/>, does not have the model's rank, or holds
    /// NaN or infinity.</exception>
    public NewItemRecommender(ProfileModel model, IReadOnlyList<Item> newItems, IReadOnlyList<float[]> factors, NewItemRecommenderOptions? options = null)
    {
        Throw.IfNull(model);
        Throw.IfNull(newItems);
        Throw.IfNull(factors);
        _index = ModelIndex.For(model);
        int rank = model.Factors.Rank;
        int m = newItems.Count;
        if (factors.Count != m)
        {
            Throw.Argument(nameof(factors), $"There are {factors.Count} vectors for {m} new items.");
        }

        _items = new Item[m];
        _keys = new ItemKey[m];
        _columns = new int[m];
        _positions = new Dictionary<ItemKey, int>(m);
        _factors = new float[m * rank];
        for (int i = 0; i < m; i++)
        {
            _columns[i] = CheckItem(_index, newItems[i], i, nameof(newItems));
            _items[i] = newItems[i];
            _keys[i] = new ItemKey(newItems[i].Platform, newItems[i].Id);
            if (!_positions.TryAdd(_keys[i], i))
            {
                Throw.Argument(nameof(newItems), $"The new item {_keys[i]} is given twice (positions {_positions[_keys[i]]} and {i}).");
            }

            float[]? vector = factors[i];
            if (vector is null)
            {
                Throw.Argument(nameof(factors), $"The vector of new item {_keys[i]} (position {i}) is null.");
            }

            if (vector.Length != rank)
            {
                Throw.Argument(nameof(factors), $"The vector of new item {_keys[i]} has {vector.Length} values; the model's rank is {rank}.");
            }

            if (SimdMath.IndexOfNonFinite(vector) is int bad and >= 0)
            {
                Throw.Argument(nameof(factors), $"The vector of new item {_keys[i]} holds {vector[bad]} at {bad}.");
            }

            vector.CopyTo(_factors.AsSpan(i * rank, rank));
        }

        _options = options?.Clone() ?? new NewItemRecommenderOptions();
        _catalogue = new FactorRecommender(model);
        Metadata = new RecommenderMetadata("new-items", (_options.NewItemsOnly ? 0 : _index.Count) + m);
    }

    /// <summary>Gets the model the recommender serves.</summary>
    public ProfileModel Model => _index.Model;

    /// <summary>Gets the recommender's name (<c>new-items</c>) and the number of items it can recommend.</summary>
    public RecommenderMetadata Metadata { get; }

    /// <summary>Gets the new items, in the order given.</summary>
    public IReadOnlyList<Item> NewItems => _items;

    /// <summary>Gets the new items' factor vectors, row-major <c>NewItems.Count x Rank</c>: row <c>i</c> is the vector of
    /// <c>NewItems[i]</c>.</summary>
    public ReadOnlyMemory<float> NewItemFactors => _factors;

    /// <summary>Gets a copy of the options in use.</summary>
    public NewItemRecommenderOptions Options => _options.Clone();

    /// <summary>Embeds the new items' texts (<see cref="TextProjection.ItemText"/>), projects them into the model's factor
    /// space and creates the recommender.</summary>
    /// <param name="model">The model whose items are scored by their trained factors.</param>
    /// <param name="projection">The projection fitted on the model's items (for example by
    /// <see cref="ProfileFuser.FitProjectionAsync"/>), with the model's rank as <see cref="TextProjection.FactorDimensions"/>.</param>
    /// <param name="newItems">The new items, in the order ties are broken in.</param>
    /// <param name="embeddingGenerator">The generator the projection's training items were embedded with.</param>
    /// <param name="options">The options, copied; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    /// <returns>The recommender.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The projection's factor dimension is not the model's rank; an item is
    /// <see langword="null"/> or given twice, or the model already has trained factors for it; or the generator's vectors
    /// do not have the projection's embedding dimension or hold NaN or infinity.</exception>
    /// <exception cref="InvalidOperationException">The generator returned a different number of embeddings than asked.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<NewItemRecommender> CreateAsync(ProfileModel model, TextProjection projection, IReadOnlyList<Item> newItems,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator, NewItemRecommenderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(model);
        Throw.IfNull(projection);
        Throw.IfNull(newItems);
        Throw.IfNull(embeddingGenerator);
        if (projection.FactorDimensions != model.Factors.Rank)
        {
            Throw.Argument(nameof(projection), $"The projection gives {projection.FactorDimensions} factors; the model's rank is {model.Factors.Rank}.");
        }

        // Check the items before paying for their embeddings.
        ModelIndex index = ModelIndex.For(model);
        var keys = new HashSet<ItemKey>(newItems.Count);
        for (int i = 0; i < newItems.Count; i++)
        {
            _ = CheckItem(index, newItems[i], i, nameof(newItems));
            if (!keys.Add(new ItemKey(newItems[i].Platform, newItems[i].Id)))
            {
                Throw.Argument(nameof(newItems), $"The new item {new ItemKey(newItems[i].Platform, newItems[i].Id)} is given twice.");
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<float[]> factors = await projection.ProjectItemsAsync(newItems, embeddingGenerator, cancellationToken).ConfigureAwait(false);
        return new NewItemRecommender(model, newItems, factors, options);
    }

    /// <inheritdoc />
    /// <remarks>The work is CPU-bound and runs synchronously on the calling thread; the returned task is already complete.</remarks>
    public Task<RecommendationList> RecommendAsync(UserProfile profile, RecommendationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(profile);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Recommend(profile, options));
    }

    /// <summary>Recommends items for one person, synchronously.</summary>
    /// <param name="profile">The person's profile.</param>
    /// <param name="options">The call's options; <see langword="null"/> for the defaults.</param>
    /// <returns>The ranked recommendations, best first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is <see langword="null"/>.</exception>
    public RecommendationList Recommend(UserProfile profile, RecommendationOptions? options = null)
    {
        Throw.IfNull(profile);
        RecommendationOptions call = options ?? s_defaults;
        bool catalogue = !_options.NewItemsOnly;
        var request = new RecommendationRequest(_index, profile, call, resolveAllowList: catalogue);
        RecommendationSource source = request.HasHistoryOnTarget ? RecommendationSource.History :
            request.ColdVector is not null && _index.Rank > 0 ? RecommendationSource.CrossPlatform : RecommendationSource.Popularity;
        float[]? vector = source switch
        {
            RecommendationSource.History => HistoryVector(request),
            RecommendationSource.CrossPlatform => request.ColdVector,
            _ => null,
        };
        if (vector is null)
        {
            source = RecommendationSource.Popularity;
        }

        int k = request.Count;

        // The catalogue's best k (model columns).
        var modelIndices = new int[k];
        var modelScores = new float[k];
        int modelFound = 0;
        if (catalogue && !request.NothingAllowed && _index.Count > 0)
        {
            modelFound = vector is null
                ? TopK.Select(_index.Popularity, k, modelIndices, modelScores, request.Seen, request.AllowedSpan)
                : _catalogue.RankByVector(request, vector, modelIndices, modelScores);
        }

        // The new items' best k.
        int m = _items.Length;
        var newIndices = new int[k];
        var newScores = new float[k];
        int newFound = 0;
        if (vector is not null && m > 0)
        {
            ulong[] allowed = NewItemAllowList(request, call);
            var scores = new float[m];
            int rank = _index.Rank;
            float weight = _options.NewItemWeight;
            float offset = _options.NewItemOffset;
            for (int i = 0; i < m; i++)
            {
                scores[i] = (allowed[i >> 6] & (1UL << (i & 63))) == 0 ? float.NegativeInfinity :
                    (weight * TensorPrimitives.Dot(vector, _factors.AsSpan(i * rank, rank))) + offset;
            }

            newFound = TopK.Select(scores, k, newIndices, newScores, default, allowed);
        }

        // Merge: higher score first; ties to the model's items, then by position.
        int found = Math.Min(k, modelFound + newFound);
        var items = new Recommendation[found];
        int a = 0, b = 0;
        for (int r = 0; r < found; r++)
        {
            bool takeModel = b >= newFound || (a < modelFound && modelScores[a] >= newScores[b]);
            items[r] = takeModel
                ? new Recommendation(_index.Items[modelIndices[a]], modelScores[a], _catalogue.Explain(request, source, modelIndices[a++]))
                : new Recommendation(_keys[newIndices[b]], newScores[b], ExplainNew(request, source, vector!, newIndices[b++]));
        }

        return new RecommendationList(profile.Person, items, source, Metadata.Name);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(RecommenderMetadata) ? Metadata :
            serviceType == typeof(ProfileModel) ? Model :
            serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the recommender holds only managed memory.</summary>
    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Checks one new item and returns its model column, or -1 when the model has none.</summary>
    private static int CheckItem(ModelIndex index, Item? item, int position, string paramName)
    {
        if (item is null)
        {
            Throw.Argument(paramName, $"The new item at position {position} is null.");
        }

        var key = new ItemKey(item.Platform, item.Id);
        if (!index.Model.Matrix.TryGetColumn(key, out int column))
        {
            return -1;
        }

        if (column < index.FactorItems)
        {
            Throw.Argument(paramName, $"The model already has trained factors for {key} (position {position}); it is not a new item.");
        }

        return column;
    }

    /// <summary>Returns the fused vector when usable, else the behaviour vector, else the model's factors of the person.</summary>
    private float[]? HistoryVector(RecommendationRequest request)
    {
        int rank = _index.Rank;
        UserProfile profile = request.Profile;
        if (RecommendationRequest.Usable(profile.FusedVector.Span, rank))
        {
            return profile.FusedVector.ToArray();
        }

        if (RecommendationRequest.Usable(profile.BehaviourVector.Span, rank))
        {
            return profile.BehaviourVector.ToArray();
        }

        return request.Row >= 0 && request.Row < Model.Factors.Users && rank > 0
            ? Model.Factors.UserFactors.Span.Slice(request.Row * rank, rank).ToArray()
            : request.ColdVector;
    }

    /// <summary>Returns the bitset of the new items the call's platforms, allow-list, filter and seen items leave.</summary>
    private ulong[] NewItemAllowList(RecommendationRequest request, RecommendationOptions call)
    {
        int m = _items.Length;
        var bits = new ulong[(m + 63) / 64];
        bool[]? candidate = null;
        if (call.CandidateItems is { } candidates)
        {
            candidate = new bool[m];
            foreach (ItemKey key in candidates)
            {
                if (_positions.TryGetValue(key, out int i))
                {
                    candidate[i] = true;
                }
            }
        }

        for (int i = 0; i < m; i++)
        {
            if (request.IsTarget(_keys[i].Platform) && (candidate is null || candidate[i]) &&
                (_columns[i] < 0 || request.Seen.AsSpan().BinarySearch(_columns[i]) < 0) &&
                (call.CandidateFilter is null || call.CandidateFilter(_keys[i])))
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }

        if (call.ExcludeSeen && call.SeenItems is { } seen)
        {
            foreach (ItemKey key in seen)
            {
                if (_positions.TryGetValue(key, out int i))
                {
                    bits[i >> 6] &= ~(1UL << (i & 63));
                }
            }
        }

        return bits;
    }

    private RecommendationExplanation ExplainNew(RecommendationRequest request, RecommendationSource source, float[] vector, int position)
    {
        Item item = _items[position];
        int rank = _index.Rank;
        ReadOnlySpan<float> target = _factors.AsSpan(position * rank, rank);

        // Interests: the item's categories that the person's interests name, strongest interest first.
        List<string> interests = ModelRecommender.MatchingInterests(request.Profile, item.Categories);

        // Similar items: the person's items whose trained factors are closest to the projected vector.
        int[] similarColumns = _catalogue.HistoryItemsSimilarTo(request, target);
        var similar = new ItemKey[similarColumns.Length];
        for (int i = 0; i < similar.Length; i++)
        {
            similar[i] = _index.Items[similarColumns[i]];
        }

        var text = new StringBuilder("new item: ");
        if (similar.Length > 0)
        {
            text.Append("its text resembles ");
            for (int i = 0; i < similar.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(similar[i].ToString());
            }
        }
        else
        {
            float cosine = TensorPrimitives.CosineSimilarity(target, vector);
            text.Append("its text matches your profile (cosine ").Append(cosine.ToString("0.00", CultureInfo.InvariantCulture)).Append(')');
        }

        if (interests.Count > 0)
        {
            text.Append("; matches your interests: ").Append(string.Join(", ", interests));
        }

        return new RecommendationExplanation(text.ToString())
        {
            Source = source,
            Interests = interests,
            SimilarItems = similar,
            IsNewItem = true,
        };
    }
}
