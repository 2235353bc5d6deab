// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>A topic of the synthetic world's taxonomy: a category, a name and the real words its items are written with.</summary>
/// <remarks>
/// <para>Items carry <c>[Category, Name]</c> as their <see cref="Item.Categories"/>; persons' tastes
/// (<see cref="SyntheticGroundTruth.TasteOf"/>) are weights over topics in <see cref="Index"/> order.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class SyntheticTopic
{
    internal SyntheticTopic(int index, string category, string name, IReadOnlyList<string> vocabulary)
    {
        Index = index;
        Category = category;
        Name = name;
        Vocabulary = vocabulary;
    }

    /// <summary>Gets the topic's position in <see cref="SyntheticWorld.Topics"/> and in taste vectors.</summary>
    public int Index { get; }

    /// <summary>Gets the top-level category, for example <c>sports</c>.</summary>
    public string Category { get; }

    /// <summary>Gets the topic's name, for example <c>running</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the words and phrases the topic's titles, posts and reviews are written with.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Returns <c>category/name</c>.</summary>
    /// <returns>The topic's path.</returns>
    public override string ToString() => Category + "/" + Name;
}
