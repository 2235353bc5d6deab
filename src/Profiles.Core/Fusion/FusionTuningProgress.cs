// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="FusionTuner.TuneAsync"/>.</summary>
/// <param name="Stage">The stage: <c>profiles</c>, <c>enrichment</c>, <c>embedding</c> or <c>grid</c>.</param>
/// <param name="Completed">The units done (settings for <c>grid</c>, persons for <c>enrichment</c>).</param>
/// <param name="Total">The units in the stage.</param>
public readonly record struct FusionTuningProgress(string Stage, int Completed, int Total);
