// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Describes a recommender: its name and the size of the model it serves.</summary>
/// <remarks><para>This type is immutable and thread-safe. Ask a pipeline for it with
/// <c>recommender.GetService(typeof(RecommenderMetadata))</c>.</para></remarks>
public sealed class RecommenderMetadata
{
    /// <summary>Initializes a new instance of the <see cref="RecommenderMetadata"/> class.</summary>
    /// <param name="name">The recommender's name (for example "ease").</param>
    /// <param name="items">The number of items it can recommend.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="items"/> is negative.</exception>
    public RecommenderMetadata(string name, int items)
    {
        Name = Throw.IfNull(name);
        Items = Throw.IfLessThan(items, 0);
    }

    /// <summary>Gets the recommender's name.</summary>
    public string Name { get; }

    /// <summary>Gets the number of items the recommender can recommend.</summary>
    public int Items { get; }
}
