// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Profiles.Core;

/// <summary>A MovieLens dataset loaded in one call by <see cref="MovieLens.LoadAsync"/>: the movies, the ratings and tags
/// as events on <see cref="MovieLens.Platform"/>, and (ML-100K only) the users' demographics.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class MovieLensDataset
{
    internal MovieLensDataset(ItemCatalog movies, IReadOnlyList<InteractionEvent> ratings, IReadOnlyList<InteractionEvent> tags,
        IReadOnlyList<MovieLensUser> users, IngestionReport report)
    {
        Movies = movies;
        Ratings = ratings;
        Tags = tags;
        Users = users;
        Report = report;
    }

    /// <summary>Gets the movies, with their titles and genres as categories.</summary>
    public ItemCatalog Movies { get; }

    /// <summary>Gets the ratings as <see cref="EventKind.Rating"/> events whose value is the stars, in file order.</summary>
    public IReadOnlyList<InteractionEvent> Ratings { get; }

    /// <summary>Gets the tags as <see cref="EventKind.Comment"/> events whose text is the tag, in file order; empty for ML-100K.</summary>
    public IReadOnlyList<InteractionEvent> Tags { get; }

    /// <summary>Gets the users' demographics; empty for ml-latest-small, which has none.</summary>
    public IReadOnlyList<MovieLensUser> Users { get; }

    /// <summary>Gets the report of the event files (ratings and tags): rows read and malformed rows.</summary>
    public IngestionReport Report { get; }
}
