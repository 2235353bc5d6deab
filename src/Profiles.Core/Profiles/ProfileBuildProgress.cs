// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Reports how far a profile build has come.</summary>
/// <param name="Stage">What is being done: <c>matrix</c>, <c>factors</c>, <c>segments</c>, <c>neighbours</c> or <c>profiles</c>.</param>
/// <param name="Completed">Units done in the stage.</param>
/// <param name="Total">Units in the stage.</param>
public readonly record struct ProfileBuildProgress(string Stage, int Completed, int Total);
