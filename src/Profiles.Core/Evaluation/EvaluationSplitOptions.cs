// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;

namespace Profiles.Core;

/// <summary>Options of the <see cref="EvaluationSplit"/> protocols: the seed, the ratio and each protocol's controls.</summary>
/// <remarks>Options are validated when set. The split methods read them once, so later changes do not affect a split.</remarks>
public class EvaluationSplitOptions
{
    /// <summary>Initializes a new instance of the <see cref="EvaluationSplitOptions"/> class with the defaults.</summary>
    public EvaluationSplitOptions()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EvaluationSplitOptions"/> class as a copy of <paramref name="other"/>.</summary>
    /// <param name="other">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    protected EvaluationSplitOptions(EvaluationSplitOptions other)
    {
        _ = Throw.IfNull(other);
        Seed = other.Seed;
        TrainRatio = other.TrainRatio;
        Grouping = other.Grouping;
        MinimumUserItems = other.MinimumUserItems;
        LeaveLast = other.LeaveLast;
        ColdStartPlatform = other.ColdStartPlatform;
        ColdStartFraction = other.ColdStartFraction;
    }

    /// <summary>Gets or sets the seed of every random choice of a split.</summary>
    /// <value>The default is 42. The same events in the same order with the same seed give the same split on every machine.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the share of each group's interactions kept in training by the random split, and the share of
    /// all events before the cut when <see cref="EvaluationSplit.TemporalCut"/> chooses the cut itself.</summary>
    /// <value>The default is 0.75. In (0, 1).</value>
    public double TrainRatio
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 0.999999, nameof(value));
    } = 0.75;

    /// <summary>Gets or sets which groups the random split cuts at <see cref="TrainRatio"/>.</summary>
    /// <value>The default is <see cref="SplitGrouping.User"/>.</value>
    public SplitGrouping Grouping
    {
        get;
        set => field = value is SplitGrouping.User or SplitGrouping.Item ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown grouping.");
    } = SplitGrouping.User;

    /// <summary>Gets or sets the fewest distinct items a user must have for the random and leave-last-N splits to hold any of
    /// them out; users with fewer are kept whole in training (they still teach the recommender) and are not evaluated.</summary>
    /// <value>The default is 2. At least 1.</value>
    public int MinimumUserItems { get; set => field = Throw.IfLessThan(value, 1); } = 2;

    /// <summary>Gets or sets how many of each user's most recent events <see cref="EvaluationSplit.LeaveLastN"/> holds out.</summary>
    /// <value>The default is 1. At least 1.</value>
    public int LeaveLast { get; set => field = Throw.IfLessThan(value, 1); } = 1;

    /// <summary>Gets or sets the platform the cold-start split hides, or <see langword="null"/> to pick one of each chosen
    /// person's platforms at random.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public PlatformId? ColdStartPlatform { get; set; }

    /// <summary>Gets or sets the share of eligible persons (those with events on two or more platforms) whose events on one
    /// platform the cold-start split hides. The others keep all their events in training, so the hidden platform's items
    /// stay known.</summary>
    /// <value>The default is 0.25. In (0, 1].</value>
    public double ColdStartFraction
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 1d, nameof(value));
    } = 0.25;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EvaluationSplitOptions Clone() => new(this);
}
