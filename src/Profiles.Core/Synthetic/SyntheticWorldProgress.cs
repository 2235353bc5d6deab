// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>Progress of <see cref="SyntheticWorld.Generate"/>: persons and bots whose accounts and events are done.</summary>
/// <param name="Completed">The number of persons and bots done so far.</param>
/// <param name="Total">The number of persons and bots in the world.</param>
public readonly record struct SyntheticWorldProgress(int Completed, int Total);
