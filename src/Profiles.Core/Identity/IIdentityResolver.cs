// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Profiles.Core;

/// <summary>Resolves accounts from several platforms into persons.</summary>
/// <remarks><para>Implementations are expected to be thread-safe: one instance may resolve several inputs concurrently.</para></remarks>
public interface IIdentityResolver
{
    /// <summary>Links accounts that belong to one person and numbers the persons.</summary>
    /// <param name="accounts">The accounts; each (platform, account) pair at most once.</param>
    /// <param name="progress">Receives the stage and its progress; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The identity graph: account to person, the links with their evidence, and a report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accounts"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="accounts"/> holds a <see langword="null"/> record, an empty platform or account id, or the same account twice.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IdentityGraph> ResolveAsync(
        IEnumerable<AccountRecord> accounts, IProgress<IdentityProgress>? progress = null, CancellationToken cancellationToken = default);
}
