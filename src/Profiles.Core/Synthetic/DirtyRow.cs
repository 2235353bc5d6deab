// Copyright (c) Profiles.Core contributors. Licensed under the MIT License.

namespace Profiles.Core;

/// <summary>A dirty row of <see cref="SyntheticWorld.Events"/>: its index and why it is dirty.</summary>
/// <param name="Index">The row's index in <see cref="SyntheticWorld.Events"/>.</param>
/// <param name="Kind">Why the row is dirty; never <see cref="DirtyRowKind.None"/>.</param>
public readonly record struct DirtyRow(int Index, DirtyRowKind Kind);
