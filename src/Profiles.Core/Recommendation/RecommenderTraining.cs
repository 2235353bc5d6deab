// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace Profiles.Core;

/// <summary>What a <see cref="RecommenderRankingSystem"/> gives its recommender factory for one split: the split, the
/// training input (the split's training events only) and the profile model built from it.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed class RecommenderTraining
{
    internal RecommenderTraining(EvaluationSplit split, ProfileBuildInput input, ProfileBuilderOptions builderOptions, ProfileModel model,
        CancellationToken cancellationToken)
    {
        Split = split;
        Input = input;
        BuilderOptions = builderOptions;
        Model = model;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the split being evaluated.</summary>
    public EvaluationSplit Split { get; }

    /// <summary>Gets the training input: the split's training events, the identities, and the catalogue restricted to
    /// the items of those events; <see cref="ProfileBuildInput.AsOf"/> is the last training event's time.</summary>
    public ProfileBuildInput Input { get; }

    /// <summary>Gets the options the model was built with (a copy), for recommenders that build models of their own
    /// (<see cref="HybridTuner"/>).</summary>
    public ProfileBuilderOptions BuilderOptions { get; }

    /// <summary>Gets the profile model built from <see cref="Input"/>.</summary>
    public ProfileModel Model { get; }

    /// <summary>Gets the evaluation's cancellation token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Builds the training input of <paramref name="events"/>: the catalogue restricted to their items, and the time
    /// of the last event as the fading time.</summary>
    internal static ProfileBuildInput InputOf(System.Collections.Generic.IReadOnlyList<InteractionEvent> events, IdentityGraph identities, ItemCatalog catalog)
    {
        var items = new System.Collections.Generic.HashSet<ItemKey>();
        DateTimeOffset last = DateTimeOffset.MinValue;
        for (int i = 0; i < events.Count; i++)
        {
            items.Add(new ItemKey(events[i].Platform, events[i].Item));
            if (events[i].Timestamp > last)
            {
                last = events[i].Timestamp;
            }
        }

        var restricted = new ItemCatalog();
        foreach (Item item in catalog)
        {
            if (items.Contains(new ItemKey(item.Platform, item.Id)))
            {
                restricted.TryAdd(item);
            }
        }

        return new ProfileBuildInput(events, identities, restricted) { AsOf = events.Count == 0 ? DateTimeOffset.UnixEpoch : last };
    }
}
