// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="ProfileFuser"/>: the stage (<c>projection</c>, <c>embedding</c> or <c>fusion</c>) and
/// how much of it is done.</summary>
/// <param name="Stage">The stage: <c>projection</c> (fitting the text projection on item texts), <c>embedding</c>
/// (embedding and projecting the insights) or <c>fusion</c> (the batched descent).</param>
/// <param name="Completed">The units done: items for <c>projection</c>, persons otherwise.</param>
/// <param name="Total">The units in the stage.</param>
public readonly record struct ProfileFuserProgress(string Stage, int Completed, int Total);
