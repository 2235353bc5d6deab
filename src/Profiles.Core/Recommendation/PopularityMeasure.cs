// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Says what <see cref="PopularityRecommender"/> counts.</summary>
public enum PopularityMeasure
{
    /// <summary>The item's sum of positive, time-faded signal weights over persons (the model's matrix values): a
    /// time-decayed count of likings in which a purchase counts more than a view and recent events more than old ones.</summary>
    DecayedWeight,

    /// <summary>The number of persons with a positive signal for the item.</summary>
    Persons,
}
