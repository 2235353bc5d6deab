// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Describes how an <see cref="EvaluationSplit"/> was made and what it holds, for reports.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
public sealed record EvaluationSplitMetadata
{
    /// <summary>Gets the protocol.</summary>
    public required SplitKind Kind { get; init; }

    /// <summary>Gets a one-line description of the protocol and its parameters, for people.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the seed of the split's random choices.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the number of input events.</summary>
    public int Events { get; init; }

    /// <summary>Gets the number of events kept in training.</summary>
    public int TrainEvents { get; init; }

    /// <summary>Gets the number of held-out events.</summary>
    public int TestEvents { get; init; }

    /// <summary>Gets the number of distinct users (non-negative keys) in the input.</summary>
    public int Users { get; init; }

    /// <summary>Gets the number of users with at least one test positive: the users an evaluation scores.</summary>
    public int TestUsers { get; init; }

    /// <summary>Gets the number of (user, item) test positives.</summary>
    public int TestPositives { get; init; }

    /// <summary>Gets the number of held-out (user, item) pairs that are not positives because the user also interacted
    /// with the item in training (a recommender that excludes seen items could never return them).</summary>
    public int HeldOutItemsSeenInTraining { get; init; }

    /// <summary>Gets the number of users whose events all stayed in training (too few items, or not chosen).</summary>
    public int UsersKeptWhole { get; init; }

    /// <summary>Gets the number of users with held-out events but no training event, who are not evaluated (temporal cut only).</summary>
    public int UsersWithoutHistory { get; init; }

    /// <summary>Gets the cut in time of a temporal cut; <see langword="null"/> for the other protocols.</summary>
    public DateTimeOffset? Cut { get; init; }
}
