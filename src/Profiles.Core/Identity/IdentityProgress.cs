// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="IIdentityResolver.ResolveAsync"/>: the stage and how far it is.</summary>
/// <param name="Stage">The stage running.</param>
/// <param name="Completed">The units of the stage done (accounts, pairs, blocks or iterations).</param>
/// <param name="Total">The units the stage will do; for <see cref="IdentityStage.EstimatingModel"/>, the iteration limit.</param>
public readonly record struct IdentityProgress(IdentityStage Stage, long Completed, long Total);
