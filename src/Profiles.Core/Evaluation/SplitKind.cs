// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Names the protocol that produced an <see cref="EvaluationSplit"/>.</summary>
public enum SplitKind
{
    /// <summary>Each user's (or each item's) interactions shuffled with a seed and cut at a ratio (<see cref="EvaluationSplit.RandomPerUser"/>).</summary>
    RandomPerUser,

    /// <summary>Each user's last events in time held out (<see cref="EvaluationSplit.LeaveLastN"/>).</summary>
    LeaveLastN,

    /// <summary>One cut in time for everybody (<see cref="EvaluationSplit.TemporalCut"/>).</summary>
    TemporalCut,

    /// <summary>Everything chosen persons did on one platform held out (<see cref="EvaluationSplit.CrossPlatformColdStart"/>).</summary>
    CrossPlatformColdStart,

    /// <summary>Chosen users keep only a few of their items in training (<see cref="EvaluationSplit.ColdStartUsers"/>).</summary>
    ColdStartUsers,

    /// <summary>Every event of chosen items held out, so they are new to the model (<see cref="EvaluationSplit.ColdStartItems"/>).</summary>
    ColdStartItems,
}
