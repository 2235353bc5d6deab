// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>The ranked recommendations for one person, best first, with what they were computed from.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class RecommendationList : IReadOnlyList<Recommendation>
{
    private readonly Recommendation[] _items;

    /// <summary>Initializes a new instance of the <see cref="RecommendationList"/> class.</summary>
    /// <param name="person">The person the list is for.</param>
    /// <param name="items">The recommendations, best first; copied.</param>
    /// <param name="source">What the list was computed from.</param>
    /// <param name="recommender">The name of the recommender that made it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="recommender"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="items"/> holds a <see langword="null"/> entry.</exception>
    public RecommendationList(PersonId person, IEnumerable<Recommendation> items, RecommendationSource source, string recommender)
    {
        Throw.IfNull(items);
        Person = person;
        _items = [.. items];
        foreach (Recommendation? item in _items)
        {
            if (item is null)
            {
                Throw.Argument(nameof(items), "A recommendation is null.");
            }
        }

        Source = source;
        Recommender = Throw.IfNull(recommender);
    }

    /// <summary>Gets the person the list is for.</summary>
    public PersonId Person { get; }

    /// <summary>Gets what the list was computed from.</summary>
    public RecommendationSource Source { get; }

    /// <summary>Gets the name of the recommender that made the list (see <see cref="RecommenderMetadata.Name"/>).</summary>
    public string Recommender { get; }

    /// <summary>Gets the number of recommendations.</summary>
    public int Count => _items.Length;

    /// <summary>Gets the recommendation at <paramref name="index"/> (0 is the best).</summary>
    /// <param name="index">The rank, from 0.</param>
    /// <returns>The recommendation.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    public Recommendation this[int index] => _items[index];

    /// <summary>Returns the recommended items' keys, best first.</summary>
    /// <returns>The keys.</returns>
    public ItemKey[] ToItemKeys()
    {
        var keys = new ItemKey[_items.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = _items[i].Item;
        }

        return keys;
    }

    /// <inheritdoc />
    public IEnumerator<Recommendation> GetEnumerator() => ((IEnumerable<Recommendation>)_items).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
