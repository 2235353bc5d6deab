// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Reports how far an evaluation is: the system being scored and its users done.</summary>
/// <remarks><para>This type is immutable and thread-safe.</para></remarks>
/// <param name="System">The name of the system being scored, or "bootstrap" while the intervals are computed.</param>
/// <param name="CompletedUsers">The users scored so far for this system.</param>
/// <param name="TotalUsers">The test users.</param>
public readonly record struct EvaluationProgress(string System, int CompletedUsers, int TotalUsers);
