// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Builds <see cref="UserProfile"/>s: all of them in a batch, or one person again from new events without a
/// rebuild.</summary>
/// <remarks><para>Implementations are thread-safe.</para></remarks>
public interface IProfileBuilder
{
    /// <summary>Builds every person's profile and the shared model behind them (the interaction matrix, factors,
    /// segments).</summary>
    /// <param name="input">The events, identities and catalogue.</param>
    /// <param name="progress">Receives progress per stage; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The profiles and the model.</returns>
    Task<ProfileModel> BuildAsync(ProfileBuildInput input, IProgress<ProfileBuildProgress>? progress = null,
        CancellationToken cancellationToken = default);

    /// <summary>Builds one person's profile from all their events (old and new) against a built model, folding the
    /// behaviour vector in from the fixed item factors instead of retraining.</summary>
    /// <param name="model">A model from <see cref="BuildAsync"/>.</param>
    /// <param name="person">The person; may be new to the model.</param>
    /// <param name="events">All of the person's events in the window.</param>
    /// <param name="accounts">The person's accounts.</param>
    /// <returns>The person's profile.</returns>
    UserProfile Update(ProfileModel model, PersonId person, IReadOnlyList<InteractionEvent> events, IReadOnlyList<AccountKey> accounts);
}
