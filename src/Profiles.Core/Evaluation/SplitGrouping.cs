// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says which groups the stratified random split cuts at its ratio.</summary>
/// <remarks>Microsoft Recommenders' <c>python_stratified_split</c> offers the same choice (<c>filter_by</c>); its published
/// MovieLens figures were made grouping by item.</remarks>
public enum SplitGrouping
{
    /// <summary>Each user's items are shuffled and cut at the ratio, so every user keeps the same share in training.</summary>
    User,

    /// <summary>Each item's users are shuffled and cut at the ratio, so every item keeps the same share in training.</summary>
    Item,
}
