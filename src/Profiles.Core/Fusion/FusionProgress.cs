// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="ProfileFusion.FuseBatch"/>: persons done out of the total.</summary>
/// <param name="Completed">The number of persons fused so far.</param>
/// <param name="Total">The number of persons in the call.</param>
public readonly record struct FusionProgress(int Completed, int Total);
