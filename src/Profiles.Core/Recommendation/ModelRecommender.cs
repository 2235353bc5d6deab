// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>
/// The base of the library's recommenders over a <see cref="ProfileModel"/>: resolves a call's options into a seen
/// list and an allow-list bitset, routes the person to the recommender's own model, to cross-platform cold start or to
/// popularity, selects the top N through <see cref="TopK"/> (the catalogue is never sorted), and explains every item.
/// </summary>
/// <remarks>
/// <para>Routing: a person with positive history on a requested platform (on any platform when none is requested) is
/// served by the recommender's model (<see cref="RecommendationSource.History"/>). A person without such history but
/// with a usable profile vector is a cross-platform cold start (<see cref="RecommendationSource.CrossPlatform"/>): the
/// items are ranked by inner product with the model's item factors of the fused vector when the profile has one,
/// otherwise the sum of the unit behaviour vector (learned from the person's other platforms in the joint space) and the
/// unit text vector, otherwise whichever of the two exists; the behaviour vector of a model person counts only when the
/// person has positive history somewhere (ALS leaves a small non-zero vector on an empty row). A person with neither
/// gets the most popular items
/// (time-decayed weight sums; <see cref="RecommendationSource.Popularity"/>), and the explanation says so.</para>
/// <para>Instances hold only immutable state built at construction, so they are thread-safe: every call allocates its
/// own scratch.</para>
/// </remarks>
public abstract class ModelRecommender : IRecommender
{
    private static readonly RecommendationOptions s_defaults = new();
    private const int ExplanationItems = 3;

    /// <summary>Initializes a new instance of the <see cref="ModelRecommender"/> class.</summary>
    /// <param name="model">The model.</param>
    /// <param name="name">The recommender's name.</param>
    private protected ModelRecommender(ProfileModel model, string name)
    {
        Model = Throw.IfNull(model);
        Index = ModelIndex.For(model);
        Metadata = new RecommenderMetadata(name, Index.Count);
    }

    /// <summary>Gets the model the recommender serves.</summary>
    public ProfileModel Model { get; }

    /// <summary>Gets the recommender's name and size.</summary>
    public RecommenderMetadata Metadata { get; }

    /// <summary>Gets the shared per-model index.</summary>
    internal ModelIndex Index { get; }

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
        var request = new RecommendationRequest(Index, profile, options ?? s_defaults);
        RecommendationSource source = Route(request);
        if (request.NothingAllowed || Index.Count == 0)
        {
            return new RecommendationList(profile.Person, [], source, Metadata.Name);
        }

        int k = request.Count;
        var indices = new int[k];
        var scores = new float[k];
        int found = source switch
        {
            RecommendationSource.History => RankHistory(request, indices, scores),
            RecommendationSource.CrossPlatform => RankCold(request, request.ColdVector!, indices, scores),
            _ => TopK.Select(PopularityScores, k, indices, scores, request.Seen, request.AllowedSpan),
        };

        var items = new Recommendation[found];
        for (int i = 0; i < found; i++)
        {
            items[i] = new Recommendation(Index.Items[indices[i]], scores[i], Explain(request, source, indices[i]));
        }

        return new RecommendationList(profile.Person, items, source, Metadata.Name);
    }

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
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

    /// <summary>Builds a recommender of the same kind and options over <paramref name="model"/>, for example the model
    /// <see cref="ProfileModel.Forget"/> returned: every piece of derived state (popularity, EASE's <c>B</c>, item-kNN
    /// similarities, the per-model index) is recomputed from the new model, nothing is carried over.</summary>
    /// <param name="model">The model to serve.</param>
    /// <param name="cancellationToken">Cancels the fit, for recommenders that fit at construction.</param>
    /// <returns>The new recommender; this one is unchanged and keeps serving its model.</returns>
    /// <remarks><para>Costs what constructing the recommender costs. This method is thread-safe.</para></remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ModelRecommender Rebuild(ProfileModel model, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(model);
        cancellationToken.ThrowIfCancellationRequested();
        return RebuildCore(model, cancellationToken);
    }

    /// <summary>Does nothing: the recommender holds only managed memory.</summary>
    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Builds a recommender of the same kind and options over <paramref name="model"/>.</summary>
    private protected abstract ModelRecommender RebuildCore(ProfileModel model, CancellationToken cancellationToken);

    /// <summary>Gets the scores the popularity route ranks by.</summary>
    internal virtual float[] PopularityScores => Index.Popularity;

    /// <summary>Ranks the items for a cross-platform cold start; by default by inner product with the item factors.</summary>
    internal virtual int RankCold(RecommendationRequest request, float[] vector, Span<int> indices, Span<float> scores) =>
        RankByVector(request, vector, indices, scores);

    /// <summary>Decides how a request is served.</summary>
    internal virtual RecommendationSource Route(RecommendationRequest request) =>
        request.HasHistoryOnTarget ? RecommendationSource.History :
        request.ColdVector is not null && Index.Rank > 0 ? RecommendationSource.CrossPlatform :
        RecommendationSource.Popularity;

    /// <summary>Writes the recommender's score of every item (length <see cref="ModelIndex.Count"/>) for a person with history.</summary>
    internal abstract void Score(RecommendationRequest request, Span<float> scores);

    /// <summary>Selects the top items of a person with history; by default scores every item and selects with <see cref="TopK.Select"/>.</summary>
    internal virtual int RankHistory(RecommendationRequest request, Span<int> indices, Span<float> scores)
    {
        var all = new float[Index.Count];
        Score(request, all);
        return TopK.Select(all, request.Count, indices, scores, request.Seen, request.AllowedSpan);
    }

    /// <summary>Ranks by inner product of <paramref name="vector"/> with the item factors, through <see cref="TopK.Search"/>.</summary>
    internal int RankByVector(RecommendationRequest request, float[] vector, Span<int> indices, Span<float> scores)
    {
        int rank = Index.Rank;
        int n = Index.FactorItems;
        int k = request.Count;
        var outIndices = new int[k];
        var outScores = new float[k];
        int[] seen = request.Seen;
        int seenCount = seen.Length;
        while (seenCount > 0 && seen[seenCount - 1] >= n)
        {
            seenCount--;
        }

        int[] seenRow = seenCount == seen.Length ? seen : seen[..seenCount];
        var seenItems = new TopKSeenItems([0, seenRow.Length], seenRow);
        ReadOnlyMemory<ulong> allowed = request.Allowed is null ? default : request.Allowed.AsMemory(0, (n + 63) / 64);
        TopK.Search(vector, Model.Factors.ItemFactors[..(n * rank)], rank, k, outIndices, outScores, seenItems, allowed, maxDegreeOfParallelism: 1);
        int found = 0;
        while (found < k && outIndices[found] >= 0)
        {
            found++;
        }

        outIndices.AsSpan(0, found).CopyTo(indices);
        outScores.AsSpan(0, found).CopyTo(scores);
        return found;
    }

    /// <summary>Returns the person's history items that contributed most to <paramref name="item"/>'s score, strongest
    /// first; by default those whose item factors are most similar (cosine) to the item's.</summary>
    internal virtual int[] SimilarHistoryItems(RecommendationRequest request, int item) => FactorSimilarItems(request, item);

    /// <summary>Returns whether a history-served item's explanation names the platform it is popular on.</summary>
    internal virtual bool ExplainsByPopularity => false;

    /// <summary>Returns the <see cref="ExplanationItems"/> history items most similar to <paramref name="item"/> by item-factor cosine.</summary>
    internal int[] FactorSimilarItems(RecommendationRequest request, int item)
    {
        int rank = Index.Rank;
        return rank == 0 || item >= Index.FactorItems ? [] : HistoryItemsSimilarTo(request, Model.Factors.ItemFactors.Span.Slice(item * rank, rank));
    }

    /// <summary>Returns the <see cref="ExplanationItems"/> history items whose factors are closest to <paramref name="target"/> by cosine.</summary>
    internal int[] HistoryItemsSimilarTo(RecommendationRequest request, ReadOnlySpan<float> target)
    {
        int rank = Index.Rank;
        int[] history = request.HistoryColumns;
        if (rank == 0 || history.Length == 0)
        {
            return [];
        }

        ReadOnlySpan<float> factors = Model.Factors.ItemFactors.Span;
        var similarities = new float[history.Length];
        for (int h = 0; h < history.Length; h++)
        {
            int column = history[h];
            similarities[h] = column < Index.FactorItems ? TensorPrimitives.CosineSimilarity(target, factors.Slice(column * rank, rank)) : float.NaN;
        }

        return TopPositions(similarities, history);
    }

    /// <summary>Returns the (at most <see cref="ExplanationItems"/>) interests of <paramref name="profile"/> that
    /// <paramref name="categories"/> name, strongest interest first.</summary>
    internal static List<string> MatchingInterests(UserProfile profile, IReadOnlyList<string> categories)
    {
        var interests = new List<string>(ExplanationItems);
        if (categories.Count == 0)
        {
            return interests;
        }

        foreach (Interest interest in profile.Interests)
        {
            if (interests.Count == ExplanationItems)
            {
                break;
            }

            foreach (string category in categories)
            {
                if (string.Equals(category, interest.Name, StringComparison.OrdinalIgnoreCase))
                {
                    interests.Add(interest.Name);
                    break;
                }
            }
        }

        return interests;
    }

    /// <summary>Returns the columns of the (at most <see cref="ExplanationItems"/>) best-scoring positive entries of <paramref name="contributions"/>.</summary>
    internal static int[] TopPositions(ReadOnlySpan<float> contributions, int[] columns)
    {
        if (contributions.IsEmpty)
        {
            return [];
        }

        Span<int> indices = stackalloc int[ExplanationItems];
        Span<float> scores = stackalloc float[ExplanationItems];
        int found = TopK.Select(contributions, ExplanationItems, indices, scores);
        var result = new List<int>(found);
        for (int i = 0; i < found; i++)
        {
            if (scores[i] > 0f)
            {
                result.Add(columns[indices[i]]);
            }
        }

        return [.. result];
    }

    /// <summary>Explains why <paramref name="item"/> (a model column) was recommended on <paramref name="source"/>.</summary>
    internal RecommendationExplanation Explain(RecommendationRequest request, RecommendationSource source, int item)
    {
        UserProfile profile = request.Profile;
        ModelIndex index = Index;
        ItemKey key = index.Items[item];

        // Interests: the item's categories that the person's interests name, strongest interest first.
        List<string> interests = index.Catalog[item] is { } entry ? MatchingInterests(profile, entry.Categories) : new List<string>(ExplanationItems);

        // Similar items: the history items that drove the score.
        int[] similarColumns = source == RecommendationSource.Popularity ? [] :
            source == RecommendationSource.History ? SimilarHistoryItems(request, item) : FactorSimilarItems(request, item);
        var similar = new ItemKey[similarColumns.Length];
        for (int i = 0; i < similar.Length; i++)
        {
            similar[i] = index.Items[similarColumns[i]];
        }

        // Neighbours who showed a liking for the item.
        var neighbours = new List<PersonId>(ExplanationItems);
        SparseMatrix byPerson = Model.Matrix.ByPerson;
        foreach (Neighbour neighbour in profile.Neighbours)
        {
            if (neighbours.Count == ExplanationItems)
            {
                break;
            }

            if (Model.Matrix.TryGetRow(neighbour.Person, out int row) && byPerson.RowColumns(row).BinarySearch(item) >= 0)
            {
                neighbours.Add(neighbour.Person);
            }
        }

        PlatformId? popularOn = source == RecommendationSource.Popularity || ExplainsByPopularity ? key.Platform : (PlatformId?)null;
        return new RecommendationExplanation(Summarize(request, source, interests, similar, neighbours, popularOn))
        {
            Source = source,
            Interests = interests,
            SimilarItems = similar,
            Neighbours = neighbours,
            PopularOn = popularOn,
        };
    }

    private string Summarize(RecommendationRequest request, RecommendationSource source, List<string> interests, ItemKey[] similar,
        List<PersonId> neighbours, PlatformId? popularOn)
    {
        var text = new StringBuilder();
        if (popularOn is { } platform)
        {
            text.Append("popular on ").Append(platform.Value);
            if (source == RecommendationSource.Popularity)
            {
                if (request.HistoryColumns.Length == 0)
                {
                    text.Append(" (no history yet)");
                }
                else if (!ExplainsByPopularity)
                {
                    text.Append(" (no history here and no profile vector)");
                }
            }
        }

        if (source == RecommendationSource.CrossPlatform)
        {
            Append(text, "new on ").Append(request.Platforms.Length == 0 ? "this platform" : Join(request.Platforms))
                .Append(": from ").Append(ColdSources(request));
        }

        if (interests.Count > 0)
        {
            Append(text, "matches your interests: ").Append(string.Join(", ", interests));
        }

        if (similar.Length > 0)
        {
            Append(text, "similar to ");
            for (int i = 0; i < similar.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(similar[i].ToString());
            }
        }

        if (neighbours.Count > 0)
        {
            Append(text, "liked by ").Append(neighbours.Count.ToString(CultureInfo.InvariantCulture))
                .Append(neighbours.Count == 1 ? " similar person" : " similar people");
        }

        if (text.Length == 0)
        {
            text.Append("scored by ").Append(Metadata.Name);
        }

        return text.ToString();
    }

    private static StringBuilder Append(StringBuilder text, string part) => text.Length == 0 ? text.Append(part) : text.Append("; ").Append(part);

    private static string Join(PlatformId[] platforms)
    {
        var names = new string[platforms.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = platforms[i].Value;
        }

        return string.Join(", ", names);
    }

    private static string ColdSources(RecommendationRequest request)
    {
        if (request.ColdUsesFused)
        {
            return "your fused profile";
        }

        var platforms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (int column in request.HistoryColumns)
        {
            platforms.Add(request.Index.Items[column].Platform.Value ?? string.Empty);
        }

        string activity = platforms.Count > 0 ? "your activity on " + string.Join(", ", platforms) + " (joint factors)" : "your behaviour vector";
        return request.ColdUsesBehaviour && request.ColdUsesText ? activity + " and your text profile" :
            request.ColdUsesBehaviour ? activity : "your text profile";
    }
}
