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
        ColdStartKeep = other.ColdStartKeep;
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

    /// <summary>Gets or sets the share chosen by the cold-start splits: of the eligible persons (those with events on two or
    /// more platforms) whose events on one platform <see cref="EvaluationSplit.CrossPlatformColdStart"/> hides, of the users
    /// with more than <see cref="ColdStartKeep"/> items whom <see cref="EvaluationSplit.ColdStartUsers"/> cuts down, and of
    /// the distinct items whose events <see cref="EvaluationSplit.ColdStartItems"/> holds out.</summary>
    /// <value>The default is 0.25. In (0, 1].</value>
    public double ColdStartFraction
    {
        get;
        set => field = Throw.IfGreaterThan(Throw.IfNotPositiveOrNotFinite(value), 1d, nameof(value));
    } = 0.25;

    /// <summary>Gets or sets how many distinct items each chosen user keeps in training under
    /// <see cref="EvaluationSplit.ColdStartUsers"/> (a seeded random choice; the rest are held out).</summary>
    /// <value>The default is 3. At least 1.</value>
    public int ColdStartKeep { get; set => field = Throw.IfLessThan(value, 1); } = 3;

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public virtual EvaluationSplitOptions Clone() => new(this);
}
