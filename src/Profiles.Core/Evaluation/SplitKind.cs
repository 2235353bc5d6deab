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
}
